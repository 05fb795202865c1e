import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '../errors.js';
import { type Envelope, decodeEnvelope, encodeEnvelope } from './envelope.js';
import { SessionError } from './errors.js';
import { handleOf, isSessionId, storeKeyOf } from './id.js';
import { KeyedLock } from './lock.js';
import type { SessionRecord, SessionStore } from './store.js';
import type { Draft, Listed, LoadResult, Loaded, SessionStrategy, Stamp } from './strategy.js';

/** Compare-and-set attempts before a commit gives up with `ERR_SESSION_CONFLICT`. */
export const MAX_SAVE_ATTEMPTS = 20;

/**
 * Waits a random 0–2^n ms (at most 64 ms) after the n-th lost compare-and-set. Writers in
 * other processes are not ordered by this process's lock; without jitter two of them that
 * collide once keep colliding in lockstep.
 */
const backOff = (attempt: number): Promise<void> => sleep(randomInt(2 ** Math.min(attempt, 6) + 1));
/** IDs drawn before `create` gives up with `ERR_SESSION_ID_COLLISION` (checklist S14). */
export const MAX_CREATE_ATTEMPTS = 5;

interface Ref {
  readonly key: string;
  readonly version: number;
}

const refOf = (loaded: Loaded): Ref => loaded.ref as Ref;

function toRecord({ envelope, encoded }: Draft, stamp: Stamp): SessionRecord {
  return {
    data: encoded,
    expiresAt: stamp.expiresAt,
    lastSeenAt: stamp.now,
    userId: envelope.userId,
  };
}

/**
 * "ID cookie + server store": the cookie carries 256 random bits, the store keeps the
 * envelope under SHA-256 of them (checklist SS-01, SS-05, SS-11).
 */
export class ServerStrategy implements SessionStrategy {
  readonly #store: SessionStore;
  readonly #generateId: () => string;
  readonly #lock = new KeyedLock();

  constructor(store: SessionStore, generateId: () => string) {
    this.#store = store;
    this.#generateId = generateId;
  }

  async load(cookieValue: string): Promise<LoadResult> {
    // Strict mode: the format is checked before the store is asked (SS-02, SS-04).
    if (!isSessionId(cookieValue)) return { rejected: 'malformed' };
    const key = storeKeyOf(cookieValue);
    const record = await this.#store.get(key);
    if (record === undefined) return { rejected: 'unknown' };
    const envelope = decodeEnvelope(record.data);
    if (envelope === undefined) return { rejected: 'malformed' };
    return { loaded: new ServerLoaded(cookieValue, key, record, record.version, envelope) };
  }

  async create(draft: Draft, stamp: Stamp, retired?: Loaded): Promise<Loaded> {
    if (retired !== undefined) {
      // The old record lives on for the grace period; logout must end it with this one.
      const envelope = { ...draft.envelope, retired: refOf(retired).key };
      draft = { envelope, encoded: encodeEnvelope(envelope) };
    }
    const record = toRecord(draft, stamp);
    for (let attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
      const id = this.#generateId();
      if (typeof id !== 'string' || !isSessionId(id)) {
        throw new ConfigError('generateId must return 43 base64url characters (32 bytes).');
      }
      const key = storeKeyOf(id);
      // Insert-if-absent: a colliding ID never shares another user's session (SS-03).
      if (await this.#store.create(key, record)) {
        return new ServerLoaded(id, key, record, 1, draft.envelope);
      }
    }
    throw new SessionError(
      'ERR_SESSION_ID_COLLISION',
      'Every session ID drawn was already in use.',
    );
  }

  save(
    loaded: Loaded,
    draft: Draft,
    rebuild: (current: Envelope) => Envelope,
    stamp: Stamp,
  ): Promise<Loaded | undefined> {
    const { key } = refOf(loaded);
    return this.#lock.run(key, async () => {
      let next = draft;
      let version = refOf(loaded).version;
      for (let attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
        const record = toRecord(next, stamp);
        const result = await this.#store.update(key, record, version);
        if (result.status === 'updated') {
          return new ServerLoaded(loaded.cookieValue, key, record, result.version, next.envelope);
        }
        // Destroyed meanwhile: logout wins, the session is never recreated (RL-01).
        if (result.status === 'missing') return undefined;
        await backOff(attempt);
        const fresh = await this.#store.get(key);
        const freshEnvelope = fresh && decodeEnvelope(fresh.data);
        if (fresh === undefined || freshEnvelope === undefined) return undefined;
        const envelope = rebuild(freshEnvelope);
        next = { envelope, encoded: encodeEnvelope(envelope) };
        version = fresh.version;
      }
      throw new SessionError(
        'ERR_SESSION_CONFLICT',
        'Concurrent writes kept replacing this session.',
      );
    });
  }

  async touch(loaded: Loaded, stamp: Stamp): Promise<Loaded | undefined> {
    const live = await this.#store.touch(refOf(loaded).key, stamp.expiresAt, stamp.now);
    if (!live) return undefined;
    const { key, version } = refOf(loaded);
    const data = loaded.encoded ?? encodeEnvelope(loaded.envelope);
    const record = { data, expiresAt: stamp.expiresAt, lastSeenAt: stamp.now };
    return new ServerLoaded(loaded.cookieValue, key, record, version, loaded.envelope);
  }

  retire(loaded: Loaded, until: number): Promise<boolean> {
    return this.#store.touch(
      refOf(loaded).key,
      Math.min(loaded.expiresAt, until),
      loaded.lastSeenAt,
    );
  }

  async destroy(loaded: Loaded): Promise<void> {
    await this.#store.destroy(refOf(loaded).key);
    const { retired } = loaded.envelope;
    if (retired !== undefined) await this.#store.destroy(retired);
  }

  async listByUser(userId: string): Promise<Listed[]> {
    const listed: Listed[] = [];
    for (const { key, record } of await this.#store.listByUser(userId)) {
      const envelope = decodeEnvelope(record.data);
      if (envelope !== undefined)
        listed.push({ handle: handleOf(key), envelope, lastSeenAt: record.lastSeenAt });
    }
    return listed;
  }

  destroyByUser(userId: string, except: Loaded | undefined): Promise<number> {
    return this.#store.destroyByUser(userId, except && refOf(except).key);
  }
}

/** A session read from or written to the store; its handle is derived only when asked for. */
class ServerLoaded implements Loaded {
  readonly encoded: string;
  readonly lastSeenAt: number;
  readonly expiresAt: number;
  readonly stale = false;
  readonly ref: Ref;
  #handle: string | undefined;

  constructor(
    readonly cookieValue: string,
    key: string,
    record: SessionRecord,
    version: number,
    readonly envelope: Envelope,
  ) {
    // Written by encodeEnvelope; a record in another spelling only costs one rewrite.
    this.encoded = record.data;
    this.lastSeenAt = record.lastSeenAt;
    this.expiresAt = record.expiresAt;
    this.ref = { key, version };
  }

  /** A second SHA-256, only needed when an event is emitted or sessions are listed. */
  get handle(): string {
    return (this.#handle ??= handleOf(this.ref.key));
  }
}
