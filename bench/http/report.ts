/**
 * The Markdown report: per stack, medians over rounds of req/s, p99 and server CPU per
 * request, and the CPU it adds over its bare framework, taken per round (both measured in
 * the same round) and then as a median, as shared/research/performance.md §5 does.
 */
import type { Stack } from './stacks.js';

/** What one stack measured in one round. */
export interface Sample {
  readonly reqPerSecond: number;
  readonly p99Ms: number;
  readonly cpuUsPerRequest: number;
  /** Server CPU time over wall time of the measured load, 1 = one core. */
  readonly serverCpuShare: number;
  /** CPU time of every other process on the machine over wall time, 1 = one core. */
  readonly foreignCpuShare: number;
  readonly failures: number;
  readonly counterProblem: string | undefined;
}

/** Each round maps a stack id to its sample. */
export type Rounds = readonly ReadonlyMap<string, Sample>[];

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const samplesOf = (rounds: Rounds, id: string): Sample[] =>
  rounds.flatMap((round) => round.get(id) ?? []);

/** The median over rounds of `id`'s CPU per request minus `bare`'s, both from one round. */
export function addedUs(rounds: Rounds, id: string, bare: string): number | undefined {
  const deltas = rounds.flatMap((round) => {
    const ours = round.get(id);
    const base = round.get(bare);
    return ours === undefined || base === undefined
      ? []
      : [ours.cpuUsPerRequest - base.cpuUsPerRequest];
  });
  return deltas.length === 0 ? undefined : median(deltas);
}

const fixed = (value: number | undefined, digits: number): string =>
  value === undefined ? '–' : value.toFixed(digits);
const signed = (value: number | undefined): string =>
  value === undefined ? '–' : `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;

function checks(samples: readonly Sample[]): string {
  const failures = samples.reduce((sum, sample) => sum + sample.failures, 0);
  const problem = samples.find((sample) => sample.counterProblem !== undefined)?.counterProblem;
  if (problem !== undefined) return `**counter: ${problem}**`;
  return failures === 0 ? 'ok' : `**${failures} failed**`;
}

/** The results table, one row per stack that produced a sample. */
export function resultsTable(stacks: readonly Stack[], rounds: Rounds): string {
  const lines = [
    '| id | stack | req/s | p99 ms | server CPU µs/req | added µs/req vs bare | server CPU | foreign CPU | checks |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const stack of stacks) {
    const samples = samplesOf(rounds, stack.id);
    if (samples.length === 0) continue;
    const pick = (
      key: 'reqPerSecond' | 'p99Ms' | 'cpuUsPerRequest' | 'serverCpuShare' | 'foreignCpuShare',
    ) => median(samples.map((sample) => sample[key]));
    const added = stack.bare === undefined ? undefined : addedUs(rounds, stack.id, stack.bare);
    lines.push(
      `| ${stack.id} | ${stack.label} | ${fixed(pick('reqPerSecond'), 0)} | ${fixed(pick('p99Ms'), 2)} | ` +
        `${fixed(pick('cpuUsPerRequest'), 1)} | ${stack.bare === undefined ? '–' : `${signed(added)} (${stack.bare})`} | ` +
        `${fixed(pick('serverCpuShare') * 100, 0)}% | ${fixed(pick('foreignCpuShare') * 100, 0)}% | ${checks(samples)} |`,
    );
  }
  return lines.join('\n');
}

/** The target table: each Tessera stack's added CPU against its limit and its reference. */
export function targetsTable(stacks: readonly Stack[], rounds: Rounds): string {
  const lines = [
    '| id | added µs/req | target | reference | reference added µs/req | verdict |',
    '|---|---:|---:|---|---:|---|',
  ];
  for (const stack of stacks) {
    const { target, bare } = stack;
    if (target === undefined || bare === undefined) continue;
    const ours = addedUs(rounds, stack.id, bare);
    const reference = addedUs(rounds, target.reference, bare);
    const verdict =
      ours === undefined ? 'not measured' : ours <= target.maxAddedUs ? 'met' : '**missed**';
    lines.push(
      `| ${stack.id} | ${signed(ours)} | ≤ +${target.maxAddedUs} | ${target.reference} | ${signed(reference)} | ${verdict} |`,
    );
  }
  return lines.join('\n');
}
