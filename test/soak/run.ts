/**
 * `npm run soak`: a steady mixed load on the demo, one store after the other, on loopback;
 * prints the traffic, flow and memory tables and exits 1 when a store fails (a 5xx, a
 * failed request, an unexpected answer, a session left alive, or a heap that grew past
 * `before × 1.1 + 2 MiB`). Bounded: it stops by itself after about
 * (SOAK_WARMUP + SOAK_SECONDS + ~10) seconds per store.
 *
 * Knobs: SOAK_SECONDS (measured seconds per store, default 120), SOAK_WARMUP (default 15),
 * SOAK_STORES (default memory,sqlite,redis,postgres), SOAK_USERS (virtual users, default
 * 24), SOAK_RATE (requests per second for all users together; default: closed loop, each user
 * sends its next request when the last is answered), SOAK_SAMPLE_SECONDS (heap sampling,
 * default 10), REDIS_URL and DATABASE_URL (the
 * services; absent ones are skipped unless TESSERA_REQUIRE_SERVICES=1), SOAK_REDIS_DB
 * (the Redis database the demo uses, default 11).
 */
import { report } from './report.js';
import { failures, soak, type SoakResult } from './soak.js';
import { reachable } from '../../src/stores/__fixtures__/reachable.js';
import { STORE_NAMES, isStoreName, serviceOf, type StoreName } from './stores.js';

function whole(name: string, fallback: number, max: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be a whole number from 1 to ${max}`);
  }
  return value;
}

function storesToRun(): StoreName[] {
  const names = (process.env['SOAK_STORES'] ?? STORE_NAMES.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !isStoreName(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(
      `SOAK_STORES must list some of ${STORE_NAMES.join(', ')}; got ${unknown.join(', ')}`,
    );
  }
  return names as StoreName[];
}

const seconds = whole('SOAK_SECONDS', 120, 3600);
const warmupSeconds = whole('SOAK_WARMUP', 15, 600);
const users = whole('SOAK_USERS', 24, 256);
const sampleSeconds = whole('SOAK_SAMPLE_SECONDS', 10, 600);
const rate = process.env['SOAK_RATE'] === undefined ? undefined : whole('SOAK_RATE', 1, 100_000);
const requireServices = process.env['TESSERA_REQUIRE_SERVICES'] === '1';
const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

console.log(`# Tessera soak (Node ${process.version}, ${new Date().toISOString()})\n`);
console.log(
  `The demo in a child process (node --expose-gc), ${users} virtual users on keep-alive ` +
    `connections (every fourth an anonymous visitor), ` +
    (rate === undefined ? 'closed loop' : `paced at ${rate} req/s`) +
    `, ${warmupSeconds} s warm-up + ${seconds} s ` +
    `measured per store, heap sampled every ${sampleSeconds} s.\n`,
);

const results: SoakResult[] = [];
const skipped: string[] = [];
let failed = false;
for (const store of storesToRun()) {
  const service = serviceOf(store);
  if (service !== undefined && !(await reachable(service[1]))) {
    const { hostname, port } = new URL(service[1]);
    const reason = `${store}: ${service[0]} is not reachable at ${hostname}:${port}`;
    if (requireServices) {
      skipped.push(`FAIL ${reason}, and TESSERA_REQUIRE_SERVICES=1`);
      failed = true;
    } else skipped.push(`skipped ${reason}`);
    continue;
  }
  try {
    const result = await soak(store, {
      seconds,
      warmupSeconds,
      users,
      sampleSeconds,
      progress,
      ...(rate !== undefined && { ratePerSecond: rate }),
    });
    results.push(result);
    if (failures(result).length > 0) failed = true;
  } catch (error) {
    skipped.push(`FAIL ${store}: ${error instanceof Error ? error.message : String(error)}`);
    failed = true;
  }
}

if (results.length > 0) console.log(report(results));
if (skipped.length > 0) console.log(`\n${skipped.join('\n')}`);
console.log(`\n${failed ? 'FAIL' : 'PASS'}`);
process.exitCode = failed ? 1 : 0;
