import type { Keyring, KeyringEntry } from '../crypto/keyring.js';
import { SealError, Sealer } from '../tokens/sealed/index.js';
import { MAX_COOKIE_OCTETS } from '../cookie/index.js';
import { encodeEnvelope, fromWire } from './envelope.js';
import { SessionError, SessionTooLargeError } from './errors.js';
import type { Draft, Listed, LoadResult, Loaded, SessionStrategy, Stamp } from './strategy.js';

/** Sealed error codes mapped to why a cookie was rejected. */
const REASONS = {
  ERR_SEAL_MALFORMED: 'malformed',
  ERR_SEAL_UNKNOWN_KEY: 'unknown',
  ERR_SEAL_FORGED: 'forged',
  ERR_SEAL_EXPIRED: 'expired',
  ERR_SEAL_VALUE: 'malformed',
} as const;

const unsupported = (): Promise<never> =>
  Promise.reject(
    new SessionError(
      'ERR_SESSION_UNSUPPORTED',
      'Sealed sessions live only in cookies: they cannot be listed or revoked by user. Use a store.',
    ),
  );

/**
 * "Sealed stateless cookie": the envelope and its last-seen time are sealed into the cookie
 * (XChaCha20-Poly1305, context = cookie name, so a token cannot be moved to another cookie),
 * with the expiry inside the seal. Nothing is kept on the server, so `destroy()` only expires
 * the cookie: a copy taken before logout opens until its sealed expiry (checklist S4).
 */
export class SealedStrategy implements SessionStrategy {
  readonly #sealer: Sealer;
  readonly #room: number;

  constructor(secrets: Keyring | readonly KeyringEntry[], cookieName: string, now: () => number) {
    this.#sealer = new Sealer(secrets, { context: cookieName, now });
    this.#room = MAX_COOKIE_OCTETS - cookieName.length - 1;
  }

  load(cookieValue: string): Promise<LoadResult> {
    let opened;
    try {
      opened = this.#sealer.unseal(cookieValue);
    } catch (error) {
      if (error instanceof SealError) return Promise.resolve({ rejected: REASONS[error.code] });
      throw error;
    }
    const { value, expiresAt, needsReseal } = opened;
    const payload = value as { e?: unknown; s?: unknown } | null;
    const envelope =
      typeof payload === 'object' && payload !== null ? fromWire(payload.e) : undefined;
    const lastSeenAt = payload?.s;
    if (envelope === undefined || typeof lastSeenAt !== 'number') {
      return Promise.resolve({ rejected: 'malformed' });
    }
    return Promise.resolve({
      loaded: {
        envelope,
        lastSeenAt,
        expiresAt: expiresAt.getTime(),
        cookieValue,
        stale: needsReseal,
        ref: undefined,
      },
    });
  }

  create(draft: Draft, stamp: Stamp): Promise<Loaded> {
    return Promise.resolve(this.#seal(draft, stamp));
  }

  // The cookie is the only copy: there is no concurrent writer to rebuild on.
  save(
    _loaded: Loaded,
    draft: Draft,
    _rebuild: unknown,
    stamp: Stamp,
  ): Promise<Loaded | undefined> {
    return Promise.resolve(this.#seal(draft, stamp));
  }

  touch(loaded: Loaded, stamp: Stamp): Promise<Loaded | undefined> {
    const { envelope } = loaded;
    return Promise.resolve(this.#seal({ envelope, encoded: encodeEnvelope(envelope) }, stamp));
  }

  retire(): Promise<boolean> {
    return Promise.resolve(true);
  }

  destroy(): Promise<void> {
    return Promise.resolve();
  }

  listByUser(): Promise<Listed[]> {
    return unsupported();
  }

  destroyByUser(): Promise<number> {
    return unsupported();
  }

  /** Seals `{"e": envelope, "s": lastSeenAt}`, reusing the envelope's JSON. */
  #seal({ envelope, encoded }: Draft, stamp: Stamp): Loaded {
    const ttl = Math.max(1, Math.ceil((stamp.expiresAt - stamp.now) / 1000));
    const payload = `{"e":${encoded},"s":${stamp.now}}`;
    let token: string;
    try {
      token = this.#sealer.sealJson(payload, { ttl });
    } catch (error) {
      throw new SessionTooLargeError({ cause: error });
    }
    // A browser drops a larger cookie without a word (RFC 6265bis §5.6): fail loudly instead.
    if (token.length > this.#room) throw new SessionTooLargeError();
    return {
      envelope,
      lastSeenAt: stamp.now,
      expiresAt: stamp.expiresAt,
      cookieValue: token,
      stale: false,
      ref: undefined,
    };
  }
}
