/**
 * The concurrency and user-index promises of the session layer, proved on every server
 * store rather than on the memory store alone: a store's compare-and-set and user index
 * are what make them hold across processes.
 */
import { describe, expect, it } from 'vitest';
import { createSessionManager, type Session, type SessionStore } from '../../src/session/index.js';
import { storeKeyOf } from '../../src/session/id.js';
import { fakeClock, type FakeClock } from '../../src/stores/store.contract.js';
import { BACKENDS } from './backends.js';
import { cookieIn, type Data, requestWith } from './fixtures.js';

const CLEARED = /^__Host-sid=; Max-Age=0/;

/** A manager over `store`, on the test's clock: one per simulated process. */
const managerOf = (store: SessionStore, clock: FakeClock) =>
  createSessionManager<Data>({ store, now: clock.now });

type Manager = ReturnType<typeof managerOf>;

/** Logs `userId` in from a fresh browser, with `count` at 0; returns the session ID. */
async function logIn(manager: Manager, userId: string, agent = 'TestAgent/1.0'): Promise<string> {
  const session = manager.fromRequest(requestWith(undefined, agent));
  await session.logIn(userId);
  await session.set('count', 0);
  const id = cookieIn((await session.commit()).setCookies);
  if (id === undefined) throw new Error('the login set no session cookie');
  return id;
}

/** `total` requests started together, each on its own session object, round-robin over `managers`. */
function increments(managers: readonly Manager[], id: string, total: number): Promise<unknown> {
  return Promise.all(
    Array.from({ length: total }, async (_, i) => {
      const session = managers[i % managers.length]!.fromRequest(requestWith(id));
      await session.update('count', (n) => (n ?? 0) + 1);
      return session.commit();
    }),
  );
}

/** What a slow request does after loading the session and before it commits. */
const SLOW_REQUESTS: ReadonlyArray<
  [string, (session: Session<Data>, clock: FakeClock) => Promise<void>]
> = [
  ['sets a key', (session) => session.set('name', 'late write')],
  ['increments', (session) => session.update('count', (n) => (n ?? 0) + 1).then(() => undefined)],
  [
    'only reads, then renews after touchInterval',
    async (session, clock) => {
      await session.get('count');
      clock.advance(61_000);
    },
  ],
  ['regenerates its ID', (session) => session.regenerate()],
  ['logs in again', (session) => session.logIn('alice')],
];

describe.each(BACKENDS)('sessions on $name', ({ skip, open }) => {
  const test = it.skipIf(skip !== undefined);
  if (skip !== undefined) test(`(skipped: ${skip})`, () => undefined);

  /** Two processes' managers on one fresh backend, on one fake clock. */
  async function setup() {
    const clock = fakeClock();
    const { store, peer } = await open(clock.now);
    return { clock, store, one: managerOf(store, clock), two: managerOf(peer, clock) };
  }

  describe('concurrent requests on one session', () => {
    test('count every one of 100 concurrent increments', async () => {
      const { one } = await setup();
      const id = await logIn(one, 'alice');
      await increments([one], id, 100);
      expect(await one.fromRequest(requestWith(id)).get('count')).toBe(100);
    });

    test('count every one of 100 concurrent increments from two managers', async () => {
      const { one, two } = await setup();
      const id = await logIn(one, 'alice');
      await increments([one, two], id, 100);
      expect(await two.fromRequest(requestWith(id)).get('count')).toBe(100);
      expect(await one.fromRequest(requestWith(id)).get('count')).toBe(100);
    });

    test("re-apply an update over another manager's write made since the load", async () => {
      const { one, two } = await setup();
      const id = await logIn(one, 'alice');
      const first = one.fromRequest(requestWith(id));
      const second = two.fromRequest(requestWith(id));
      // Both load version N; only the store's compare-and-set can see the second is stale.
      expect(await first.update('count', (n) => (n ?? 0) + 1)).toBe(1);
      expect(await second.update('count', (n) => (n ?? 0) + 1)).toBe(1);
      await first.commit();
      await second.commit();
      expect(await one.fromRequest(requestWith(id)).get('count')).toBe(2);
    });

    test.each([
      ['one manager', false],
      ['two managers', true],
    ])('keep both keys when two requests set different ones (%s)', async (_, separate) => {
      const { one, two } = await setup();
      const id = await logIn(one, 'alice');
      const a = one.fromRequest(requestWith(id));
      const b = (separate ? two : one).fromRequest(requestWith(id));
      await a.set('a', 1);
      await b.set('b', 2);
      await Promise.all([a.commit(), b.commit()]);
      const after = one.fromRequest(requestWith(id));
      expect([await after.get('a'), await after.get('b'), await after.get('count')]).toEqual([
        1, 2, 0,
      ]);
    });

    describe.each([
      ['the same manager', false],
      ['another manager', true],
    ])('stay logged out when logout through %s races a slow request that', (_, separate) => {
      test.each(SLOW_REQUESTS)('%s', async (_, act) => {
        const { clock, store, one, two } = await setup();
        const id = await logIn(one, 'alice');
        const slow = one.fromRequest(requestWith(id));
        await slow.get('count');
        await (separate ? two : one).fromRequest(requestWith(id)).destroy();
        await act(slow, clock);
        const { setCookies } = await slow.commit();
        expect(setCookies).toEqual([expect.stringMatching(CLEARED)]);
        expect(await store.get(storeKeyOf(id))).toBeUndefined();
        expect(await one.listUserSessions('alice')).toEqual([]);
        expect(await two.fromRequest(requestWith(id)).userId()).toBeUndefined();
      });
    });
  });

  describe("a user's sessions", () => {
    test('are listed by every manager, with the current one marked', async () => {
      const { clock, one, two } = await setup();
      await logIn(one, 'alice', 'Laptop');
      clock.advance(10_000);
      const phone = await logIn(two, 'alice', 'Phone');
      await logIn(one, 'bob', 'Other');
      for (const manager of [one, two]) {
        const listed = await manager.listUserSessions(
          'alice',
          manager.fromRequest(requestWith(phone)),
        );
        const seen = listed.map(({ userAgent, current, createdAt, lastSeenAt }) => [
          userAgent,
          current,
          createdAt.getTime() - clock.now(),
          lastSeenAt.getTime() - clock.now(),
        ]);
        expect(seen.sort()).toEqual([
          ['Laptop', false, -10_000, -10_000],
          ['Phone', true, 0, 0],
        ]);
      }
    });

    test('can all be logged out, or all but the current one', async () => {
      const { one, two } = await setup();
      const ids = [
        await logIn(one, 'alice', 'A'),
        await logIn(two, 'alice', 'B'),
        await logIn(one, 'alice', 'C'),
      ];
      const bob = await logIn(two, 'bob');
      const current = two.fromRequest(requestWith(ids[0]));
      expect(await two.destroyUserSessions('alice', { except: current })).toBe(2);
      expect((await one.listUserSessions('alice', current)).map((s) => s.current)).toEqual([true]);
      const users = ids.map((id) => one.fromRequest(requestWith(id)).userId());
      expect(await Promise.all(users)).toEqual(['alice', undefined, undefined]);
      expect(await one.destroyUserSessions('alice')).toBe(1);
      expect(await two.listUserSessions('alice')).toEqual([]);
      expect(await two.fromRequest(requestWith(ids[0])).userId()).toBeUndefined();
      expect(await one.fromRequest(requestWith(bob)).userId()).toBe('bob');
    });

    test('leave out and do not count sessions past their idle deadline', async () => {
      const { clock, one, two } = await setup();
      await logIn(one, 'alice', 'Stale');
      clock.advance(20 * 60_000);
      await logIn(two, 'alice', 'Fresh');
      clock.advance(15 * 60_000);
      expect((await one.listUserSessions('alice')).map((s) => s.userAgent)).toEqual(['Fresh']);
      expect(await two.destroyUserSessions('alice')).toBe(1);
      expect(await one.listUserSessions('alice')).toEqual([]);
    });
  });
});
