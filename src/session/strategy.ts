import type { RejectReason } from './events.js';
import type { Envelope } from './envelope.js';

/** A session as a strategy found it. `ref` is the strategy's own bookkeeping. */
export interface Loaded {
  readonly envelope: Envelope;
  /**
   * The envelope as the store holds it, when the strategy has that text at hand, so a commit
   * does not encode the loaded envelope again just to see whether anything changed.
   */
  readonly encoded?: string | undefined;
  /** When the session was last renewed, in milliseconds since the epoch. */
  readonly lastSeenAt: number;
  /** When the record or token stops existing. */
  readonly expiresAt: number;
  /** The value the cookie must carry for this session. */
  readonly cookieValue: string;
  /** An opaque name for events and "my sessions"; absent for stateless sessions. */
  readonly handle?: string | undefined;
  /** True when the cookie must be sent again even if nothing changed (key rotation). */
  readonly stale: boolean;
  readonly ref: unknown;
}

/** What a cookie yielded. */
export type LoadResult = { readonly loaded: Loaded } | { readonly rejected: RejectReason };

/** An envelope about to be written, with its JSON (encoded once, for both the check and the write). */
export interface Draft {
  readonly envelope: Envelope;
  readonly encoded: string;
}

/** Deadlines for a write, computed by the session: one rule for both modes. */
export interface Stamp {
  readonly now: number;
  readonly expiresAt: number;
}

/** A session's entry in "my sessions". */
export interface Listed {
  readonly handle: string;
  readonly envelope: Envelope;
  readonly lastSeenAt: number;
}

/**
 * How a session is kept: "ID cookie + server store" or "sealed stateless cookie", after
 * tower-sessions' hidden `CookieController`. The session never branches on which one it has.
 * Every method leaves `StoreError` to propagate; `undefined` means the session is gone
 * (destroyed concurrently), and a gone session is never recreated.
 */
export interface SessionStrategy {
  /** Reads the session a cookie value names. Never throws for bad input. */
  load(cookieValue: string, now: number): Promise<LoadResult>;
  /**
   * Starts a new session (new ID or new token) holding the draft. `retired` is the session
   * `regenerate()` replaced, which a later {@link SessionStrategy.destroy} ends too.
   */
  create(draft: Draft, stamp: Stamp, retired?: Loaded): Promise<Loaded>;
  /**
   * Writes changes: `draft` is tried first; after a concurrent write, `rebuild` turns the
   * fresh envelope into the next attempt (compare-and-set, checklist RL-01).
   */
  save(
    loaded: Loaded,
    draft: Draft,
    rebuild: (current: Envelope) => Envelope,
    stamp: Stamp,
  ): Promise<Loaded | undefined>;
  /** Renews an unchanged session's deadline (checklist SS-12). */
  touch(loaded: Loaded, stamp: Stamp): Promise<Loaded | undefined>;
  /** Lets the old session of a `regenerate()` live until `until` at most; false when gone. */
  retire(loaded: Loaded, until: number): Promise<boolean>;
  /** Ends the session at once, and the one it replaced if that still lives (grace). */
  destroy(loaded: Loaded): Promise<void>;
  /** Every live session of a user. */
  listByUser(userId: string): Promise<Listed[]>;
  /** Ends every session of a user but `except`; returns how many. */
  destroyByUser(userId: string, except: Loaded | undefined): Promise<number>;
}
