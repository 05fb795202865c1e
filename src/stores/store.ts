import { TesseraError } from '../errors.js';

/**
 * The one contract every session store implements, and the only file a store imports
 * from Tessera.
 *
 * Keys are opaque strings chosen by the session layer: the base64url SHA-256 hash of a
 * session ID, never the ID itself, so a leaked store does not hand out live cookies.
 * Data is opaque text (the session layer's JSON); a store never parses it. Every time is
 * a whole number of milliseconds since the epoch.
 *
 * The rules, after scs's `Store` and tower-sessions' `SessionStore`:
 * - A record that is missing, expired (`expiresAt <= now`) or malformed in the backend is
 *   reported as `undefined` / `'missing'`, never as an error.
 * - Errors are for backend faults only (connection refused, timeout, disk full), always a
 *   {@link StoreError} carrying the driver's error as `cause`.
 * - Nothing a store does may bring a destroyed record back: `update` and `touch` never
 *   insert; only `create` does, and only when the key is free.
 */
export interface SessionStore {
  /** Loads a live record, or `undefined` when it is missing, expired or malformed. */
  get(key: string): Promise<StoredRecord | undefined>;

  /**
   * Inserts a record with version 1 if no live record has this key (an expired one may
   * be replaced). Returns `false` on a collision, so the caller draws a new ID.
   */
  create(key: string, record: SessionRecord): Promise<boolean>;

  /**
   * Compare-and-set: replaces the record only if its current version is `expectedVersion`,
   * and stores it as version `expectedVersion + 1`. A missing or expired record gives
   * `'missing'` (a destroyed session stays destroyed), another version gives `'conflict'`.
   */
  update(key: string, record: SessionRecord, expectedVersion: number): Promise<UpdateResult>;

  /**
   * Moves a live record's expiry and last-seen time without changing its data or version,
   * so a rolling refresh never conflicts with a concurrent write. Returns `false` when the
   * record is missing or expired; never inserts.
   */
  touch(key: string, expiresAt: number, lastSeenAt: number): Promise<boolean>;

  /** Deletes the record at once. Idempotent. */
  destroy(key: string): Promise<void>;

  /** Every live record of one user, in no particular order. */
  listByUser(userId: string): Promise<Array<{ key: string; record: StoredRecord }>>;

  /**
   * Deletes every record of one user, except `exceptKey` when given ("log out my other
   * devices"). Returns how many live records were deleted.
   */
  destroyByUser(userId: string, exceptKey?: string): Promise<number>;

  /** Deletes expired records now; returns how many. Stores also sweep on their own. */
  sweep(): Promise<number>;

  /** Releases timers and connections the store opened itself. Idempotent. */
  close(): Promise<void>;
}

/** What the session layer writes. */
export interface SessionRecord {
  /** The session's data as text (JSON), opaque to the store. */
  readonly data: string;
  /** When the record stops existing, in milliseconds since the epoch. */
  readonly expiresAt: number;
  /** When the session was last used, in milliseconds since the epoch (for "my sessions"). */
  readonly lastSeenAt: number;
  /** The user this session belongs to, if any; indexed for `listByUser`/`destroyByUser`. */
  readonly userId?: string | undefined;
}

/** A record as read back, with the version that `update` compares. */
export interface StoredRecord extends SessionRecord {
  /** 1 on `create`, incremented by every successful `update`; `touch` leaves it. */
  readonly version: number;
}

/** The outcome of a compare-and-set {@link SessionStore.update}. */
export type UpdateResult =
  | { readonly status: 'updated'; readonly version: number }
  | { readonly status: 'conflict' }
  | { readonly status: 'missing' };

/** Options every store accepts. */
export interface StoreOptions {
  /**
   * The clock, in milliseconds since the epoch. Tests move it instead of sleeping; a store
   * compares `expiresAt` with it on every read, whatever its backend's own TTLs do.
   * @default Date.now
   */
  readonly now?: () => number;
}

/**
 * A backend fault: the store could not answer. Adapters turn it into 503 Service
 * Unavailable; the session layer never mistakes it for "no session", so an outage can
 * not replace a user's data with an empty session.
 */
export class StoreError extends TesseraError {
  declare readonly code: 'ERR_STORE';

  constructor(message: string, options?: ErrorOptions) {
    super('ERR_STORE', message, options);
  }
}
