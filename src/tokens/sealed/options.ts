import { ConfigError } from '../../errors.js';
import type { SealBackendChoice } from './backend.js';

/**
 * Default lifetime of a sealed token, in seconds: 14 days, Django's `SESSION_COOKIE_AGE`.
 * It is an upper bound carried inside the seal; a session layer enforces its own, usually
 * shorter, idle and absolute timeouts on top (OWASP ASVS 5.0 7.3.1, 7.3.2).
 * @default 1_209_600
 */
export const DEFAULT_TTL = 14 * 24 * 60 * 60;

/**
 * The longest lifetime accepted, in seconds: 400 days, the cap RFC 6265bis §5.5 puts on a
 * cookie's lifetime.
 * @default 34_560_000
 */
export const MAX_TTL = 400 * 24 * 60 * 60;

/** Options fixed when the sealer is built. */
export interface SealerOptions {
  /**
   * Lifetime in whole seconds; the expiry is sealed inside the token and checked on opening,
   * never taken from a cookie attribute (AE-03). At most {@link MAX_TTL}.
   * @default 1_209_600 (14 days, {@link DEFAULT_TTL})
   */
  readonly ttl?: number;
  /**
   * What the tokens are for, such as the cookie name: bound into the additional data, so a
   * token sealed for one context fails as forged in another (AE-02, TK-07).
   * @default ''
   */
  readonly context?: string;
  /**
   * The clock, in milliseconds since the epoch; inject one in tests rather than sleeping.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * The AEAD engine. `'auto'` uses libsodium (`sodium-native`, an optional dependency) when it
   * loads, unless the `TESSERA_SEAL_BACKEND` environment variable says `node` or `sodium`.
   * Both engines produce and open the same tokens.
   * @default 'auto'
   */
  readonly backend?: SealBackendChoice;
}

/** Per-token overrides for `Sealer.seal`. */
export interface SealOptions {
  /** Lifetime in whole seconds. @default the sealer's `ttl` */
  readonly ttl?: number;
  /** The context to bind. @default the sealer's `context` */
  readonly context?: string;
}

/** Per-token overrides for `Sealer.unseal`. */
export interface UnsealOptions {
  /** The context the token must have been sealed for. @default the sealer's `context` */
  readonly context?: string;
}

/** {@link SealerOptions} with every default applied and every value checked. */
export interface ResolvedSealerOptions {
  readonly ttl: number;
  readonly context: string;
  readonly now: () => number;
  readonly backend: SealBackendChoice;
}

/** Applies the defaults and validates once, at construction; throws {@link ConfigError}. */
export function resolveOptions(options: SealerOptions): ResolvedSealerOptions {
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') {
    throw new ConfigError('The now option must be a function returning milliseconds.');
  }
  return {
    ttl: checkTtl(options.ttl ?? DEFAULT_TTL),
    context: checkContext(options.context ?? ''),
    now,
    backend: options.backend ?? 'auto',
  };
}

/** Returns `ttl` if it is a whole number of seconds from 1 to {@link MAX_TTL}. */
export function checkTtl(ttl: number): number {
  if (!Number.isSafeInteger(ttl) || ttl <= 0 || ttl > MAX_TTL) {
    throw new ConfigError(`A seal ttl must be a whole number of seconds from 1 to ${MAX_TTL}.`);
  }
  return ttl;
}

const LONE_SURROGATE = /\p{Cs}/u;

/** Returns `context` if it is a well-formed string. */
export function checkContext(context: string): string {
  // UTF-8 would write a lone surrogate as U+FFFD, so two contexts would share additional data.
  if (typeof context !== 'string' || LONE_SURROGATE.test(context)) {
    throw new ConfigError('A seal context must be a well-formed string.');
  }
  return context;
}
