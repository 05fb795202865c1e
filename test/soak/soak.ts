/**
 * One soak of the demo on one store: the demo in a child process, virtual users on a
 * keep-alive client in this one, and the child's heap measured after forced full
 * collections: after a warm-up (before), every few seconds under load (samples), when the
 * load stops (after), and once every user has logged out (end).
 *
 * The comparison is fair because the users are a fixed pool: each holds at most one
 * session, logouts destroy theirs, and cookie-less requests start none, so the sessions
 * alive at "before" and "after" are as many (both are reported). What a store may hold
 * beyond them is bounded: IDs retired by logins live 5 s (`regenerateGrace`), and in the
 * memory store until its sweep (every 60 s) — at the workload's login rate, well under the
 * absolute slack of {@link heapLimit}.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startDemoChild, type DemoChild } from './child.js';
import { HttpClient } from './http-client.js';
import { liveSessions, type HeapReport } from './protocol.js';
import { LoadStats, type LoadSummary } from './stats.js';
import { prepareStore, type StoreName } from './stores.js';
import { VirtualUser } from './virtual-user.js';

/** How long and how hard to soak. */
export interface SoakOptions {
  /** Seconds of measured load. */
  readonly seconds: number;
  /** Seconds of load before the first measurement: code gets compiled, pools fill. */
  readonly warmupSeconds: number;
  /** Virtual users, each with one request in flight at a time; every fourth is a visitor. */
  readonly users: number;
  /**
   * Requests per second for all users together, each user paced at its share; without it
   * each user sends its next request as soon as the last is answered (closed loop).
   */
  readonly ratePerSecond?: number;
  /** Seconds between heap samples under load. */
  readonly sampleSeconds: number;
  /** The longest a request may wait for its answer. @default 10_000 */
  readonly requestTimeoutMs?: number;
  /** Receives a line per phase, for a long run's progress. */
  readonly progress?: (line: string) => void;
}

/** The child's heap at a moment of the measured load. */
export interface HeapSample {
  readonly atSeconds: number;
  readonly heapUsed: number;
}

/** What one soak measured. */
export interface SoakResult {
  readonly store: StoreName;
  readonly options: SoakOptions;
  readonly warmup: LoadSummary;
  readonly load: LoadSummary;
  /** The logouts that end the run. */
  readonly leave: LoadSummary;
  readonly before: HeapReport;
  readonly after: HeapReport;
  /** Once every user has logged out. */
  readonly end: HeapReport;
  /** Under load: higher than before and after, which have no request in flight. */
  readonly samples: readonly HeapSample[];
  /** Heap growth in bytes per minute, fitted over the samples of the load's second half. */
  readonly slopeBytesPerMinute: number | undefined;
}

/** Relative slack of {@link heapLimit}: V8's own caches and code grow with the heap. */
export const HEAP_SLACK_RATIO = 0.1;
/**
 * Absolute slack of {@link heapLimit}: optimized code and inline caches for paths first
 * taken after the warm-up, and IDs retired by logins awaiting the memory store's sweep
 * (hundreds of records of about 0.5 KB). With a heap of about 8 MiB, a two-minute run at
 * 1 000 requests per second fails a leak of 25 bytes per request or more.
 */
export const HEAP_SLACK_BYTES = 2 * 1024 * 1024;

/** The most heap "after" may use: `before × 1.1 + 2 MiB`. */
export const heapLimit = (before: HeapReport): number =>
  before.heapUsed * (1 + HEAP_SLACK_RATIO) + HEAP_SLACK_BYTES;

/** The least-squares slope of the samples taken in the second half of the load. */
export function slopePerMinute(
  samples: readonly HeapSample[],
  seconds: number,
): number | undefined {
  const half = samples.filter((sample) => sample.atSeconds >= seconds / 2);
  if (half.length < 2) return undefined;
  const meanT = half.reduce((sum, { atSeconds }) => sum + atSeconds, 0) / half.length;
  const meanH = half.reduce((sum, { heapUsed }) => sum + heapUsed, 0) / half.length;
  let covariance = 0;
  let variance = 0;
  for (const { atSeconds, heapUsed } of half) {
    covariance += (atSeconds - meanT) * (heapUsed - meanH);
    variance += (atSeconds - meanT) ** 2;
  }
  return variance === 0 ? undefined : (covariance / variance) * 60;
}

async function runFor(
  users: readonly VirtualUser[],
  seconds: number,
  stats: LoadStats,
  ratePerSecond: number | undefined,
): Promise<void> {
  const until = performance.now() + seconds * 1000;
  const intervalMs = ratePerSecond === undefined ? 0 : (users.length * 1000) / ratePerSecond;
  await Promise.all(users.map((user) => user.run(until, stats, intervalMs)));
}

/** Samples the child's heap every `every` seconds until `until` (a `performance.now()` time). */
async function sampleHeap(
  child: DemoChild,
  every: number,
  started: number,
  until: number,
  samples: HeapSample[],
): Promise<void> {
  for (let next = started + every * 1000; next < until; next += every * 1000) {
    await sleep(next - performance.now());
    const { heapUsed } = await child.heap();
    samples.push({ atSeconds: (performance.now() - started) / 1000, heapUsed });
  }
}

/** Soaks the demo on `store`. Bounded: every phase has a deadline, every request a timeout. */
export async function soak(store: StoreName, options: SoakOptions): Promise<SoakResult> {
  const {
    seconds,
    warmupSeconds,
    users: count,
    sampleSeconds,
    progress = () => undefined,
  } = options;
  const prepared = await prepareStore(store);
  try {
    const child = await startDemoChild({ store: prepared.spec, dataDir: prepared.dataDir });
    const client = new HttpClient(child.url, count, options.requestTimeoutMs ?? 10_000);
    try {
      const users = Array.from(
        { length: count },
        (_, index) => new VirtualUser(client, index % 4 === 3 ? 'visitor' : 'member', index),
      );
      progress(`${store}: demo child ${child.pid} at ${child.url}, warming up ${warmupSeconds} s`);
      const warmupStats = new LoadStats();
      await runFor(users, warmupSeconds, warmupStats, options.ratePerSecond);
      const before = await child.heap();
      progress(
        `${store}: heap before ${mib(before.heapUsed)}, ${liveSessions(before.events)} sessions; load ${seconds} s`,
      );

      const stats = new LoadStats();
      const samples: HeapSample[] = [];
      const started = performance.now();
      const until = started + seconds * 1000;
      const sampling = sampleHeap(child, sampleSeconds, started, until, samples);
      await runFor(users, seconds, stats, options.ratePerSecond);
      const load = stats.summary();
      await sampling;
      const after = await child.heap();

      const leaveStats = new LoadStats();
      await Promise.all(users.map((user) => user.leave(leaveStats)));
      const end = await child.heap();
      progress(`${store}: heap after ${mib(after.heapUsed)}, ${load.requests} requests`);
      return {
        store,
        options,
        warmup: warmupStats.summary(),
        load,
        leave: leaveStats.summary(),
        before,
        after,
        end,
        samples,
        slopeBytesPerMinute: slopePerMinute(samples, seconds),
      };
    } finally {
      client.close();
      await child.stop();
    }
  } finally {
    await prepared.cleanup();
  }
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

/** Why the traffic of `result` fails: 5xx, failed requests, unexpected answers, errors logged. */
export function trafficFailures(result: SoakResult): string[] {
  const found: string[] = [];
  const phases = { 'warm-up': result.warmup, load: result.load, logout: result.leave };
  for (const [phase, { statuses, unexpected }] of Object.entries(phases)) {
    if (statuses['5xx'] > 0) found.push(`${statuses['5xx']} answers 5xx during the ${phase}`);
    if (statuses.errors + statuses.timeouts > 0) {
      found.push(
        `${statuses.errors} failed and ${statuses.timeouts} timed-out requests during the ${phase}`,
      );
    }
    if (unexpected > 0) found.push(`${unexpected} unexpected answers during the ${phase}`);
  }
  const { storeErrors, handlerErrors } = result.end.events;
  if (storeErrors + handlerErrors > 0) {
    found.push(`the demo logged ${storeErrors} store errors and ${handlerErrors} handler errors`);
  }
  return found;
}

/** Why the memory of `result` fails: the heap grew past its limit, or sessions outlived logout. */
export function memoryFailures(result: SoakResult): string[] {
  const found: string[] = [];
  const { before, after, end } = result;
  if (after.heapUsed > heapLimit(before)) {
    found.push(
      `heap grew from ${mib(before.heapUsed)} to ${mib(after.heapUsed)} (limit ${mib(heapLimit(before))})`,
    );
  }
  if (liveSessions(end.events) !== 0) {
    found.push(`${liveSessions(end.events)} sessions still alive after every user logged out`);
  }
  return found;
}

/** Why `result` fails, one line per broken condition; empty when it passes. */
export const failures = (result: SoakResult): string[] => [
  ...trafficFailures(result),
  ...memoryFailures(result),
];
