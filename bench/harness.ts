/**
 * A small interleaved micro-benchmark harness.
 *
 * The machine is shared and noisy, so absolute ops/s drift; what is stable is the ratio
 * between two cases measured in the same round. Each round runs every case once, in a
 * shuffled order, for a fixed time slice; ratios are taken per round and reported as the
 * median across rounds (the method of shared/research/performance.md).
 */
import { randomInt } from 'node:crypto';

/** A synchronous case, or an asynchronous one run with `inFlight` calls outstanding. */
export type BenchCase =
  | { readonly name: string; readonly fn: () => unknown }
  | { readonly name: string; readonly async: () => Promise<unknown>; readonly inFlight?: number };

/** A ratio to report: `ours` against `peer`, with the target the issue sets. */
export interface Target {
  readonly ours: string;
  readonly peer: string;
  /** The minimum acceptable `ours / peer` ratio of ops/s. */
  readonly atLeast: number;
}

export interface SuiteOptions {
  readonly rounds?: number;
  readonly sliceMs?: number;
}

export interface SuiteResult {
  readonly title: string;
  readonly opsPerSecond: ReadonlyMap<string, number>;
  readonly ratios: readonly { target: Target; ratio: number; met: boolean }[];
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// Results go somewhere observable so the optimizer cannot drop the measured calls.
export let sink: unknown;

async function measure(bench: BenchCase, sliceMs: number): Promise<number> {
  const deadline = process.hrtime.bigint() + BigInt(sliceMs) * 1_000_000n;
  const start = process.hrtime.bigint();
  let ops = 0;
  if ('fn' in bench) {
    const fn = bench.fn;
    while (process.hrtime.bigint() < deadline) {
      for (let i = 0; i < 64; i++) sink = fn();
      ops += 64;
    }
  } else {
    const call = bench.async;
    const worker = async (): Promise<void> => {
      while (process.hrtime.bigint() < deadline) {
        sink = await call();
        ops++;
      }
    };
    await Promise.all(Array.from({ length: bench.inFlight ?? 1 }, worker));
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return ops / seconds;
}

/** A copy of `items` in a fresh random order (Fisher–Yates), so no case always runs first. */
export function shuffle<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const formatOps = (ops: number): string =>
  ops >= 1e6
    ? `${(ops / 1e6).toFixed(2)} M`
    : ops >= 1e3
      ? `${(ops / 1e3).toFixed(1)} k`
      : ops.toFixed(0);

/** Runs the cases in interleaved rounds and prints ops/s and the target ratios. */
export async function runSuite(
  title: string,
  cases: readonly BenchCase[],
  targets: readonly Target[],
  options: SuiteOptions = {},
): Promise<SuiteResult> {
  const rounds = options.rounds ?? Number(process.env['BENCH_ROUNDS'] ?? 7);
  const sliceMs = options.sliceMs ?? Number(process.env['BENCH_SLICE_MS'] ?? 150);
  const perRound = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (const bench of cases) await measure(bench, Math.min(sliceMs, 50)); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const bench of shuffle(cases))
      perRound.get(bench.name)!.push(await measure(bench, sliceMs));
  }
  const opsPerSecond = new Map([...perRound].map(([name, ops]) => [name, median(ops)]));
  const ratios = targets.map((target) => {
    const ours = perRound.get(target.ours)!;
    const peer = perRound.get(target.peer)!;
    const ratio = median(ours.map((o, i) => o / peer[i]!));
    return { target, ratio, met: ratio >= target.atLeast };
  });

  console.log(`\n## ${title} (median of ${rounds} interleaved rounds)\n`);
  console.log('| case | ops/s |\n|---|---:|');
  for (const [name, ops] of opsPerSecond) console.log(`| ${name} | ${formatOps(ops)} |`);
  if (ratios.length > 0) {
    console.log('\n| ours vs peer | ratio | target | |\n|---|---:|---:|---|');
    for (const { target, ratio, met } of ratios) {
      console.log(
        `| ${target.ours} vs ${target.peer} | ${ratio.toFixed(2)}× | ≥ ${target.atLeast}× | ${met ? 'met' : 'MISSED'} |`,
      );
    }
  }
  return { title, opsPerSecond, ratios };
}
