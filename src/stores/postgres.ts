import { ConfigError } from '../errors.js';
import {
  StoreError,
  type SessionRecord,
  type SessionStore,
  type StoreOptions,
  type StoredRecord,
  type UpdateResult,
} from './store.js';

/** What this store needs of a `pg.Pool` (a `pg.Client` or a pg-compatible pool works too). */
export interface PostgresQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** Options of {@link PostgresStore}. */
export interface PostgresStoreOptions extends StoreOptions {
  /**
   * A `pg.Pool`, which stays yours to end. Its `connectionTimeoutMillis` and the server's
   * `statement_timeout` bound every wait (ASVS 5.0 13.1.3); pg waits forever by default.
   */
  readonly pool: PostgresQueryable;
  /**
   * The table: a plain SQL identifier of at most 48 characters, checked here and then
   * quoted, so it is never a way into the SQL.
   * @default 'tessera_sessions'
   */
  readonly table?: string;
  /**
   * Runs {@link postgresSchema} once, before the first query. Turn it off when migrations
   * own the schema and the application's role may not create tables.
   * @default true
   */
  readonly createTable?: boolean;
  /**
   * How often expired rows are deleted, in milliseconds; `0` turns the timer off (for
   * example when a cron job calls `sweep()`). Reads check expiry themselves (SS-08).
   * @default 300_000
   */
  readonly sweepIntervalMs?: number;
}

const COLUMNS = 'data, expires_at, last_seen_at, user_id, version';
const SWEEP_BATCH = 1000;

/** The quoted table name, or a ConfigError for anything but a plain identifier. */
function quote(table: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,47}$/.test(table)) {
    throw new ConfigError('table must be an SQL identifier of at most 48 characters');
  }
  return `"${table}"`;
}

/**
 * The DDL of the sessions table, for migrations: idempotent (`IF NOT EXISTS`), with an
 * index on `expires_at` for the sweep and a partial one on `user_id` for the user index.
 */
export function postgresSchema(table = 'tessera_sessions'): string {
  const t = quote(table);
  return `CREATE TABLE IF NOT EXISTS ${t} (
  key text PRIMARY KEY,
  data text NOT NULL,
  expires_at bigint NOT NULL,
  last_seen_at bigint NOT NULL,
  user_id text,
  version integer NOT NULL
);
CREATE INDEX IF NOT EXISTS "${table}_expires_at_idx" ON ${t} (expires_at);
CREATE INDEX IF NOT EXISTS "${table}_user_id_idx" ON ${t} (user_id) WHERE user_id IS NOT NULL;
`;
}

/** The store's queries against one quoted table. */
function statements(t: string) {
  return {
    get: `SELECT ${COLUMNS} FROM ${t} WHERE key = $1 AND expires_at > $2`,
    // Replaces only a row that is no longer live: a collision leaves rowCount at 0.
    create: `INSERT INTO ${t} AS s (key, ${COLUMNS}) VALUES ($1, $2, $3, $4, $5, 1)
      ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at,
      last_seen_at = EXCLUDED.last_seen_at, user_id = EXCLUDED.user_id, version = 1
      WHERE s.expires_at <= $6`,
    // One round trip: the sub-select sees the row as it was before the UPDATE, so a
    // failed compare tells a conflict (a live row) from a missing record.
    update: `WITH updated AS (UPDATE ${t} SET data = $2, expires_at = $3, last_seen_at = $4,
      user_id = $5, version = version + 1 WHERE key = $1 AND version = $6 AND expires_at > $7
      RETURNING version)
      SELECT (SELECT version FROM updated) AS updated,
      (SELECT version FROM ${t} WHERE key = $1 AND expires_at > $7) AS current`,
    touch: `UPDATE ${t} SET expires_at = $2, last_seen_at = $3 WHERE key = $1 AND expires_at > $4`,
    destroy: `DELETE FROM ${t} WHERE key = $1`,
    list: `SELECT key, ${COLUMNS} FROM ${t} WHERE user_id = $1 AND expires_at > $2`,
    destroyByUser: `DELETE FROM ${t}
      WHERE user_id = $1 AND expires_at > $2 AND key IS DISTINCT FROM $3`,
    sweep: `DELETE FROM ${t} WHERE key IN (SELECT key FROM ${t}
      WHERE expires_at <= $1 LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED)`,
  };
}

/**
 * Sessions in PostgreSQL through node-postgres. Writes are compare-and-set on a `version`
 * column and only `create` inserts; under READ COMMITTED two writers of one record
 * serialize on its row lock, and the second's `WHERE version = …` sees the first's write.
 */
export class PostgresStore implements SessionStore {
  readonly #pool: PostgresQueryable;
  readonly #sql: ReturnType<typeof statements>;
  readonly #schema: string | undefined;
  readonly #now: () => number;
  #ready: Promise<unknown> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: PostgresStoreOptions) {
    const { pool, table = 'tessera_sessions', now = Date.now } = options;
    const { createTable = true, sweepIntervalMs = 300_000 } = options;
    if (!Number.isSafeInteger(sweepIntervalMs) || sweepIntervalMs < 0) {
      throw new ConfigError('sweepIntervalMs must be a whole number of milliseconds, 0 or more');
    }
    this.#pool = pool;
    this.#sql = statements(quote(table));
    // One statement string runs as one implicit transaction, so the advisory lock is held
    // until the DDL is done: instances starting together on a new database would otherwise
    // race inside CREATE TABLE IF NOT EXISTS and fail with a duplicate pg_type row.
    this.#schema = createTable
      ? `SELECT pg_advisory_xact_lock(hashtext('tessera:${table}'));\n${postgresSchema(table)}`
      : undefined;
    this.#now = now;
    if (sweepIntervalMs > 0) {
      // A failed sweep is retried on the next tick; reads never depend on it.
      const sweep = (): void => void this.sweep().catch(() => undefined);
      this.#timer = setInterval(sweep, sweepIntervalMs).unref();
    }
  }

  get(key: string): Promise<StoredRecord | undefined> {
    return this.#query(
      this.#sql.get,
      (now) => [key, now],
      ({ rows }) => decode(rows[0]),
    );
  }

  create(key: string, { data, expiresAt, lastSeenAt, userId }: SessionRecord): Promise<boolean> {
    const values = (now: number) => [key, data, expiresAt, lastSeenAt, userId ?? null, now];
    return this.#query(this.#sql.create, values, ({ rowCount }) => rowCount === 1);
  }

  update(key: string, record: SessionRecord, expectedVersion: number): Promise<UpdateResult> {
    const { data, expiresAt, lastSeenAt, userId = null } = record;
    const values = (now: number) => [
      key,
      data,
      expiresAt,
      lastSeenAt,
      userId,
      expectedVersion,
      now,
    ];
    return this.#query(this.#sql.update, values, ({ rows }): UpdateResult => {
      const [{ updated, current }] = rows as [{ updated: number | null; current: number | null }];
      if (updated !== null) return { status: 'updated', version: updated };
      return current === null ? { status: 'missing' } : { status: 'conflict' };
    });
  }

  touch(key: string, expiresAt: number, lastSeenAt: number): Promise<boolean> {
    const values = (now: number) => [key, expiresAt, lastSeenAt, now];
    return this.#query(this.#sql.touch, values, ({ rowCount }) => rowCount === 1);
  }

  destroy(key: string): Promise<void> {
    return this.#query(
      this.#sql.destroy,
      () => [key],
      () => undefined,
    );
  }

  listByUser(userId: string): Promise<Array<{ key: string; record: StoredRecord }>> {
    return this.#query(
      this.#sql.list,
      (now) => [userId, now],
      ({ rows }) =>
        (rows as Array<Row & { key: string }>).flatMap((row) => {
          const record = decode(row);
          return record ? [{ key: row.key, record }] : [];
        }),
    );
  }

  destroyByUser(userId: string, exceptKey?: string): Promise<number> {
    const values = (now: number) => [userId, now, exceptKey ?? null];
    return this.#query(this.#sql.destroyByUser, values, ({ rowCount }) => Number(rowCount));
  }

  /** Deletes in batches of 1000 rows, skipping rows other sessions hold locked. */
  async sweep(): Promise<number> {
    let total = 0;
    for (let deleted = SWEEP_BATCH; deleted === SWEEP_BATCH; total += deleted) {
      deleted = await this.#query(
        this.#sql.sweep,
        (now) => [now],
        ({ rowCount }) => Number(rowCount),
      );
    }
    return total;
  }

  /** Stops the sweep timer; the pool is the caller's to end. */
  close(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    return Promise.resolve();
  }

  async #query<T>(
    text: string,
    values: (now: number) => unknown[],
    read: (result: { rows: unknown[]; rowCount: number | null }) => T,
  ): Promise<T> {
    try {
      // Once per store; a failure is retried by the next call rather than kept.
      this.#ready ??=
        this.#schema === undefined ? Promise.resolve() : this.#pool.query(this.#schema);
      await this.#ready.catch((error: unknown) => {
        this.#ready = undefined;
        throw error;
      });
      return read(await this.#pool.query(text, values(this.#now())));
    } catch (cause) {
      throw new StoreError('The PostgreSQL session store failed', { cause });
    }
  }
}

/** A row as the schema types it; node-postgres gives `bigint` columns as text. */
interface Row {
  readonly data: string;
  readonly expires_at: string;
  readonly last_seen_at: string;
  readonly user_id: string | null;
  readonly version: number;
}

/** A row as a record, or `undefined` when it holds what this store never writes. */
function decode(row: unknown): StoredRecord | undefined {
  if (row === undefined) return undefined;
  const { data, expires_at, last_seen_at, user_id: userId, version } = row as Row;
  const [expiresAt, lastSeenAt] = [Number(expires_at), Number(last_seen_at)];
  if (!Number.isSafeInteger(expiresAt) || !Number.isSafeInteger(lastSeenAt) || version < 1) {
    return undefined;
  }
  return { data, expiresAt, lastSeenAt, version, userId: userId ?? undefined };
}
