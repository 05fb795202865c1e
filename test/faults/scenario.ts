/**
 * One fault under load: the users run, the fault starts after a while and ends a while
 * later, the users run on, and then each user's final count is read and checked against
 * what it was told. The figures are printed as one line and returned for the assertions.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { storeKeyOf } from '../../src/session/id.js';
import { Gate, runLoad, send, VirtualUser, type Sample } from './load.js';
import type { ServerProcess } from './server-process.js';

/** What a fault may do with the load while it starts: hold every user for a moment. */
export interface LoadControl {
  /** Runs `action` while no user has a request in flight, and lets them go on afterwards. */
  readonly whileHeld: (action: () => Promise<void>) => Promise<void>;
  /** Sends one increment as a user outside the figures, and resolves with its status. */
  readonly probe: () => Promise<Sample['outcome']>;
}

/** A fault the test can start and end: a server stopped and started, a file made read-only… */
export interface Fault {
  /** Starts the fault; resolves once it holds (the server is down, the file is read-only). */
  readonly inject: (load: LoadControl) => Promise<void>;
  /** Ends it; resolves once the store could serve again (the server accepts connections). */
  readonly remove: () => Promise<void>;
}

/** What reads do while the fault holds: fail (the server is down), or go on (a lock). */
export type ReadsDuringFault = 'fail' | 'succeed' | 'either';

export interface ScenarioOptions {
  /** The store, as the figures name it. */
  readonly store: string;
  readonly server: ServerProcess;
  readonly fault: Fault;
  /** How long the fault holds, in milliseconds. @default 3000 */
  readonly faultMs?: number;
}

/** The service must answer 200 again this soon after the store is back. */
export const RECOVERY_LIMIT_MS = 5000;
const USERS = 12;
const BEFORE_MS = 2000;
/** Long enough after the fault to see recovery and then a steady state. */
const AFTER_MS = RECOVERY_LIMIT_MS + 1500;

export interface Figures {
  readonly store: string;
  readonly requests: number;
  readonly ok: number;
  readonly unavailable: number;
  /** Every other outcome, by status or error: 500s, timeouts, resets. */
  readonly other: Readonly<Record<string, number>>;
  /** From the start of the fault until the store was back, in milliseconds. */
  readonly outageMs: number;
  /** From the store being back to the first acknowledged increment, or `undefined`. */
  readonly recoverMs: number | undefined;
  readonly slowestMs: number;
  /** Outcomes of the requests that started once the fault held and ended before it was lifted. */
  readonly duringFault: Readonly<Record<Sample['kind'], Readonly<Record<string, number>>>>;
  /** The slowest read that started while the fault held. */
  readonly slowestReadDuringFaultMs: number;
  /** Outcomes other than 200 of requests that started {@link RECOVERY_LIMIT_MS} after the fault. */
  readonly failedAfterRecovery: number;
  readonly acknowledged: number;
  /** Acknowledged increments missing from the final counts. */
  readonly lost: number;
  /** Increments answered 503 that were applied all the same (the write landed, its reply did not). */
  readonly appliedDespite503: number;
  /** Applied increments that no acknowledged or failed write can explain. */
  readonly unexplained: number;
  /** Counts that went backwards, session IDs that changed, session cookies deleted. */
  readonly backwards: number;
  readonly sessionSwaps: number;
  readonly cookieCleared: number;
  /** `running`, or how the server process ended, and how many errors it reported. */
  readonly serverState: string;
  readonly unexpectedErrors: number;
}

const tally = (outcomes: Sample['outcome'][]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[String(outcome)] = (counts[String(outcome)] ?? 0) + 1;
  return counts;
};

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
const slowest = (samples: Sample[]): number =>
  Math.round(Math.max(0, ...samples.map((sample) => sample.end - sample.start)));

/** The user's counter once the load is over; retried, as the store may still be settling. */
async function finalCount(base: string, user: VirtualUser): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { outcome, count } = await send(base, user, 'read', 10_000);
    if (outcome === 200 && typeof count === 'number') return count;
    await sleep(100);
  }
  throw new Error(`user ${user.id} could not read its counter after the load`);
}

async function readFailedWrites(base: string): Promise<Record<string, number>> {
  const response = await fetch(`${base}/failed-writes`);
  return (await response.json()) as Record<string, number>;
}

/** Compares each user's final count with the increments it was told were applied. */
async function checkWrites(server: ServerProcess, users: VirtualUser[]) {
  const failedWrites = await readFailedWrites(server.url);
  let [acknowledged, lost, appliedDespite503, unexplained] = [0, 0, 0, 0];
  for (const user of users) {
    if (user.sessionId === undefined) continue;
    const final = await finalCount(server.url, user);
    // Each rejected write of this session may have been applied before its reply was lost.
    const ambiguous = failedWrites[storeKeyOf(user.sessionId)] ?? 0;
    const count = user.acknowledged.length;
    acknowledged += count;
    lost += Math.max(0, count - final);
    appliedDespite503 += Math.min(Math.max(0, final - count), ambiguous);
    unexplained += Math.max(0, final - count - ambiguous);
  }
  return { acknowledged, lost, appliedDespite503, unexplained };
}

/** Runs the load with the fault in the middle, prints the figures and returns them. */
export async function runScenario(options: ScenarioOptions): Promise<Figures> {
  const { server, fault, faultMs = 3000 } = options;
  const origin = performance.now();
  const clock = (): number => performance.now() - origin;
  const stop = new AbortController();
  const gate = new Gate();
  const load = runLoad({ base: server.url, users: USERS, clock, stop: stop.signal, gate });
  // A server that died has nothing left to show: stop waiting for it.
  const wait = (ms: number) => Promise.race([sleep(ms), server.exited]);
  const control: LoadControl = {
    whileHeld: async (action) => {
      await gate.close();
      try {
        await action();
      } finally {
        gate.open();
      }
    },
    probe: async () => (await send(server.url, new VirtualUser(-1), 'increment', 10_000)).outcome,
  };
  let timeline: { faultStart: number; holding: number; lifting: number; back: number };
  try {
    await wait(BEFORE_MS);
    const faultStart = clock();
    await fault.inject(control);
    const holding = clock();
    await wait(faultMs);
    const lifting = clock();
    await fault.remove();
    timeline = { faultStart, holding, lifting, back: clock() };
    await wait(AFTER_MS);
  } finally {
    stop.abort();
    gate.open();
  }
  const { samples, users } = await load;
  const { faultStart, holding, lifting, back } = timeline;

  const writes = server.alive
    ? await checkWrites(server, users)
    : { acknowledged: 0, lost: 0, appliedDespite503: 0, unexplained: 0 };
  const { 200: ok = 0, 503: unavailable = 0, ...other } = tally(samples.map((s) => s.outcome));
  const during = samples.filter((sample) => sample.start >= holding && sample.end <= lifting);
  const recovered = samples
    .filter((s) => s.kind === 'increment' && s.start >= back && s.outcome === 200)
    .reduce((first, sample) => Math.min(first, sample.end), Infinity);
  const figures: Figures = {
    store: options.store,
    requests: samples.length,
    ok,
    unavailable,
    other,
    outageMs: Math.round(back - faultStart),
    recoverMs: Number.isFinite(recovered) ? Math.round(recovered - back) : undefined,
    slowestMs: slowest(samples),
    duringFault: {
      increment: tally(during.filter((s) => s.kind === 'increment').map((s) => s.outcome)),
      read: tally(during.filter((s) => s.kind === 'read').map((s) => s.outcome)),
    },
    slowestReadDuringFaultMs: slowest(
      samples.filter((s) => s.kind === 'read' && s.start >= holding && s.start < lifting),
    ),
    failedAfterRecovery: samples.filter(
      (sample) => sample.start >= back + RECOVERY_LIMIT_MS && sample.outcome !== 200,
    ).length,
    ...writes,
    backwards: sum(users.map((user) => user.backwards)),
    sessionSwaps: sum(users.map((user) => user.sessionSwaps)),
    cookieCleared: sum(users.map((user) => user.cookieCleared)),
    serverState: server.state,
    unexpectedErrors: server.stderr.length,
  };
  console.log(figuresLine(figures));
  if (server.stderr.length > 0) console.log(server.stderr.slice(0, 20).join('\n'));
  return figures;
}

/** The figures as one line, for the test log and the closing note. */
export function figuresLine(f: Figures): string {
  const other = Object.entries(f.other).map(([outcome, n]) => `${outcome}:${n}`);
  return [
    `FAULT ${f.store}`,
    `requests ${f.requests}`,
    `200 ${f.ok}`,
    `503 ${f.unavailable}`,
    `other ${other.join(',') || 0}`,
    // A server that died cut the fault short: its length says nothing then.
    f.serverState === 'running' ? `outage ${f.outageMs} ms` : 'outage cut short',
    `recovered in ${f.recoverMs ?? 'never'} ms`,
    `slowest ${f.slowestMs} ms`,
    `acknowledged writes ${f.acknowledged}`,
    `lost ${f.lost}`,
    `applied despite 503 ${f.appliedDespite503}`,
    `server ${f.serverState}`,
  ].join(' | ');
}

/**
 * What every fault must come to: the server process still runs with nothing to report, no
 * answer but 200 or 503 and none slower than the store's timeout allows, writes refused
 * while the fault held, service back by itself within {@link RECOVERY_LIMIT_MS}, nothing
 * acknowledged lost, no session silently replaced.
 */
export function expectWithstood(
  f: Figures,
  expected: { readonly reads: ReadsDuringFault; readonly storeTimeoutMs: number },
): void {
  expect(f.serverState, 'the server process').toBe('running');
  expect(f.unexpectedErrors, 'errors the server reported').toBe(0);
  expect(f.other, 'answers other than 200 and 503').toEqual({});
  expect(f.slowestMs, 'the slowest answer').toBeLessThan(expected.storeTimeoutMs + 1000);
  expect(Object.keys(f.duringFault.increment), 'increments while the fault held').toEqual(['503']);
  if (expected.reads !== 'either' && Object.keys(f.duringFault.read).length > 0) {
    const status = expected.reads === 'fail' ? '503' : '200';
    expect(Object.keys(f.duringFault.read), 'reads while the fault held').toEqual([status]);
  }
  if (expected.reads === 'succeed') {
    expect(f.slowestReadDuringFaultMs, 'the slowest read while the fault held').toBeLessThan(1000);
  }
  expect(f.recoverMs, 'time to the first 200 after the fault').toBeLessThan(RECOVERY_LIMIT_MS);
  expect(f.failedAfterRecovery, 'failures once recovered').toBe(0);
  expect(f.acknowledged, 'acknowledged writes').toBeGreaterThan(0);
  expect(
    {
      lost: f.lost,
      unexplained: f.unexplained,
      backwards: f.backwards,
      sessionSwaps: f.sessionSwaps,
      cookieCleared: f.cookieCleared,
    },
    'acknowledged writes and sessions',
  ).toEqual({ lost: 0, unexplained: 0, backwards: 0, sessionSwaps: 0, cookieCleared: 0 });
}
