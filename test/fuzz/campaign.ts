/**
 * Runs mutations of each target's tokens through its verifier and counts the outcomes. Any
 * accepted mutation or unexpected error is a finding, kept with what is needed to replay it.
 */
import { performance } from 'node:perf_hooks';
import { type MutationKind, mutationsOf } from './mutate.js';
import { createRng } from './random.js';
import type { FuzzTarget } from './targets.js';

/** A mutation the verifier should have refused with its typed error, and did not. */
export interface Finding {
  readonly target: string;
  readonly kind: MutationKind;
  readonly verdict: 'accepted' | 'unexpected';
  readonly original: string;
  readonly mutated: string;
  readonly detail?: string;
}

/** The outcome of one target's campaign. */
export interface TargetReport {
  readonly name: string;
  /** Distinct mutations tried, each different from its token. */
  tried: number;
  rejected: number;
  accepted: number;
  unexpected: number;
  /** Candidates that carry the token unchanged by their transport's rules (not mutations). */
  equivalent: number;
  ms: number;
  /** The first few findings, to print and replay. */
  readonly findings: Finding[];
  /** Accepted or unexpected mutations per kind. */
  readonly byKind: Map<MutationKind, number>;
}

const KEPT_FINDINGS = 5;

/**
 * Tries `perTarget` distinct mutations against each target, shared out evenly among its tokens,
 * each token's other tokens serving as splice donors. Targets get independent generators
 * derived from `seed`, so one target's results replay alone.
 */
export async function runCampaign(
  targets: readonly FuzzTarget[],
  options: { readonly perTarget: number; readonly seed: number },
): Promise<TargetReport[]> {
  const reports: TargetReport[] = [];
  for (const [index, target] of targets.entries()) {
    const rng = createRng(options.seed + index * 0x9e3779b9);
    const report: TargetReport = {
      name: target.name,
      tried: 0,
      rejected: 0,
      accepted: 0,
      unexpected: 0,
      equivalent: 0,
      ms: 0,
      findings: [],
      byKind: new Map(),
    };
    const share = Math.ceil(options.perTarget / target.tokens.length);
    const started = performance.now();
    for (const token of target.tokens) {
      const donors = target.tokens.filter((other) => other !== token);
      let tried = 0;
      for (const { kind, value } of mutationsOf(token, { rng, donors })) {
        if (tried === share) break;
        if (target.equivalent?.(value, token) === true) {
          report.equivalent++;
          continue;
        }
        tried++;
        report.tried++;
        const verdict = await target.verify(value);
        if (verdict === 'rejected') {
          report.rejected++;
          continue;
        }
        const outcome = verdict === 'accepted' ? 'accepted' : 'unexpected';
        report[outcome]++;
        report.byKind.set(kind, (report.byKind.get(kind) ?? 0) + 1);
        if (report.findings.length < KEPT_FINDINGS) {
          report.findings.push({
            target: target.name,
            kind,
            verdict: outcome,
            original: token,
            mutated: value,
            ...(typeof verdict === 'object' ? { detail: verdict.unexpected } : {}),
          });
        }
      }
    }
    report.ms = performance.now() - started;
    reports.push(report);
  }
  return reports;
}

/** The reports as a fixed-width table, one row per target and a total. */
export function formatTable(reports: readonly TargetReport[]): string {
  const header = [
    'target',
    'tried',
    'rejected',
    'accepted',
    'unexpected',
    'equivalent',
    'ms',
    'per s',
  ];
  const sum = (pick: (report: TargetReport) => number): number =>
    reports.reduce((total, report) => total + pick(report), 0);
  const rows = reports.map((report) => [
    report.name,
    String(report.tried),
    String(report.rejected),
    String(report.accepted),
    String(report.unexpected),
    String(report.equivalent),
    report.ms.toFixed(0),
    ((report.tried * 1000) / Math.max(report.ms, 1)).toFixed(0),
  ]);
  const totalMs = sum((report) => report.ms);
  rows.push([
    'total',
    String(sum((report) => report.tried)),
    String(sum((report) => report.rejected)),
    String(sum((report) => report.accepted)),
    String(sum((report) => report.unexpected)),
    String(sum((report) => report.equivalent)),
    totalMs.toFixed(0),
    ((sum((report) => report.tried) * 1000) / Math.max(totalMs, 1)).toFixed(0),
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((cells) => cells[i]!.length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ');
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.slice(0, -1).map(line), rule, line(rows.at(-1)!)].join('\n');
}
