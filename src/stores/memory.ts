import { ConfigError } from '../errors.js';
import type {
  SessionRecord,
  SessionStore,
  StoreOptions,
  StoredRecord,
  UpdateResult,
} from './store.js';

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions extends StoreOptions {
  /**
   * The most records kept (RL-06). One more evicts the least recently written record
   * (created, updated or touched longest ago: with sliding expiry, about the one expiring
   * soonest, found in O(1)), so a flood of new sessions costs memory up to this bound and
   * no further, where express-session's MemoryStore grows until the process dies. 100 000
   * sessions of 206 bytes take 43 MB of heap (`bench/memory-heap.ts`): room for the one
   * process this store can serve, and no risk to a default-sized heap.
   * @default 100_000
   */
  readonly maxSessions?: number;
  /**
   * How often expired records are swept, in milliseconds; `0` turns the timer off. Reads
   * check expiry themselves, the sweep only gives the memory back (SS-08).
   * @default 60_000
   */
  readonly sweepIntervalMs?: number;
}

/**
 * A session store in this process's memory, for development, tests and single-process
 * apps. It is not a mock: a record is kept as a frozen object of the same text and numbers
 * a database row holds (the session data stays serialized), handed out as it is, so code
 * that passes with it neither shares mutable state with the store nor pays to copy it.
 * With the user index, a session costs less heap than a `Map` of `JSON.stringify(record)`
 * strings: see `bench/memory-heap.ts`.
 */
export class MemoryStore implements SessionStore {
  /** The records by key, oldest write first (the eviction order). */
  readonly #records = new Map<string, StoredRecord>();
  /** Keys by user: one key as itself, more in a set, so most users cost one map entry. */
  readonly #users = new Map<string, string | Set<string>>();
  readonly #now: () => number;
  readonly #max: number;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: MemoryStoreOptions = {}) {
    const { now = Date.now, maxSessions = 100_000, sweepIntervalMs = 60_000 } = options;
    if (!Number.isSafeInteger(maxSessions) || maxSessions < 1) {
      throw new ConfigError('maxSessions must be a positive integer');
    }
    if (!Number.isSafeInteger(sweepIntervalMs) || sweepIntervalMs < 0) {
      throw new ConfigError('sweepIntervalMs must be a whole number of milliseconds, 0 or more');
    }
    this.#now = now;
    this.#max = maxSessions;
    if (sweepIntervalMs > 0)
      this.#timer = setInterval(() => this.#sweep(), sweepIntervalMs).unref();
  }

  get(key: string): Promise<StoredRecord | undefined> {
    return Promise.resolve(this.#live(key));
  }

  create(key: string, record: SessionRecord): Promise<boolean> {
    if (this.#live(key)) return Promise.resolve(false);
    this.#write(key, record, 1);
    return Promise.resolve(true);
  }

  update(key: string, record: SessionRecord, expectedVersion: number): Promise<UpdateResult> {
    const current = this.#live(key);
    if (!current) return Promise.resolve({ status: 'missing' });
    if (current.version !== expectedVersion) return Promise.resolve({ status: 'conflict' });
    this.#write(key, record, expectedVersion + 1, current);
    return Promise.resolve({ status: 'updated', version: expectedVersion + 1 });
  }

  touch(key: string, expiresAt: number, lastSeenAt: number): Promise<boolean> {
    const current = this.#live(key);
    if (current) {
      const { data, userId, version } = current;
      this.#write(key, { data, userId, expiresAt, lastSeenAt }, version, current);
    }
    return Promise.resolve(current !== undefined);
  }

  destroy(key: string): Promise<void> {
    this.#remove(key);
    return Promise.resolve();
  }

  listByUser(userId: string): Promise<Array<{ key: string; record: StoredRecord }>> {
    const found: Array<{ key: string; record: StoredRecord }> = [];
    for (const key of this.#keysOf(userId)) {
      const record = this.#live(key);
      if (record?.userId === userId) found.push({ key, record });
    }
    return Promise.resolve(found);
  }

  destroyByUser(userId: string, exceptKey?: string): Promise<number> {
    let count = 0;
    for (const key of [...this.#keysOf(userId)]) {
      if (key !== exceptKey && this.#live(key)?.userId === userId && this.#remove(key)) count++;
    }
    return Promise.resolve(count);
  }

  sweep(): Promise<number> {
    return Promise.resolve(this.#sweep());
  }

  close(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    return Promise.resolve();
  }

  #keysOf(userId: string): Iterable<string> {
    const keys = this.#users.get(userId);
    return keys === undefined ? [] : typeof keys === 'string' ? [keys] : keys;
  }

  #live(key: string): StoredRecord | undefined {
    const record = this.#records.get(key);
    return record !== undefined && record.expiresAt > this.#now() ? record : undefined;
  }

  /** Writes a record, re-inserted last: the map's order is the eviction order. */
  #write(key: string, record: SessionRecord, version: number, previous?: StoredRecord): void {
    const { userId } = record;
    if (previous === undefined) {
      this.#remove(key);
      if (userId !== undefined) this.#index(userId, key);
    } else {
      this.#records.delete(key);
      if (previous.userId !== userId) {
        if (previous.userId !== undefined) this.#unindex(previous.userId, key);
        if (userId !== undefined) this.#index(userId, key);
      }
    }
    const { data, expiresAt, lastSeenAt } = record;
    this.#records.set(key, Object.freeze({ data, expiresAt, lastSeenAt, version, userId }));
    if (this.#records.size > this.#max) this.#remove(this.#records.keys().next().value as string);
  }

  /** Deletes a record and its index entry; returns it when there was one. */
  #remove(key: string): StoredRecord | undefined {
    const record = this.#records.get(key);
    if (record === undefined) return undefined;
    this.#records.delete(key);
    if (record.userId !== undefined) this.#unindex(record.userId, key);
    return record;
  }

  #index(userId: string, key: string): void {
    const keys = this.#users.get(userId);
    if (keys === undefined) this.#users.set(userId, key);
    else if (typeof keys === 'string') this.#users.set(userId, new Set([keys, key]));
    else keys.add(key);
  }

  #unindex(userId: string, key: string): void {
    const keys = this.#users.get(userId);
    if (keys === key) this.#users.delete(userId);
    else if (typeof keys === 'object' && keys.delete(key) && keys.size === 1) {
      this.#users.set(userId, keys.values().next().value as string);
    }
  }

  #sweep(): number {
    const now = this.#now();
    let count = 0;
    for (const [key, record] of this.#records) {
      if (record.expiresAt <= now && this.#remove(key)) count++;
    }
    return count;
  }
}
