import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ConfigError } from '../errors.js';
import { PostgresStore, postgresSchema } from './postgres.js';
import { describeStoreContract, fakeClock, serviceSkipReason } from './store.contract.js';
import { StoreError } from './store.js';

const url = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const skip = await serviceSkipReason('PostgreSQL', url);
const pool = new pg.Pool({ connectionString: url, max: 10 });
afterAll(() => pool.end());

/** A fresh table name per fixture, so no two tests see each other's rows. */
const freshTable = () => `tessera_test_${randomBytes(6).toString('hex')}`;
/** A fresh table for one specific test, dropped when it ends, passed or not. */
const tableForTest = () => {
  const table = freshTable();
  onTestFinished(() => drop(table));
  return table;
};
const drop = async (table: string) => {
  await pool.query(`DROP TABLE IF EXISTS "${table}"`);
};

describeStoreContract(
  'PostgresStore',
  () => {
    const clock = fakeClock();
    const table = freshTable();
    const store = new PostgresStore({ pool, table, now: clock.now });
    const corrupt = async (key: string): Promise<void> => {
      await pool.query(`UPDATE "${table}" SET version = 0 WHERE key = $1`, [key]);
    };
    // A closed loopback port: the connection is refused at once.
    const unreachable = new pg.Pool({ port: 1, host: '127.0.0.1', connectionTimeoutMillis: 1000 });
    const fault = () => Promise.resolve(new PostgresStore({ pool: unreachable }));
    const cleanup = async () => {
      await Promise.all([drop(table), unreachable.end()]);
    };
    return Promise.resolve({ store, clock, corrupt, fault, cleanup });
  },
  { skip },
);

describe.skipIf(skip !== undefined)('PostgresStore specifics', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const record = { data: '{}', expiresAt: 5000, lastSeenAt: 0 };
  const COLUMNS = 'data, expires_at, last_seen_at, version';

  it.each([
    ['a table name with a quote', () => postgresSchema('a"b')],
    ['a schema-qualified name', () => new PostgresStore({ pool, table: 'public.t' })],
    ['a table name of 49 characters', () => new PostgresStore({ pool, table: 't'.repeat(49) })],
    ['a fractional sweep interval', () => new PostgresStore({ pool, sweepIntervalMs: 0.5 })],
  ])('refuses %s', (_, build) => {
    expect(build).toThrow(ConfigError);
  });

  it.each([
    ['an expiry past 2^53', 'expires_at = 9007199254740993'],
    ['a last-seen time past 2^53', 'last_seen_at = 9007199254740993'],
  ])('reads a row with %s as missing', async (_, set) => {
    const table = tableForTest();
    const store = new PostgresStore({ pool, table, now: () => 0, sweepIntervalMs: 0 });
    await store.create('k', record);
    await pool.query(`UPDATE "${table}" SET ${set}`);
    expect(await store.get('k')).toBeUndefined();
  });

  it('creates its table once when several instances start together on a new database', async () => {
    const table = tableForTest();
    const pools = Array.from({ length: 3 }, () => new pg.Pool({ connectionString: url, max: 2 }));
    onTestFinished(async () => {
      await Promise.all(pools.map((each) => each.end()));
    });
    const stores = pools.map(
      (each) => new PostgresStore({ pool: each, table, sweepIntervalMs: 0 }),
    );
    const reads = await Promise.allSettled(stores.map((store) => store.get('k')));
    expect(reads.map((read) => read.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
  });

  it('leaves the schema to migrations when createTable is false, and retries a failed start', async () => {
    const table = tableForTest();
    const store = new PostgresStore({ pool, table, createTable: false, sweepIntervalMs: 0 });
    await expect(store.get('k')).rejects.toThrow(StoreError);
    await pool.query(postgresSchema(table));
    await pool.query(postgresSchema(table));
    expect(await store.create('k', record)).toBe(true);

    const query = (text: string, values?: unknown[]) => pool.query(text, values);
    const flaky = { query: vi.fn(query).mockRejectedValueOnce(new Error('down')) };
    const retried = new PostgresStore({ pool: flaky, table, now: () => 0, sweepIntervalMs: 0 });
    await expect(retried.get('k')).rejects.toThrow(StoreError);
    expect(await retried.get('k')).toMatchObject({ data: '{}', version: 1 });
  });

  it('swallows a failed timed sweep instead of leaving an unhandled rejection', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const down = { query: vi.fn(() => Promise.reject(new Error('down'))) };
    const store = new PostgresStore({ pool: down, sweepIntervalMs: 1000 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(down.query).toHaveBeenCalledTimes(2);
    await store.close();
  });

  it('sweeps in batches of 1000 on its own timer until closed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let now = 0;
    const table = tableForTest();
    const spy = { query: vi.fn((text: string, values?: unknown[]) => pool.query(text, values)) };
    const store = new PostgresStore({ pool: spy, table, now: () => now, sweepIntervalMs: 1000 });
    await store.create('first', record);
    const rows = Array.from({ length: 2499 }, (_, i) => `('k${i}', '{}', 0, 0, 1)`).join(',');
    await pool.query(`INSERT INTO "${table}" (key, ${COLUMNS}) VALUES ${rows}`);
    now = 5000;
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(async () => {
      const { rows: count } = await pool.query(`SELECT count(*)::int AS n FROM "${table}"`);
      expect(count).toEqual([{ n: 0 }]);
    });
    const sweeps = spy.query.mock.calls.filter(([text]) => text.includes('SKIP LOCKED'));
    expect(sweeps).toHaveLength(3);
    await store.close();
    spy.query.mockClear();
    await vi.advanceTimersByTimeAsync(5000);
    expect(spy.query).not.toHaveBeenCalled();
  });
});
