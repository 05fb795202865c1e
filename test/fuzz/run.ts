/**
 * `npm run fuzz`: the long run of what `npm test` samples.
 *
 * 1. Every shared fast-check property, with `FUZZ_RUNS` (default 20) times its test runs.
 * 2. Parse time of 1 KiB against 16 KiB on every adversarial shape (more rounds than the test).
 * 3. `FUZZ_MUTATIONS` (default 250 000, at least 100 000 asked of this run) mutations of valid
 *    tokens against every verifier: each must be refused with the library's typed error.
 *
 * `FUZZ_SEED` replays a run (the seed is printed first). Exits 1 on any failed property,
 * super-linear parse, accepted mutation or unexpected error.
 */
import { performance } from 'node:perf_hooks';
import { formatTable, runCampaign, type TargetReport } from './campaign.js';
import { cookieParseProperties } from './properties/cookie-parse.js';
import { cookieSerializeProperties } from './properties/cookie-serialize.js';
import { itsdangerousProperties } from './properties/itsdangerous.js';
import { MAX_RATIO, SCALE, SCALING_CASES, scalingRatio } from './properties/linearity.js';
import type { PropertyCase } from './properties/property.js';
import { SEAL_BACKENDS, sealedProperties } from './properties/sealed.js';
import { seedFromEnv } from './random.js';
import { createTargets } from './targets.js';

function positiveIntegerFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${raw}.`);
  }
  return value;
}

const seed = seedFromEnv();
const mutations = positiveIntegerFromEnv('FUZZ_MUTATIONS', 250_000);
const runsFactor = positiveIntegerFromEnv('FUZZ_RUNS', 20);
const started = performance.now();
let failed = false;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

console.log(`tessera fuzz: seed ${seed} (replay with FUZZ_SEED=${seed} npm run fuzz)`);
console.log(
  `mutations ${mutations}, property runs ×${runsFactor}, seal engines: ${SEAL_BACKENDS.join(', ')}\n`,
);

console.log('== properties ==');
const suites: readonly (readonly [string, readonly PropertyCase[]])[] = [
  ['cookie parsers', cookieParseProperties],
  ['cookie serializers', cookieSerializeProperties],
  ['itsdangerous', itsdangerousProperties],
  ['sealed', sealedProperties],
];
for (const [suite, properties] of suites) {
  for (const property of properties) {
    const runs = property.runs * runsFactor;
    const start = performance.now();
    let outcome = 'ok';
    try {
      property.check(runs, seed);
    } catch (error) {
      failed = true;
      outcome = `FAILED\n${String(error instanceof Error ? error.message : error)}`;
    }
    const ms = (performance.now() - start).toFixed(0).padStart(6);
    console.log(
      `${String(runs).padStart(6)} runs ${ms} ms  ${suite}: ${property.name}  ${outcome}`,
    );
  }
}

console.log(
  `\n== parse time, 1 KiB against ${SCALE} KiB (linear ≈ ${SCALE}, quadratic ≈ ${SCALE ** 2}; limit ${MAX_RATIO}) ==`,
);
const ratios = SCALING_CASES.map((scalingCase) => ({
  name: scalingCase.name,
  ratio: scalingRatio(scalingCase, 1024, 9),
})).sort((a, b) => b.ratio - a.ratio);
const over = ratios.filter(({ ratio }) => ratio >= MAX_RATIO);
if (over.length > 0) failed = true;
const sorted = ratios.map(({ ratio }) => ratio);
console.log(
  `${ratios.length} shapes: median ratio ${sorted[sorted.length >> 1]!.toFixed(1)}, ` +
    `lowest ${sorted.at(-1)!.toFixed(1)}, ${over.length} over the limit; highest:`,
);
for (const { name, ratio } of ratios.slice(0, Math.max(5, over.length))) {
  console.log(`${ratio.toFixed(1).padStart(7)}  ${name}${ratio >= MAX_RATIO ? '  FAILED' : ''}`);
}

console.log('\n== mutations of valid tokens ==');
const { targets, skipped } = await createTargets(seed);
for (const { name, reason } of skipped) console.log(`skipped ${name}: ${reason}`);
const reports: TargetReport[] = await runCampaign(targets, {
  perTarget: Math.ceil(mutations / targets.length),
  seed,
});
console.log(formatTable(reports));
for (const report of reports) {
  if (report.accepted + report.unexpected === 0) continue;
  failed = true;
  console.log(
    `\nFINDINGS in ${report.name} by kind: ${JSON.stringify(Object.fromEntries(report.byKind))}`,
  );
  for (const finding of report.findings) console.log(JSON.stringify(finding));
}

console.log(
  `\n${failed ? 'FAILED' : 'passed'} in ${seconds(performance.now() - started)} (seed ${seed})`,
);
process.exitCode = failed ? 1 : 0;
