/** The soak's figures as plain-text tables (Markdown pipes, so they paste into a report). */
import { liveSessions } from './protocol.js';
import { failures, heapLimit, type SoakResult } from './soak.js';

const MIB = 1024 * 1024;

const mib = (bytes: number): string => (bytes / MIB).toFixed(2);
const signedMib = (bytes: number): string => `${bytes >= 0 ? '+' : ''}${mib(bytes)}`;
const fixed = (value: number, digits = 1): string => value.toFixed(digits);

/** A table with a header row; every column but the first is right-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    `| ${cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join(' | ')} |`;
  const rule = widths.map((width, column) =>
    column === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`,
  );
  return [line(header), `|${rule.join('|')}|`, ...rows.map(line)].join('\n');
}

/** Requests, throughput, latency percentiles and answers by status class, per store. */
export function trafficTable(results: readonly SoakResult[]): string {
  return table(
    [
      'store',
      'requests',
      'req/s',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'max ms',
      '2xx',
      '3xx',
      '4xx',
      '5xx',
      'errors',
      'timeouts',
      'unexpected',
    ],
    results.map(({ store, load }) => [
      store,
      String(load.requests),
      fixed(load.requests / load.seconds, 0),
      fixed(load.latency.p50, 2),
      fixed(load.latency.p90, 2),
      fixed(load.latency.p99, 2),
      fixed(load.latency.max, 1),
      String(load.statuses['2xx']),
      String(load.statuses['3xx']),
      String(load.statuses['4xx']),
      String(load.statuses['5xx']),
      String(load.statuses.errors),
      String(load.statuses.timeouts),
      String(load.unexpected),
    ]),
  );
}

/** What the mixed flow did and checked, per store. */
export function flowTable(results: readonly SoakResult[]): string {
  return table(
    [
      'store',
      'logins',
      'wrong passwords',
      'logouts',
      'counter writes',
      'verified reads',
      'forgeries refused',
      'cookie-less',
    ],
    results.map(({ store, load: { flow } }) => [
      store,
      String(flow.logins),
      String(flow.refusedLogins),
      String(flow.logouts),
      String(flow.writes),
      String(flow.verifiedReads),
      String(flow.refusedForgeries),
      String(flow.anonymous),
    ]),
  );
}

/** The child's heap (MiB, after forced GC) before and after the load, and the verdict. */
export function memoryTable(results: readonly SoakResult[]): string {
  return table(
    [
      'store',
      'heap before',
      'heap after',
      'change',
      'limit',
      'slope KiB/min',
      'rss before',
      'rss after',
      'sessions before/after/end',
      'result',
    ],
    results.map((result) => {
      const { store, before, after, end, slopeBytesPerMinute: slope } = result;
      return [
        store,
        mib(before.heapUsed),
        mib(after.heapUsed),
        signedMib(after.heapUsed - before.heapUsed),
        mib(heapLimit(before)),
        slope === undefined ? 'n/a' : fixed(slope / 1024),
        mib(before.rss),
        mib(after.rss),
        [before, after, end].map((report) => liveSessions(report.events)).join(' / '),
        failures(result).length === 0 ? 'pass' : 'FAIL',
      ];
    }),
  );
}

/** Every table, and each failure and problem under them. */
export function report(results: readonly SoakResult[]): string {
  const lines = [
    'Traffic (measured phase; latencies from the client, loopback):',
    trafficTable(results),
    '',
    'Mixed flow (counts of checked steps):',
    flowTable(results),
    '',
    'Memory of the demo process (MiB after forced full GC; limit = before × 1.1 + 2 MiB):',
    memoryTable(results),
    '',
    'Heap under load (MiB at seconds into the measured phase; requests in flight hold some):',
    ...results.map(({ store, samples, before, after }) => {
      const under = samples.map(
        ({ atSeconds, heapUsed }) => `${mib(heapUsed)}@${fixed(atSeconds, 0)}`,
      );
      return `  ${store}: before ${mib(before.heapUsed)}, ${under.join(' ')}, after ${mib(after.heapUsed)}`;
    }),
  ];
  for (const result of results) {
    const found = failures(result);
    const problems = [...result.warmup.problems, ...result.load.problems, ...result.leave.problems];
    if (found.length === 0 && problems.length === 0) continue;
    lines.push('', `${result.store}:`, ...found.map((line) => `  FAIL ${line}`));
    lines.push(...problems.map((line) => `  first problems: ${line}`));
  }
  return lines.join('\n');
}
