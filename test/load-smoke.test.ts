/**
 * The soak of `npm run soak` (test/soak/), a few seconds per store: the demo in a child
 * process under a paced mixed load of logins, reads, counter writes, forged posts and
 * cookie-less requests. Too short to judge the heap; it checks that the flow works and
 * that nothing fails. The stores run side by side, each paced so the suite's other files
 * keep their share of the cores.
 */
import { describe, expect, it } from 'vitest';
import { serviceSkipReason } from '../src/stores/store.contract.js';
import { liveSessions, type EventCounts, type HeapReport } from './soak/protocol.js';
import {
  memoryFailures,
  slopePerMinute,
  soak,
  trafficFailures,
  type SoakResult,
} from './soak/soak.js';
import { DATABASE_URL, REDIS_URL, type StoreName } from './soak/stores.js';

/** Six members (three log in with the form, three with JSON) and two visitors. */
const USERS = 8;
const MEMBERS = 6;

const stores: readonly (readonly [StoreName, string | undefined])[] = [
  ['memory', undefined],
  ['sqlite', undefined],
  ['redis', await serviceSkipReason('Redis', REDIS_URL)],
  ['postgres', await serviceSkipReason('PostgreSQL', DATABASE_URL)],
];

describe.concurrent('a short mixed load on the demo', () => {
  for (const [store, skip] of stores) {
    it.skipIf(skip !== undefined)(
      `logs every user in and out, shows their writes on read and answers no 5xx, with the ${store} store`,
      async ({ expect }) => {
        const result = await soak(store, {
          seconds: 3,
          warmupSeconds: 1,
          users: USERS,
          ratePerSecond: 150,
          sampleSeconds: 1,
        });
        const { warmup, load, leave } = result;
        expect(trafficFailures(result)).toEqual([]);
        expect([...warmup.problems, ...load.problems, ...leave.problems]).toEqual([]);
        // A member's first step is its login, and a step always ends, deadline or not.
        expect(warmup.flow.logins).toBeGreaterThanOrEqual(MEMBERS);
        expect(load.flow.writes).toBeGreaterThan(0);
        expect(load.flow.verifiedReads).toBeGreaterThan(0);
        expect(load.flow.anonymous).toBeGreaterThan(0);
        expect(load.statuses['2xx']).toBeGreaterThan(load.requests / 2);
        expect(leave.flow.logouts).toBe(USERS);
        expect(liveSessions(result.end.events)).toBe(0);
        expect(result.samples.length).toBeGreaterThanOrEqual(2);
      },
    );
  }
});

describe('the soak’s memory verdict', () => {
  const MIB = 1024 * 1024;
  const events: EventCounts = {
    created: 30,
    regenerated: 12,
    destroyed: 30,
    expired: 0,
    rejected: 0,
    storeErrors: 0,
    handlerErrors: 0,
  };
  const heap = (heapUsed: number, live = events): HeapReport => ({
    heapUsed,
    heapTotal: 2 * heapUsed,
    rss: 10 * heapUsed,
    external: 0,
    arrayBuffers: 0,
    events: live,
  });
  const result = (before: number, after: number, end = heap(before)): SoakResult =>
    ({ before: heap(before), after: heap(after), end }) as SoakResult;

  it('passes a heap that ends within before × 1.1 + 2 MiB, and fails one past it', () => {
    expect(memoryFailures(result(20 * MIB, 24 * MIB))).toEqual([]);
    expect(memoryFailures(result(20 * MIB, 24.1 * MIB))).toEqual([
      'heap grew from 20.00 MiB to 24.10 MiB (limit 24.00 MiB)',
    ]);
  });

  it('fails when sessions outlive every user’s logout', () => {
    const end = heap(20 * MIB, { ...events, destroyed: 28 });
    expect(memoryFailures(result(20 * MIB, 20 * MIB, end))).toEqual([
      '2 sessions still alive after every user logged out',
    ]);
  });

  it('fits the heap’s growth per minute over the second half of the samples only', () => {
    const samples = [0, 10, 20, 30, 40, 50, 60].map((atSeconds) => ({
      atSeconds,
      // Flat after a first half that fell: only the second half counts.
      heapUsed: atSeconds < 30 ? 50 * MIB - atSeconds * MIB : 8 * MIB + atSeconds * 1024,
    }));
    expect(slopePerMinute(samples, 60)).toBeCloseTo(60 * 1024);
    expect(slopePerMinute(samples.slice(0, 4), 60)).toBeUndefined();
  });
});
