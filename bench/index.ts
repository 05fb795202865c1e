/**
 * `npm run bench`: every micro-benchmark suite in one process, so every ratio is taken
 * from figures measured in the same run. `BENCH_ONLY=cookie,seal` picks suites.
 * The heap suite measures in fresh child processes of its own, with `--expose-gc`.
 */
import { spawnSync } from 'node:child_process';

const suites: Record<string, () => Promise<unknown>> = {
  cookie: () => import('./cookie.bench.js'),
  sign: () => import('./sign.bench.js'),
  seal: () => import('./seal.bench.js'),
  store: () => import('./store.bench.js'),
  heap: () => {
    const args = ['--expose-gc', '--import', 'tsx', 'bench/memory-heap.ts'];
    spawnSync(process.execPath, args, { stdio: 'inherit' });
    return Promise.resolve();
  },
};

const only = process.env['BENCH_ONLY']?.split(',');
console.log(`# Tessera micro-benchmarks (Node ${process.version}, ${new Date().toISOString()})`);
for (const [name, load] of Object.entries(suites)) {
  if (only && !only.includes(name)) continue;
  await load();
}
