/**
 * `npm run bench`: every micro-benchmark suite in one process, so every ratio is taken
 * from figures measured in the same run. `BENCH_ONLY=cookie,seal` picks suites.
 */
const suites: Record<string, () => Promise<unknown>> = {
  cookie: () => import('./cookie.bench.js'),
  sign: () => import('./sign.bench.js'),
  seal: () => import('./seal.bench.js'),
};

const only = process.env['BENCH_ONLY']?.split(',');
console.log(`# Tessera micro-benchmarks (Node ${process.version}, ${new Date().toISOString()})`);
for (const [name, load] of Object.entries(suites)) {
  if (only && !only.includes(name)) continue;
  await load();
}
