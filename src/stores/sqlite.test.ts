import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../errors.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite.js';
import { describeStoreContract, fakeClock } from './store.contract.js';
import { StoreError } from './store.js';

const corruptRow = (db: Database.Database, table: string, key: string, set: string) => {
  db.prepare(`UPDATE "${table}" SET ${set} WHERE key = ?`).run(key);
  return Promise.resolve();
};

describeStoreContract('SqliteStore (:memory: database)', () => {
  const clock = fakeClock();
  const db = new Database(':memory:');
  const store = new SqliteStore({ database: db, now: clock.now });
  const closed = new Database(':memory:');
  closed.close();
  return Promise.resolve({
    store,
    clock,
    corrupt: (key: string) =>
      corruptRow(db, 'tessera_sessions', key, `data = X'00', version = 'x'`),
    fault: () => Promise.resolve(new SqliteStore({ database: closed })),
    cleanup: () => {
      db.close();
      return Promise.resolve();
    },
  });
});

describeStoreContract('SqliteStore (file held alone, the default)', () => {
  const clock = fakeClock();
  const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-'));
  const store = new SqliteStore({ path: join(dir, 'sessions.db'), now: clock.now });
  const cleanup = async (): Promise<void> => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return Promise.resolve({ store, clock, cleanup });
});

describeStoreContract('SqliteStore (file shared with other connections)', () => {
  const clock = fakeClock();
  const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-'));
  const path = join(dir, 'sessions.db');
  const store = new SqliteStore({ path, table: 'Sessions_2', now: clock.now, shared: true });
  const corrupt = async (key: string): Promise<void> => {
    const db = new Database(path);
    await corruptRow(db, 'Sessions_2', key, `last_seen_at = 'yesterday'`);
    db.close();
  };
  const readOnly: Database.Database[] = [];
  const fault = (): Promise<SqliteStore> => {
    new Database(join(dir, 'empty.db')).close();
    readOnly.push(new Database(join(dir, 'empty.db'), { readonly: true }));
    return Promise.resolve(new SqliteStore({ database: readOnly[readOnly.length - 1]! }));
  };
  const cleanup = (): Promise<void> => {
    for (const db of readOnly) db.close();
    rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  };
  return Promise.resolve({ store, clock, corrupt, fault, cleanup });
});

describe('SqliteStore specifics', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const record = { data: '{}', expiresAt: 5000, lastSeenAt: 0, userId: 'u' };

  it.each([
    ['a table name with a quote', { table: 'a"b' }],
    ['a table name starting with a digit', { table: '1t' }],
    ['a table name of 49 characters', { table: 't'.repeat(49) }],
    ['a negative sweep interval', { sweepIntervalMs: -1 }],
    ['a shared flag that is not a boolean', { shared: 'yes' as unknown as boolean }],
  ])('refuses %s', (_, options) => {
    expect(() => new SqliteStore({ path: ':memory:', ...options })).toThrow(ConfigError);
  });

  it.each<[string, SqliteStoreOptions]>([
    ['neither path nor database', {}],
    ['both path and database', { path: ':memory:', database: new Database(':memory:') }],
  ])('refuses %s', (_, options) => {
    expect(() => new SqliteStore(options)).toThrow(ConfigError);
  });

  it.each([
    ['binary data', `data = X'00'`],
    ['a text expiry', `expires_at = 'soon'`],
    ['a real last-seen time', 'last_seen_at = 0.5'],
    ['version 0', 'version = 0'],
    ['a binary user id', `user_id = X'75'`],
  ])('reads a row with %s as missing', async (_, set) => {
    const db = new Database(':memory:');
    const store = new SqliteStore({ database: db, now: () => 0, sweepIntervalMs: 0 });
    await store.create('k', record);
    await corruptRow(db, 'tessera_sessions', 'k', set);
    expect(await store.get('k')).toBeUndefined();
    db.close();
  });

  it('turns SQLITE_BUSY from a locked file into a StoreError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-'));
    const locker = new Database(join(dir, 's.db'));
    locker.exec('BEGIN IMMEDIATE');
    const db = new Database(join(dir, 's.db'), { timeout: 10 });
    const error: unknown = await new SqliteStore({ database: db })
      .get('k')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).cause).toMatchObject({ code: 'SQLITE_BUSY' });
    locker.close();
    db.close();
    rmSync(dir, { recursive: true });
  });

  it('uses WAL on a file it opens, holds it alone, and closes only that file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-'));
    const path = join(dir, 's.db');
    const store = new SqliteStore({ path, sweepIntervalMs: 0 });
    await store.create('k', { data: '{}', expiresAt: Date.now() + 60_000, lastSeenAt: 0 });
    const other = new Database(path, { timeout: 0 });
    expect(() => other.prepare('SELECT 1 FROM tessera_sessions').get()).toThrow(/locked|busy/i);
    // Exclusive from the start: SQLite keeps the WAL index in memory, no `-shm` is mapped.
    expect(existsSync(`${path}-shm`)).toBe(false);
    await store.close();
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
    other.close();
    await expect(store.get('k')).rejects.toThrow(StoreError);
    rmSync(dir, { recursive: true });
  });

  it('shares the file with other connections when asked to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-'));
    const path = join(dir, 's.db');
    const store = new SqliteStore({ path, sweepIntervalMs: 0, shared: true });
    await store.create('k', { data: '{}', expiresAt: Date.now() + 60_000, lastSeenAt: 0 });
    const other = new Database(path, { timeout: 0 });
    expect(other.prepare('SELECT count(*) AS n FROM tessera_sessions').get()).toEqual({ n: 1 });
    other.close();
    await store.close();
    rmSync(dir, { recursive: true });
  });

  it('sweeps in batches on its own timer until closed', async () => {
    vi.useFakeTimers();
    let now = 0;
    const db = new Database(':memory:');
    const store = new SqliteStore({ database: db, now: () => now, sweepIntervalMs: 1000 });
    for (let i = 0; i < 2500; i++) await store.create(`k${i}`, record);
    now = 5000;
    vi.advanceTimersByTime(1000);
    expect(db.prepare('SELECT count(*) AS n FROM tessera_sessions').get()).toEqual({ n: 0 });
    await store.create('late', record);
    await store.close();
    now = 9000;
    vi.advanceTimersByTime(5000);
    expect(db.prepare('SELECT count(*) AS n FROM tessera_sessions').get()).toEqual({ n: 1 });
    db.close();
  });

  it('swallows a failed timed sweep instead of leaving an unhandled rejection', async () => {
    vi.useFakeTimers();
    const db = new Database(':memory:');
    const store = new SqliteStore({ database: db, sweepIntervalMs: 1000 });
    db.close();
    vi.advanceTimersByTime(3000);
    await expect(store.sweep()).rejects.toThrow(StoreError);
    await store.close();
  });
});
