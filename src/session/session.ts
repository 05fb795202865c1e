import { type Change, applyChanges, changedBy } from './changes.js';
import { type CommitResult, NOTHING, commitResult } from './commit-result.js';
import { type Envelope, encodeEnvelope, isEmpty } from './envelope.js';
import { SessionError } from './errors.js';
import type { ResolvedOptions } from './options.js';
import type { RequestFacts } from './request.js';
import { StoreError } from './store.js';
import type { Draft, Loaded, SessionStrategy, Stamp } from './strategy.js';

/** What a manager hands each session. */
export interface SessionContext {
  readonly options: ResolvedOptions;
  readonly strategy: SessionStrategy;
  /** Whether new sessions record the request's User-Agent (for "my sessions" pages). */
  readonly keepUserAgent: boolean;
}

/** Reaches a session's loaded state from the manager; not part of the public API. */
export const LOADED = Symbol('tessera.session.loaded');

/**
 * One request's view of a session. Lazy: nothing is read until a method needs it, and a
 * session never written leaves no record and sends no cookie (checklist MW-06). Changes are
 * kept and written by {@link Session.commit}, which the adapters call.
 */
export class Session<T extends object = Record<string, unknown>> {
  readonly #context: SessionContext;
  readonly #request: RequestFacts;
  #loading: Promise<void> | undefined;
  #ready = false;
  #loaded: Loaded | undefined;
  #view: Envelope | undefined;
  #changes: Change[] = [];
  #regenerate = false;
  #clearCookie = false;
  #destroyed = false;
  #commit: Promise<CommitResult> | undefined;

  /** @internal Built by `SessionManager.fromRequest`. */
  constructor(context: SessionContext, request: RequestFacts) {
    this.#context = context;
    this.#request = request;
  }

  /** The value stored under `key`, or `undefined`. */
  async get<K extends keyof T & string>(key: K): Promise<T[K] | undefined> {
    await this.#load();
    return this.#view?.data[key] as T[K] | undefined;
  }

  /** Stores `value` (a JSON value) under `key`. */
  async set<K extends keyof T & string>(key: K, value: T[K]): Promise<void> {
    await this.#change({ kind: 'set', key, value });
  }

  /** Removes `key`. */
  async delete(key: keyof T & string): Promise<void> {
    await this.#change({ kind: 'delete', key });
  }

  /**
   * Replaces the value under `key` with `fn(current)` and returns it. If another request
   * changed the session meanwhile, `fn` runs again on its value at commit, so concurrent
   * increments all count. Keep `fn` pure.
   */
  async update<K extends keyof T & string>(
    key: K,
    fn: (current: T[K] | undefined) => T[K],
  ): Promise<T[K]> {
    await this.#change({ kind: 'update', key, fn: fn as (current: unknown) => unknown });
    return this.#view?.data[key] as T[K];
  }

  /** Leaves a message for the next request that calls {@link Session.takeFlash}. */
  flash(key: string, message: string): void {
    this.#open();
    const change: Change = { kind: 'flash', key, message };
    this.#changes.push(change);
    if (this.#ready) this.#view = applyChanges(this.#view, [change], this.#origin());
  }

  /** Returns the flash message under `key` and removes it, so it shows once. */
  async takeFlash(key: string): Promise<string | undefined> {
    await this.#load();
    const message = this.#view?.flash[key];
    if (message !== undefined) await this.#change({ kind: 'take-flash', key });
    return message;
  }

  /** The user set by {@link Session.logIn}, if any. */
  async userId(): Promise<string | undefined> {
    await this.#load();
    return this.#view?.userId;
  }

  /**
   * Gives the session a new ID at commit, keeping its data; the old ID keeps its old data
   * for `regenerateGrace` seconds. Call it on every privilege change (OWASP ASVS 5.0 7.2.4,
   * Session Management Cheat Sheet "Renew the Session ID After Any Privilege Level Change").
   */
  async regenerate(): Promise<void> {
    this.#open();
    await this.#load();
    this.#regenerate = true;
  }

  /** Regenerates the session and records its user, for the user index (ASVS 7.2.4, 7.4.2). */
  async logIn(userId: string): Promise<void> {
    if (typeof userId !== 'string' || userId === '')
      throw new TypeError('userId must be a non-empty string.');
    await this.regenerate();
    await this.#change({ kind: 'user', userId });
  }

  /**
   * Ends the session now: the record is deleted at once, and commit expires the cookie
   * (OWASP ASVS 5.0 7.4.1, checklist SC-13). Later writes start a new session.
   */
  async destroy(): Promise<void> {
    this.#open();
    await this.#load();
    const loaded = this.#loaded;
    if (loaded !== undefined) {
      await this.#context.strategy.destroy(loaded).catch((error: unknown) => this.#failed(error));
      this.#emit({ type: 'destroyed', handle: loaded.handle });
    }
    this.#loaded = undefined;
    this.#view = undefined;
    this.#changes = [];
    this.#regenerate = false;
    this.#destroyed = true;
    this.#clearCookie = true;
  }

  /**
   * Writes what changed (compare-and-set, changes re-applied on conflict) or renews an
   * unchanged session at most once per `touchInterval`, and returns the headers to send.
   * Idempotent; the session is read-only afterwards.
   * @throws {StoreError} when the store fails; {@link SessionError} on exhausted retries.
   */
  commit(): Promise<CommitResult> {
    this.#commit ??= this.#write();
    return this.#commit;
  }

  /**
   * True while nothing has read or changed the session: its commit would write and send
   * nothing, so an adapter may let the response go out without waiting for it.
   */
  get untouched(): boolean {
    return this.#loading === undefined && this.#changes.length === 0;
  }

  /** @internal The loaded state, for the manager's user-index operations. */
  async [LOADED](): Promise<Loaded | undefined> {
    await this.#load();
    return this.#loaded;
  }

  async #write(): Promise<CommitResult> {
    if (this.untouched) return NOTHING;
    await this.#load();
    const { strategy, options } = this.#context;
    const now = options.now();
    const loaded = this.#loaded;
    const view = this.#view;
    let written: Loaded | undefined;
    try {
      if (loaded !== undefined && view !== undefined) {
        const stamp = this.#stamp(view, now);
        const draft = this.#regenerate ? draftOf(view) : this.#changedDraft(loaded, view);
        if (this.#regenerate && draft !== undefined) {
          const alive = await strategy.retire(loaded, now + options.graceMs);
          written = alive ? await strategy.create(draft, stamp, loaded) : undefined;
          if (written) this.#emit({ type: 'regenerated', handle: written.handle });
        } else if (draft !== undefined) {
          const changes = this.#changes;
          const rebuild = (current: Envelope): Envelope =>
            applyChanges(current, changes, this.#origin());
          written = await strategy.save(loaded, draft, rebuild, stamp);
        } else if (
          loaded.stale ||
          (options.rolling && now - loaded.lastSeenAt >= options.touchMs)
        ) {
          written = await strategy.touch(loaded, stamp);
        } else {
          written = loaded;
        }
        // Destroyed by another request meanwhile: logout wins, and the cookie goes too.
        if (written === undefined) this.#clearCookie = true;
      } else if (view !== undefined && !isEmpty(view)) {
        written = await strategy.create(draftOf(view), this.#stamp(view, now));
        this.#emit({ type: 'created', handle: written.handle });
      }
    } catch (error) {
      this.#failed(error);
    }
    return commitResult(options, now, {
      written,
      unchanged: written === loaded,
      requestCookie: this.#request.cookieValue,
      clearCookie: this.#clearCookie,
      destroyed: this.#destroyed,
    });
  }

  /** The view to write when this request's changes left the session different, else none. */
  #changedDraft(loaded: Loaded, view: Envelope): Draft | undefined {
    if (this.#changes.length === 0) return undefined;
    const verdict = changedBy(loaded.envelope, view, this.#changes);
    if (verdict === false) return undefined;
    const draft = draftOf(view);
    if (verdict === true) return draft;
    return draft.encoded === (loaded.encoded ?? encodeEnvelope(loaded.envelope))
      ? undefined
      : draft;
  }

  #stamp(envelope: Envelope, now: number): Stamp {
    return { now, expiresAt: Math.min(now + this.#context.options.idleMs, envelope.absoluteAt) };
  }

  #origin(): { now: number; absoluteAt: number; userAgent: string | undefined } {
    const now = this.#context.options.now();
    return {
      now,
      absoluteAt: now + this.#context.options.absoluteMs,
      userAgent: this.#request.userAgent,
    };
  }

  #load(): Promise<void> {
    this.#loading ??= this.#read();
    return this.#loading;
  }

  async #read(): Promise<void> {
    const cookieValue = this.#request.cookieValue;
    const { strategy, options } = this.#context;
    try {
      const result =
        cookieValue === undefined ? undefined : await strategy.load(cookieValue, options.now());
      if (result !== undefined && 'rejected' in result) {
        this.#emit({ type: 'rejected', reason: result.rejected });
      } else if (result !== undefined) {
        const { loaded } = result;
        const now = options.now();
        // Deadlines are absolute instants checked on every load, whatever the store's TTL
        // did (OWASP ASVS 5.0 7.3.1, 7.3.2, checklist SS-07).
        const absolute = now >= loaded.envelope.absoluteAt;
        if (absolute || now >= loaded.lastSeenAt + options.idleMs || now >= loaded.expiresAt) {
          await strategy.destroy(loaded);
          const deadline = absolute ? 'absolute' : 'idle';
          this.#emit({ type: 'expired', handle: loaded.handle, deadline });
          this.#clearCookie = true;
        } else {
          this.#loaded = loaded;
        }
      }
    } catch (error) {
      this.#failed(error);
    }
    this.#view = this.#loaded?.envelope;
    if (this.#changes.length > 0)
      this.#view = applyChanges(this.#view, this.#changes, this.#origin());
    this.#ready = true;
  }

  async #change(change: Change): Promise<void> {
    this.#open();
    await this.#load();
    this.#open();
    this.#changes.push(change);
    this.#view = applyChanges(this.#view, [change], this.#origin());
  }

  #open(): void {
    if (this.#commit !== undefined) {
      throw new SessionError(
        'ERR_SESSION_COMMITTED',
        'The session was changed after it was committed.',
      );
    }
  }

  /** Reports a store fault as an event before it propagates (the adapters answer 503). */
  #failed(error: unknown): never {
    if (error instanceof StoreError) this.#emit({ type: 'store-error', error });
    throw error;
  }

  #emit(event: Parameters<ResolvedOptions['onEvent']>[0]): void {
    this.#context.options.onEvent(event);
  }
}

/** The envelope with its JSON, encoded once for both the change check and the write. */
const draftOf = (envelope: Envelope): Draft => ({ envelope, encoded: encodeEnvelope(envelope) });
