import { SECURE_COOKIE_DEFAULTS, expireSetCookie, stringifySetCookie } from '../cookie/index.js';
import type { SetCookieOptions } from '../cookie/index.js';
import type { Keyring, KeyringEntry } from '../crypto/keyring.js';
import { ConfigError } from '../errors.js';
import type { SessionEvent } from './events.js';
import type { SessionStore } from './store.js';

/** The session cookie: its name and `Set-Cookie` attributes. */
export interface SessionCookieOptions extends Pick<
  SetCookieOptions,
  'domain' | 'path' | 'secure' | 'httpOnly' | 'sameSite' | 'partitioned' | 'priority'
> {
  /**
   * The cookie name. The `__Host-` prefix binds it to this host, HTTPS and `Path=/`, so a
   * sibling subdomain cannot plant or shadow it (RFC 6265bis §4.1.3.2, checklist S6).
   * @default '__Host-sid'
   */
  readonly name?: string;
}

/** Options shared by both modes. Durations are in seconds. */
export interface CommonSessionOptions {
  /**
   * Cookie attributes over {@link SECURE_COOKIE_DEFAULTS} (`HttpOnly`, `Secure`,
   * `SameSite=Lax`, `Path=/`; OWASP ASVS 5.0 3.3.1–3.3.4), validated at construction.
   * @default { name: '__Host-sid' }
   */
  readonly cookie?: SessionCookieOptions;
  /**
   * Inactivity after which a session ends (OWASP ASVS 5.0 7.3.1).
   * @default 1800 (30 minutes)
   */
  readonly idleTimeout?: number;
  /**
   * Lifetime after which a session ends whatever its activity (OWASP ASVS 5.0 7.3.2).
   * @default 43200 (12 hours)
   */
  readonly absoluteTimeout?: number;
  /**
   * Renew the idle deadline on activity (OWASP Session Management Cheat Sheet "Renewal
   * Timeout"). When false, only writes move it.
   * @default true
   */
  readonly rolling?: boolean;
  /**
   * The least time between two renewals of an unchanged session, so an active user costs
   * one store write per interval instead of one per request (checklist RL-02).
   * @default 60
   */
  readonly touchInterval?: number;
  /**
   * How long the old ID keeps working after `regenerate()`, so requests already in flight
   * are not logged out. The old record keeps its old data: a fixated ID never gains the
   * new privileges (ASVS 7.2.4).
   * @default 5
   */
  readonly regenerateGrace?: number;
  /**
   * `false`: a browser-session cookie (no `Max-Age`). `true`: `Max-Age` is the session's
   * remaining lifetime, so it survives a browser restart.
   * @default false
   */
  readonly persistent?: boolean;
  /**
   * Send `Clear-Site-Data: "cookies"` with the response that destroys a session
   * (OWASP ASVS 5.0 14.3.1, checklist SS-09).
   * @default false
   */
  readonly clearSiteData?: boolean;
  /** The clock, in milliseconds since the epoch; tests move a fake one. @default Date.now */
  readonly now?: () => number;
  /**
   * Draws a session ID: 43 base64url characters (32 bytes). Tests inject collisions.
   * @default generateSessionId — 32 bytes of `crypto.randomBytes`
   */
  readonly generateId?: () => string;
  /** Receives lifecycle events; they carry opaque handles only, never IDs or cookies. */
  readonly onEvent?: (event: SessionEvent) => void;
}

/** Server mode: the cookie carries a random ID; the data lives in `store`. */
export interface StoreModeOptions extends CommonSessionOptions {
  /** Where records live, keyed by SHA-256 of the session ID. */
  readonly store: SessionStore;
  readonly secrets?: undefined;
}

/** Sealed mode: the whole session is encrypted into the cookie; nothing on the server. */
export interface SealedModeOptions extends CommonSessionOptions {
  /**
   * Secrets of at least 32 bytes, newest first (or a `Keyring`): the newest seals, all open,
   * and a cookie opened with an older one is re-sealed with the newest.
   */
  readonly secrets: Keyring | readonly KeyringEntry[];
  readonly store?: undefined;
}

/** Options of `createSessionManager`: exactly one of `store` or `secrets`. */
export type SessionManagerOptions = StoreModeOptions | SealedModeOptions;

/** Every option checked and defaulted; durations in milliseconds. */
export interface ResolvedOptions {
  readonly cookieName: string;
  readonly attributes: SetCookieOptions;
  /** What follows `name=value[; Max-Age=n]` in every session `Set-Cookie`: fixed at start-up. */
  readonly cookieTail: string;
  readonly idleMs: number;
  readonly absoluteMs: number;
  readonly rolling: boolean;
  readonly touchMs: number;
  readonly graceMs: number;
  readonly persistent: boolean;
  readonly clearSiteData: boolean;
  readonly now: () => number;
  readonly onEvent: (event: SessionEvent) => void;
}

function seconds(value: unknown, name: string, fallback: number, min: number): number {
  const chosen = value ?? fallback;
  if (
    typeof chosen !== 'number' ||
    !Number.isSafeInteger(chosen) ||
    chosen < min ||
    chosen > 34_560_000
  ) {
    throw new ConfigError(`${name} must be a whole number of seconds from ${min} to 34560000.`);
  }
  return chosen * 1000;
}

function fn<F>(value: F | undefined, name: string, fallback: F): F {
  if (value !== undefined && typeof value !== 'function')
    throw new ConfigError(`${name} must be a function.`);
  return value ?? fallback;
}

const noop = (): void => undefined;

/** Applies the defaults and validates every option once, at construction. */
export function resolveOptions(options: SessionManagerOptions): ResolvedOptions {
  const {
    name = '__Host-sid',
    domain,
    path,
    secure,
    httpOnly,
    sameSite,
    partitioned,
    priority,
  } = options.cookie ?? {};
  // Only the attributes a session cookie may set: its lifetime is the session's own.
  const given = { domain, path, secure, httpOnly, sameSite, partitioned, priority };
  const cookie: SetCookieOptions = { ...SECURE_COOKIE_DEFAULTS };
  for (const [key, value] of Object.entries(given)) {
    if (value !== undefined) Object.assign(cookie, { [key]: value });
  }
  let cookieTail: string;
  try {
    // Serialize once now, so a bad name, prefix or attribute fails at start-up (SC-01..SC-11).
    cookieTail = stringifySetCookie({ ...cookie, name, value: 'x' }).slice(name.length + 2);
    expireSetCookie(name, cookie);
  } catch (error) {
    throw new ConfigError('The session cookie options are invalid.', { cause: error });
  }
  const idleMs = seconds(options.idleTimeout, 'idleTimeout', 1800, 1);
  const absoluteMs = seconds(options.absoluteTimeout, 'absoluteTimeout', 43_200, 1);
  if (idleMs > absoluteMs) throw new ConfigError('idleTimeout must not exceed absoluteTimeout.');
  return {
    cookieName: name,
    attributes: cookie,
    cookieTail,
    idleMs,
    absoluteMs,
    rolling: options.rolling ?? true,
    touchMs: seconds(options.touchInterval, 'touchInterval', 60, 0),
    graceMs: seconds(options.regenerateGrace, 'regenerateGrace', 5, 0),
    persistent: options.persistent ?? false,
    clearSiteData: options.clearSiteData ?? false,
    now: fn(options.now, 'now', Date.now),
    onEvent: fn(options.onEvent, 'onEvent', noop),
  };
}
