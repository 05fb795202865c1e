/**
 * The conformance suite every session store runs, after hono's `runTest({ newRouter })`
 * and tower-sessions' one test macro for every store: scs copied its tests into each store
 * and they drifted. A store's own test file only calls {@link describeStoreContract}.
 */
import { describe, expect, it } from 'vitest';
import { reachable } from './__fixtures__/reachable.js';
import { StoreError, type SessionRecord, type SessionStore } from './store.js';

/** A clock the tests move by hand, passed to a store as its `now` option. */
export interface FakeClock {
  readonly now: () => number;
  readonly advance: (ms: number) => void;
}

/** A clock that starts at `start` (milliseconds since the epoch) and moves only when told. */
export function fakeClock(start = Date.UTC(2030, 0, 1)): FakeClock {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

/** One fresh, empty store for one test, with the hooks that reach behind it. */
export interface StoreFixture {
  readonly store: SessionStore;
  /** The clock the store was given as `now`. */
  readonly clock: FakeClock;
  /** Writes a malformed record under `key` straight into the backend, keeping its user. */
  readonly corrupt?: (key: string) => Promise<void>;
  /** A store whose backend is unreachable or broken. */
  readonly fault?: () => Promise<SessionStore>;
  /** Drops whatever the fixture created (tables, keys, files, connections). */
  readonly cleanup: () => Promise<void>;
}

/** How to run the suite. */
export interface ContractOptions {
  /** Why the backend is unavailable; the suite is then skipped with this reason in its name. */
  readonly skip?: string | undefined;
}

const HOUR = 3_600_000;

/**
 * Resolves to `undefined` when something listens at `url`'s host and port, else to the
 * reason to skip. With `TESSERA_REQUIRE_SERVICES=1` (CI) an absent service throws instead.
 */
export async function serviceSkipReason(name: string, url: string): Promise<string | undefined> {
  if (await reachable(url)) return undefined;
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  const reason = `${name} is not reachable at ${host}:${port}`;
  if (process.env['TESSERA_REQUIRE_SERVICES'] === '1') {
    throw new Error(`${reason}, and TESSERA_REQUIRE_SERVICES=1`);
  }
  console.warn(`Skipping the ${name} tests: ${reason}.`);
  return reason;
}

/** Runs the store contract of `store.ts` against fresh stores made by `setup`. */
export function describeStoreContract(
  name: string,
  setup: () => Promise<StoreFixture>,
  options: ContractOptions = {},
): void {
  const title = options.skip === undefined ? name : `${name} (skipped: ${options.skip})`;

  async function using(body: (fixture: StoreFixture) => Promise<void>): Promise<void> {
    const fixture = await setup();
    try {
      await body(fixture);
    } finally {
      await fixture.store.close();
      await fixture.cleanup();
    }
  }

  const record = (clock: FakeClock, fields: Partial<SessionRecord> = {}): SessionRecord => ({
    data: '{"n":0}',
    expiresAt: clock.now() + HOUR,
    lastSeenAt: clock.now(),
    ...fields,
  });

  describe.skipIf(options.skip !== undefined)(title, () => {
    describe('get and create', () => {
      it('reads a key never written as undefined', () =>
        using(async ({ store }) => {
          expect(await store.get('never')).toBeUndefined();
        }));

      it.each([
        ['with a user', 'alice'],
        ['without a user', undefined],
      ])('creates a record %s as version 1 and reads it back as written', (_, userId) =>
        using(async ({ store, clock }) => {
          const written = record(clock, { data: '{"cart":[1,2]}', userId });
          expect(await store.create('k', written)).toBe(true);
          const read = await store.get('k');
          expect(read).toEqual({ ...written, version: 1 });
          expect(read?.userId).toBe(userId);
        }),
      );

      it('refuses to create over a live record and leaves it unchanged', () =>
        using(async ({ store, clock }) => {
          await store.create('k', record(clock, { data: '"first"' }));
          expect(await store.create('k', record(clock, { data: '"second"' }))).toBe(false);
          expect((await store.get('k'))?.data).toBe('"first"');
        }));

      it('creates over an expired record as a fresh version 1', () =>
        using(async ({ store, clock }) => {
          const old = record(clock, { data: '"old"', expiresAt: clock.now() + 10 });
          await store.create('k', old);
          await store.update('k', old, 1);
          clock.advance(10);
          expect(await store.create('k', record(clock, { data: '"new"' }))).toBe(true);
          expect(await store.get('k')).toMatchObject({ data: '"new"', version: 1 });
        }));
    });

    describe('update (compare-and-set)', () => {
      it('stores the record as version + 1 when the version matches', () =>
        using(async ({ store, clock }) => {
          await store.create('k', record(clock));
          const next = record(clock, { data: '{"n":1}', userId: 'u' });
          expect(await store.update('k', next, 1)).toEqual({ status: 'updated', version: 2 });
          expect(await store.update('k', next, 2)).toEqual({ status: 'updated', version: 3 });
          expect(await store.get('k')).toEqual({ ...next, version: 3 });
        }));

      it('reports a stale version as a conflict and changes nothing', () =>
        using(async ({ store, clock }) => {
          const first = record(clock);
          await store.create('k', first);
          await store.update('k', first, 1);
          const stale = record(clock, { data: '"stale"' });
          expect(await store.update('k', stale, 1)).toEqual({ status: 'conflict' });
          expect(await store.get('k')).toEqual({ ...first, version: 2 });
        }));

      it('never inserts: a missing key stays missing', () =>
        using(async ({ store, clock }) => {
          expect(await store.update('k', record(clock), 1)).toEqual({ status: 'missing' });
          expect(await store.get('k')).toBeUndefined();
        }));

      it('lets 100 concurrent read-update-retry loops add 1 each, ending at exactly 100', () =>
        using(async ({ store, clock }) => {
          await store.create('counter', record(clock));
          let conflicts = 0;
          const increment = async (): Promise<void> => {
            for (;;) {
              const current = await store.get('counter');
              if (!current) throw new Error('the counter vanished');
              const { n } = JSON.parse(current.data) as { n: number };
              const data = JSON.stringify({ n: n + 1 });
              const result = await store.update('counter', { ...current, data }, current.version);
              if (result.status === 'updated') return;
              expect(result.status).toBe('conflict');
              conflicts++;
            }
          };
          await Promise.all(Array.from({ length: 100 }, increment));
          const final = await store.get('counter');
          expect(final?.data).toBe('{"n":100}');
          expect(final?.version).toBe(101);
          expect(conflicts).toBeGreaterThan(0);
        }));
    });

    describe('touch', () => {
      it('moves expiry and last-seen time, keeping data, user and version', () =>
        using(async ({ store, clock }) => {
          const first = record(clock, { userId: 'u', expiresAt: clock.now() + 1000 });
          await store.create('k', first);
          clock.advance(900);
          expect(await store.touch('k', clock.now() + 1000, clock.now())).toBe(true);
          clock.advance(900);
          const touched = { ...first, expiresAt: clock.now() + 100, lastSeenAt: clock.now() - 900 };
          expect(await store.get('k')).toEqual({ ...touched, version: 1 });
          expect((await store.listByUser('u')).map(({ key }) => key)).toEqual(['k']);
        }));

      it('does not make a write based on the version read before it conflict', () =>
        using(async ({ store, clock }) => {
          await store.create('k', record(clock));
          const read = await store.get('k');
          await store.touch('k', clock.now() + 2 * HOUR, clock.now());
          const result = await store.update(
            'k',
            record(clock, { data: '"x"' }),
            read?.version ?? 0,
          );
          expect(result).toEqual({ status: 'updated', version: 2 });
        }));

      it('returns false for a missing key and inserts nothing', () =>
        using(async ({ store, clock }) => {
          expect(await store.touch('k', clock.now() + HOUR, clock.now())).toBe(false);
          expect(await store.get('k')).toBeUndefined();
        }));
    });

    describe('destroy', () => {
      it('is idempotent', () =>
        using(async ({ store, clock }) => {
          await store.destroy('never');
          await store.create('k', record(clock));
          await store.destroy('k');
          await store.destroy('k');
          expect(await store.get('k')).toBeUndefined();
        }));

      it('wins over a later update or touch: nothing brings the record back', () =>
        using(async ({ store, clock }) => {
          await store.create('k', record(clock, { userId: 'u' }));
          await store.destroy('k');
          expect(await store.update('k', record(clock, { userId: 'u' }), 1)).toEqual({
            status: 'missing',
          });
          expect(await store.touch('k', clock.now() + HOUR, clock.now())).toBe(false);
          expect(await store.get('k')).toBeUndefined();
          expect(await store.listByUser('u')).toEqual([]);
        }));
    });

    describe('expiry (expiresAt <= now is expired)', () => {
      const expiring = async ({ store, clock }: StoreFixture): Promise<void> => {
        await store.create('k', record(clock, { userId: 'u', expiresAt: clock.now() + 10_000 }));
        clock.advance(9_999);
        expect(await store.get('k')).toBeDefined();
        clock.advance(1);
      };

      it.each([
        ['get gives undefined', ({ store }: StoreFixture) => store.get('k'), undefined],
        [
          'update gives missing',
          ({ store, clock }: StoreFixture) => store.update('k', record(clock), 1),
          { status: 'missing' },
        ],
        [
          'touch gives false',
          ({ store, clock }: StoreFixture) => store.touch('k', clock.now() + HOUR, clock.now()),
          false,
        ],
        ['listByUser leaves it out', ({ store }: StoreFixture) => store.listByUser('u'), []],
        [
          'destroyByUser does not count it',
          ({ store }: StoreFixture) => store.destroyByUser('u'),
          0,
        ],
      ])('%s', (_, act, expected) =>
        using(async (fixture) => {
          await expiring(fixture);
          expect(await act(fixture)).toEqual(expected);
          expect(await fixture.store.get('k')).toBeUndefined();
        }),
      );

      it('sweep deletes expired records only and returns how many', () =>
        using(async ({ store, clock }) => {
          // Seconds, not milliseconds: a store's native TTL runs on the real clock, and must
          // not delete the records before the sweep does on a slow run.
          await store.create('a', record(clock, { expiresAt: clock.now() + 10_000, userId: 'u' }));
          await store.create('b', record(clock, { expiresAt: clock.now() + 20_000 }));
          await store.create('live', record(clock, { userId: 'u' }));
          expect(await store.sweep()).toBe(0);
          clock.advance(20_000);
          expect(await store.sweep()).toBe(2);
          expect(await store.sweep()).toBe(0);
          expect(await store.get('live')).toBeDefined();
          clock.advance(-20_000);
          expect(await store.get('a')).toBeUndefined();
          expect((await store.listByUser('u')).map(({ key }) => key)).toEqual(['live']);
        }));
    });

    describe('user index', () => {
      const seed = async ({ store, clock }: StoreFixture): Promise<void> => {
        await store.create('a1', record(clock, { userId: 'alice' }));
        await store.create('a2', record(clock, { userId: 'alice', data: '"phone"' }));
        await store.create('b1', record(clock, { userId: 'bob' }));
        await store.create('anon', record(clock));
      };
      const keysOf = async (store: SessionStore, userId: string): Promise<string[]> =>
        (await store.listByUser(userId)).map(({ key }) => key).sort();

      it('lists the live records of one user, and only them', () =>
        using(async (fixture) => {
          await seed(fixture);
          const listed = await fixture.store.listByUser('alice');
          expect(listed.map(({ key }) => key).sort()).toEqual(['a1', 'a2']);
          expect(listed.find(({ key }) => key === 'a2')?.record).toMatchObject({
            data: '"phone"',
            userId: 'alice',
            version: 1,
          });
          expect(await fixture.store.listByUser('nobody')).toEqual([]);
        }));

      it('destroys every record of one user and returns how many', () =>
        using(async (fixture) => {
          await seed(fixture);
          expect(await fixture.store.destroyByUser('alice')).toBe(2);
          expect(await keysOf(fixture.store, 'alice')).toEqual([]);
          expect(await fixture.store.get('a1')).toBeUndefined();
          expect(await keysOf(fixture.store, 'bob')).toEqual(['b1']);
          expect(await fixture.store.get('anon')).toBeDefined();
          expect(await fixture.store.destroyByUser('alice')).toBe(0);
        }));

      it('keeps exceptKey when destroying the others ("log out my other devices")', () =>
        using(async (fixture) => {
          await seed(fixture);
          expect(await fixture.store.destroyByUser('alice', 'a2')).toBe(1);
          expect(await keysOf(fixture.store, 'alice')).toEqual(['a2']);
          expect(await fixture.store.destroyByUser('bob', 'a2')).toBe(1);
          expect(await fixture.store.get('a2')).toBeDefined();
        }));

      it('moves a record whose userId changes on update to its new user', () =>
        using(async (fixture) => {
          const { store, clock } = fixture;
          await seed(fixture);
          await store.update('a1', record(clock, { userId: 'bob' }), 1);
          expect(await keysOf(store, 'alice')).toEqual(['a2']);
          expect(await keysOf(store, 'bob')).toEqual(['a1', 'b1']);
          expect(await store.destroyByUser('alice')).toBe(1);
          expect(await store.get('a1')).toBeDefined();
          await store.update('a1', record(clock), 2);
          expect(await keysOf(store, 'bob')).toEqual(['b1']);
        }));

      it('keeps up with a user who has many sessions', () =>
        using(async ({ store, clock }) => {
          const keys = Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, '0')}`);
          for (const key of keys) await store.create(key, record(clock, { userId: 'many' }));
          await store.destroy('k05');
          expect(await keysOf(store, 'many')).toEqual(keys.filter((key) => key !== 'k05'));
          expect(await store.destroyByUser('many', 'k07')).toBe(18);
          expect(await keysOf(store, 'many')).toEqual(['k07']);
        }));

      it('drops a destroyed record from its user', () =>
        using(async (fixture) => {
          await seed(fixture);
          await fixture.store.destroy('a1');
          expect(await keysOf(fixture.store, 'alice')).toEqual(['a2']);
        }));

      it('lets a key that was destroyed be created again for another user', () =>
        using(async (fixture) => {
          const { store, clock } = fixture;
          await seed(fixture);
          await store.destroy('a1');
          await store.create('a1', record(clock, { userId: 'bob' }));
          expect(await keysOf(store, 'alice')).toEqual(['a2']);
          expect(await keysOf(store, 'bob')).toEqual(['a1', 'b1']);
          expect(await store.destroyByUser('alice')).toBe(1);
          expect(await store.get('a1')).toBeDefined();
        }));
    });

    describe('malformed records', () => {
      it('reads as missing, is left out of its user, and can be destroyed', ({ skip }) =>
        using(async ({ store, clock, corrupt }) => {
          if (!corrupt) return skip('this store has no way to write a malformed record');
          await store.create('bad', record(clock, { userId: 'u' }));
          await store.create('good', record(clock, { userId: 'u' }));
          await corrupt('bad');
          expect(await store.get('bad')).toBeUndefined();
          expect((await store.listByUser('u')).map(({ key }) => key)).toEqual(['good']);
          await store.destroy('bad');
          expect(await store.create('bad', record(clock))).toBe(true);
          expect(await store.get('bad')).toBeDefined();
        }));
    });

    describe('backend faults', () => {
      const calls: Array<[string, (store: SessionStore) => Promise<unknown>]> = [
        ['get', (store) => store.get('k')],
        ['create', (store) => store.create('k', record(fakeClock()))],
        ['update', (store) => store.update('k', record(fakeClock()), 1)],
        ['touch', (store) => store.touch('k', Date.now() + HOUR, Date.now())],
        ['destroy', (store) => store.destroy('k')],
        ['listByUser', (store) => store.listByUser('u')],
        ['destroyByUser', (store) => store.destroyByUser('u', 'k')],
        ['sweep', (store) => store.sweep()],
      ];

      it.for(calls)(
        '%s rejects at once with a StoreError carrying the cause',
        ([, call], { skip }) =>
          using(async ({ fault }) => {
            if (!fault) return skip('this store has no backend that can fail');
            const broken = await fault();
            try {
              const hung = new Promise<never>((_, reject) => {
                setTimeout(() => {
                  reject(new Error('the call hung'));
                }, 5000).unref();
              });
              const error: unknown = await Promise.race([call(broken), hung]).then(
                () => new Error('the call succeeded'),
                (reason: unknown) => reason,
              );
              expect(error).toBeInstanceOf(StoreError);
              expect((error as StoreError).code).toBe('ERR_STORE');
              expect((error as StoreError).cause).toBeDefined();
            } finally {
              await broken.close();
            }
          }),
      );
    });

    describe('keys, users and data', () => {
      const odd = ['__proto__', 'constructor', 'a:b', '{x}', '}{', '*', 'a b', 'ключ-🔑', "'; --"];

      it.each(odd)('treats %j as just a key and just a user id', (odd) =>
        using(async ({ store, clock }) => {
          const written = record(clock, { userId: odd });
          expect(await store.create(odd, written)).toBe(true);
          expect(await store.get(odd)).toEqual({ ...written, version: 1 });
          expect(await store.update(odd, written, 1)).toEqual({ status: 'updated', version: 2 });
          expect(await store.listByUser(odd)).toEqual([
            { key: odd, record: { ...written, version: 2 } },
          ]);
          expect(await store.get('other')).toBeUndefined();
          expect(await store.destroyByUser(odd)).toBe(1);
          expect(await store.get(odd)).toBeUndefined();
        }),
      );

      it.each([
        ['empty', ''],
        ['unicode', JSON.stringify({ s: 'héllo wörld ✓ 日本語 🍪 e\u0301 \u2028' })],
        ['escapes', JSON.stringify({ s: 'quote " backslash \\ newline \n tab \t nul \u0000' })],
        ['64 KiB', JSON.stringify({ s: 'x'.repeat(64 * 1024 - 8) })],
      ])('returns %s data exactly as written', (_, data) =>
        using(async ({ store, clock }) => {
          await store.create('k', record(clock, { data }));
          expect((await store.get('k'))?.data).toBe(data);
          await store.update('k', record(clock, { data: `${data} ` }), 1);
          expect((await store.get('k'))?.data).toBe(`${data} `);
        }),
      );
    });

    describe('close', () => {
      it('is idempotent', () =>
        using(async ({ store }) => {
          await store.close();
          await store.close();
        }));
    });
  });
}
