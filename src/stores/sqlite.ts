import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { ConfigError } from '../errors.js';
import {
  StoreError,
  type SessionRecord,
  type SessionStore,
  type StoreOptions,
  type StoredRecord,
  type UpdateResult,
} from './store.js';

/**
 * How long a call on a file the store opened retries while the database is locked. SQLite's
 * own busy timeout waits inside the call and so stops the whole event loop, every request
 * with it, for as long as another connection holds the lock.
 */
const LOCK_TIMEOUT_MS = 5000;

const isBusy = (error: unknown): boolean =>
  error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY');

/** Options of {@link SqliteStore}: give either `path` or `database`. */
export interface SqliteStoreOptions extends StoreOptions {
  /**
   * A database file, opened on first use in WAL mode (readers never block the writer) and
   * closed by {@link SqliteStore.close}. While another connection holds the write lock, a
   * call retries for up to 5 s, waiting between attempts rather than inside SQLite, so the
   * other requests of the process go on meanwhile.
   */
  readonly path?: string;
  /**
   * Whether other connections use the file while this store does: other processes, or
   * other stores in this one. By default the store holds the file alone, in WAL mode with
   * `locking_mode=EXCLUSIVE`: faster, and SQLite keeps its WAL index in heap memory, so a
   * file that becomes read-only (or a file system remounted read-only) answers 503s. With
   * `true`, the WAL index is the `-shm` file mapped into memory that other connections
   * share; SQLite then dies with SIGBUS, which no JavaScript can catch, when that file stops
   * being writable (https://sqlite.org/wal.html#noshm, https://sqlite.org/walformat.html).
   * Only with `path`.
   * @default false
   */
  readonly shared?: boolean;
  /** An open better-sqlite3 database, used as it is configured and never closed here. */
  readonly database?: Database.Database;
  /**
   * The table, created on first use with indexes on `expires_at` and `user_id`. A plain
   * SQL identifier of at most 48 characters, checked here and then quoted.
   * @default 'tessera_sessions'
   */
  readonly table?: string;
  /**
   * How often expired rows are deleted, in milliseconds; `0` turns the timer off. Reads
   * check expiry themselves, the sweep only gives the space back (SS-08).
   * @default 300_000
   */
  readonly sweepIntervalMs?: number;
}

type Row = Record<'data' | 'expires_at' | 'last_seen_at' | 'user_id' | 'version', unknown>;
type Statement<P extends unknown[], R = unknown> = Database.Statement<P, R>;
type Key = string;
interface Statements {
  get: Statement<[Key, number], Row>;
  create: Statement<[Key, string, number, number, string | null, number]>;
  update: Statement<[string, number, number, string | null, Key, number, number]>;
  touch: Statement<[number, number, Key, number]>;
  destroy: Statement<[Key]>;
  list: Statement<[string, number], Row & { key: Key }>;
  destroyUser: Statement<[string, Key | null, number]>;
  sweep: Statement<[number]>;
}

const COLUMNS = 'data, expires_at, last_seen_at, user_id, version';
const SWEEP_BATCH = 1000;

/**
 * Sessions in SQLite through better-sqlite3: the embedded default, one file, no server.
 * Writes are compare-and-set on a `version` column; only `create` inserts.
 */
export class SqliteStore implements SessionStore {
  readonly #table: string;
  readonly #now: () => number;
  /** Set when this store opens the file, and so closes it. */
  readonly #path: string | undefined;
  readonly #shared: boolean;
  /** The database, or its path until first use. */
  #db: Database.Database | string;
  #sql: Statements | undefined;
  #closed = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: SqliteStoreOptions) {
    const { table = 'tessera_sessions', now = Date.now, sweepIntervalMs = 300_000 } = options;
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,47}$/.test(table)) {
      throw new ConfigError('table must be an SQL identifier of at most 48 characters');
    }
    if (!Number.isSafeInteger(sweepIntervalMs) || sweepIntervalMs < 0) {
      throw new ConfigError('sweepIntervalMs must be a whole number of milliseconds, 0 or more');
    }
    this.#table = table;
    this.#now = now;
    const { database, path } = options;
    const source = database ?? path;
    if (source === undefined || (database && path !== undefined)) {
      throw new ConfigError('SqliteStore needs either a path or a database');
    }
    if (options.shared !== undefined && typeof options.shared !== 'boolean') {
      throw new ConfigError('shared must be a boolean');
    }
    this.#db = source;
    this.#path = path;
    this.#shared = options.shared ?? false;
    if (sweepIntervalMs > 0) {
      // A failed sweep is retried on the next tick; reads never depend on it.
      const sweep = (): void => void this.sweep().catch(() => undefined);
      this.#timer = setInterval(sweep, sweepIntervalMs).unref();
    }
  }

  get(key: string): Promise<StoredRecord | undefined> {
    return this.#run((sql, now) => decode(sql.get.get(key, now)));
  }

  create(key: string, { data, expiresAt, lastSeenAt, userId }: SessionRecord): Promise<boolean> {
    return this.#run(
      (sql, now) =>
        sql.create.run(key, data, expiresAt, lastSeenAt, userId ?? null, now).changes > 0,
    );
  }

  update(key: string, record: SessionRecord, expectedVersion: number): Promise<UpdateResult> {
    const { data, expiresAt, lastSeenAt, userId = null } = record;
    return this.#run((sql, now): UpdateResult => {
      const args = [data, expiresAt, lastSeenAt, userId, key, expectedVersion, now] as const;
      if (sql.update.run(...args).changes > 0) {
        return { status: 'updated', version: expectedVersion + 1 };
      }
      return decode(sql.get.get(key, now)) ? { status: 'conflict' } : { status: 'missing' };
    });
  }

  touch(key: string, expiresAt: number, lastSeenAt: number): Promise<boolean> {
    return this.#run((sql, now) => sql.touch.run(expiresAt, lastSeenAt, key, now).changes > 0);
  }

  destroy(key: string): Promise<void> {
    return this.#run((sql) => void sql.destroy.run(key));
  }

  listByUser(userId: string): Promise<Array<{ key: string; record: StoredRecord }>> {
    return this.#run((sql, now) =>
      sql.list.all(userId, now).flatMap((row) => {
        const record = decode(row);
        return record ? [{ key: row.key, record }] : [];
      }),
    );
  }

  destroyByUser(userId: string, exceptKey?: string): Promise<number> {
    return this.#run((sql, now) => sql.destroyUser.run(userId, exceptKey ?? null, now).changes);
  }

  sweep(): Promise<number> {
    return this.#run((sql, now) => {
      let total = 0;
      // Batches keep each write transaction short, so other connections are not held up.
      for (let deleted = SWEEP_BATCH; deleted === SWEEP_BATCH; total += deleted) {
        deleted = sql.sweep.run(now).changes;
      }
      return total;
    });
  }

  close(): Promise<void> {
    clearInterval(this.#timer);
    this.#closed = true;
    if (this.#path !== undefined && typeof this.#db === 'object') this.#db.close();
    return Promise.resolve();
  }

  /** Runs one synchronous step behind the async interface, turning throws into StoreErrors. */
  async #run<T>(step: (sql: Statements, now: number) => T): Promise<T> {
    const deadline = performance.now() + LOCK_TIMEOUT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        return step(this.#statements(), this.#now());
      } catch (cause) {
        // A caller's database waits as it is configured; only a file opened here retries.
        if (this.#path === undefined || !isBusy(cause) || performance.now() >= deadline) {
          throw new StoreError('The SQLite session store failed', { cause });
        }
        await sleep(1 + randomInt(2 ** Math.min(attempt, 5)));
      }
    }
  }

  #statements(): Statements {
    if (this.#closed) throw new Error('The store is closed');
    if (this.#sql) return this.#sql;
    if (typeof this.#db === 'string') {
      // No busy timeout: `#run` waits for locks without blocking the event loop.
      const db = new Database(this.#db, { timeout: 0 });
      try {
        // Before WAL is entered: exclusive from then on, SQLite never maps a `-shm` file.
        if (!this.#shared) db.pragma('locking_mode = EXCLUSIVE');
        db.pragma('journal_mode = WAL');
      } catch (error) {
        db.close();
        throw error;
      }
      this.#db = db;
    }
    const db = this.#db;
    const t = `"${this.#table}"`;
    db.exec(`CREATE TABLE IF NOT EXISTS ${t} (
      key TEXT PRIMARY KEY NOT NULL, data TEXT NOT NULL, expires_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL, user_id TEXT, version INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS "${this.#table}_expires_at" ON ${t} (expires_at);
    CREATE INDEX IF NOT EXISTS "${this.#table}_user_id" ON ${t} (user_id) WHERE user_id IS NOT NULL;`);
    this.#sql = {
      get: db.prepare(`SELECT ${COLUMNS} FROM ${t} WHERE key = ? AND expires_at > ?`),
      // Replaces only a row that is no longer live: a collision leaves `changes` at 0.
      create: db.prepare(`INSERT INTO ${t} (key, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, 1)
        ON CONFLICT (key) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at,
        last_seen_at = excluded.last_seen_at, user_id = excluded.user_id, version = 1
        WHERE ${t}.expires_at <= ?`),
      update: db.prepare(`UPDATE ${t} SET data = ?, expires_at = ?, last_seen_at = ?, user_id = ?,
        version = version + 1 WHERE key = ? AND version = ? AND expires_at > ?`),
      touch: db.prepare(
        `UPDATE ${t} SET expires_at = ?, last_seen_at = ? WHERE key = ? AND expires_at > ?`,
      ),
      destroy: db.prepare(`DELETE FROM ${t} WHERE key = ?`),
      list: db.prepare(`SELECT key, ${COLUMNS} FROM ${t} WHERE user_id = ? AND expires_at > ?`),
      destroyUser: db.prepare(
        `DELETE FROM ${t} WHERE user_id = ? AND key IS NOT ? AND expires_at > ?`,
      ),
      sweep: db.prepare(`DELETE FROM ${t} WHERE rowid IN
        (SELECT rowid FROM ${t} WHERE expires_at <= ? LIMIT ${SWEEP_BATCH})`),
    };
    return this.#sql;
  }
}

const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);

/** A row as a record, or `undefined` when a column holds what this store never writes. */
function decode(row: Row | undefined): StoredRecord | undefined {
  if (row === undefined) return undefined;
  const { data, expires_at: expiresAt, last_seen_at: lastSeenAt, user_id: userId, version } = row;
  const wellFormed =
    typeof data === 'string' &&
    isInteger(expiresAt) &&
    isInteger(lastSeenAt) &&
    isInteger(version) &&
    version >= 1 &&
    (userId === null || typeof userId === 'string');
  return wellFormed
    ? { data, expiresAt, lastSeenAt, version, userId: userId ?? undefined }
    : undefined;
}
