/**
 * `npm run bench:http:split`: where Tessera's cost on Express goes. One server process hosts
 * every app of servers/express-split.ts; the driver loads them in turn, in slices of
 * SPLIT_SLICE seconds (default 1.5), SPLIT_SLICES times (default 12) in a fresh random order
 * each time, and takes each slice's server CPU per request from /proc. An app's added cost is
 * the median over slices of its figure minus bare Express's in the same pass, so drift of the
 * shared machine, which moves both, cancels. Loopback only, bounded, stops its server by PID.
 */
import { shuffle } from '../harness.js';
import { load } from './load.js';
import { cpuSeconds, pinClient, startServer } from './proc.js';

/** A positive number from the environment, or `fallback`. */
function positive(name: string, fallback: number, max: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new Error(`${name} must be a number above 0 and at most ${max}`);
  }
  return value;
}

const slices = Math.round(positive('SPLIT_SLICES', 12, 100));
const sliceSeconds = positive('SPLIT_SLICE', 1.5, 30);

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

pinClient();
const server = await startServer('express-split', [], process.env);
try {
  const apps = Object.keys(server.ports);
  const urlOf = (app: string): string => `http://127.0.0.1:${server.ports[app]!}/`;
  const sessionApp = (app: string): boolean => app !== 'bare' && app !== 'middleware';
  for (const app of apps) await load(urlOf(app), 1, false);
  const perSlice = new Map(apps.map((app) => [app, [] as number[]]));
  for (let slice = 0; slice < slices; slice++) {
    for (const app of shuffle(apps)) {
      const before = cpuSeconds(server.pid);
      const result = await load(urlOf(app), sliceSeconds, sessionApp(app));
      if (result.failures > 0 || result.counterProblem !== undefined) {
        throw new Error(`${app}: ${result.failures} failures, ${result.counterProblem ?? 'ok'}`);
      }
      perSlice.get(app)!.push(((cpuSeconds(server.pid) - before) / result.requests) * 1e6);
    }
    process.stderr.write(`slice ${slice + 1}/${slices} done\n`);
  }
  const bare = perSlice.get('bare')!;
  console.log('\n| app | server CPU µs/req | added over bare, median | added, quartiles |');
  console.log('|---|---:|---:|---|');
  for (const app of apps) {
    const added = perSlice.get(app)!.map((value, i) => value - bare[i]!);
    const sorted = [...added].sort((a, b) => a - b);
    const quartile = (q: number): string => sorted[Math.floor(q * (sorted.length - 1))]!.toFixed(1);
    console.log(
      `| ${app} | ${median(perSlice.get(app)!).toFixed(1)} | ${app === 'bare' ? '–' : `+${median(added).toFixed(1)}`} | ${app === 'bare' ? '–' : `${quartile(0.25)} … ${quartile(0.75)}`} |`,
    );
  }
} finally {
  await server.stop();
}
