/**
 * The shapes `tessera/cookie` reads and returns. The call shapes match jshttp/cookie v2 so
 * code written for it moves over unchanged.
 */

/** A parsed `Cookie` header: cookie name → value. Parsers return objects that inherit nothing. */
export type Cookies = Record<string, string | undefined>;

/** The values of `SameSite` (RFC 6265bis §4.1.2.7), as parsers return them. */
export type SameSite = 'strict' | 'lax' | 'none';

/** The values of `Priority` (draft-west-cookie-priority-00 §4.1), as parsers return them. */
export type Priority = 'low' | 'medium' | 'high';

/** `SameSite` as a serializer accepts it: matched case-insensitively at run time. */
export type SameSiteInput = SameSite | Capitalize<SameSite> | Uppercase<SameSite>;

/** `Priority` as a serializer accepts it: matched case-insensitively at run time. */
export type PriorityInput = Priority | Capitalize<Priority> | Uppercase<Priority>;

/** Options of the parsers. */
export interface ParseOptions {
  /**
   * Turns a raw cookie-value into the string returned. Returning `undefined` skips that
   * cookie, so a later cookie with the same name may fill its place.
   * @default decodeCookieValue — percent-decoding that keeps the raw value when an escape is malformed
   */
  readonly decode?: ((value: string) => string | undefined) | undefined;
}

/** Options of the serializers. */
export interface StringifyOptions {
  /**
   * Turns a value into a cookie-value. Its result must be an RFC 6265bis §4.1.1 cookie-value
   * (cookie-octets, optionally in double quotes) or the serializer throws `ERR_COOKIE_VALUE`.
   * @default encodeCookieValue — cookie-octets other than `%` as they are, `encodeURIComponent` otherwise
   */
  readonly encode?: ((value: string) => string) | undefined;
}

/**
 * The attributes of a `Set-Cookie` header line as a serializer accepts them (RFC 6265bis
 * §4.1.2). An attribute that is `undefined` is left out; the serializer adds nothing on its
 * own (spread {@link SECURE_COOKIE_DEFAULTS} for Tessera's defaults).
 */
export interface SetCookieOptions {
  /**
   * `Max-Age` in whole seconds, 0 to 34 560 000 (400 days, RFC 6265bis §5.6.2); 0 expires the
   * cookie at once. Anything else throws `ERR_COOKIE_MAX_AGE`.
   * @default undefined — a session cookie unless `expires` is set
   */
  maxAge?: number | undefined;
  /**
   * `Expires` as an IMF-fixdate (RFC 6265bis §4.1.2.1, `Date#toUTCString()`); the UTC year
   * must be 1601–9999 (§5.1.1) or the serializer throws `ERR_COOKIE_EXPIRES`.
   * @default undefined
   */
  expires?: Date | undefined;
  /**
   * `Domain` (RFC 6265bis §4.1.2.3): LDH labels, one optional leading dot. Setting it widens
   * the cookie to every subdomain; leave it out for a host-only cookie (OWASP Session
   * Management Cheat Sheet, "Domain and Path Attributes").
   * @default undefined — host-only
   */
  domain?: string | undefined;
  /**
   * `Path` (RFC 6265bis §4.1.2.4): starts with `/`, no CTLs, no `;`.
   * @default undefined — the user agent's default-path
   */
  path?: string | undefined;
  /**
   * `Secure` (RFC 6265bis §4.1.2.5): send only over secure channels. Required by the
   * `__Secure-`, `__Host-` and `__Http-` prefixes, `SameSite=None` and `Partitioned`.
   * @default false
   */
  secure?: boolean | undefined;
  /**
   * `HttpOnly` (RFC 6265bis §4.1.2.6): hide the cookie from scripts. OWASP ASVS 5.0 3.3.4
   * requires it for session tokens.
   * @default false
   */
  httpOnly?: boolean | undefined;
  /**
   * `SameSite` (RFC 6265bis §4.1.2.7), case-insensitive: `strict`, `lax` or `none`. Unlike
   * jshttp/cookie, `true` is refused (`ERR_COOKIE_SAME_SITE`): it does not say which policy.
   * `none` requires `secure` (§5.7 step 19).
   * @default undefined — the browser's default policy, which varies (so Tessera's defaults set `lax`)
   */
  sameSite?: SameSiteInput | undefined;
  /**
   * `Partitioned` (CHIPS, draft-cutler-httpbis-partitioned-cookies): keys the cookie by
   * top-level site. Requires `secure`.
   * @default false
   */
  partitioned?: boolean | undefined;
  /**
   * `Priority` (draft-west-cookie-priority-00), case-insensitive: `low`, `medium` or `high`.
   * @default undefined — medium
   */
  priority?: PriorityInput | undefined;
}

/**
 * A cookie as {@link parseSetCookie} returns it: the name, the decoded value, and each
 * attribute a user agent would honour (RFC 6265bis §5.6), normalized.
 */
export interface SetCookie {
  /** The cookie-name; empty when the header line had no `=` before its first `;`. */
  name: string;
  /** The cookie-value after `decode`; double quotes are kept (§5.6). */
  value: string | undefined;
  /** Seconds, clamped to 34 560 000 (§5.6.2); zero or negative means "expire now". */
  maxAge?: number;
  /** Parsed with the cookie-date algorithm of §5.1.1. */
  expires?: Date;
  /** Without a leading dot, lower-cased (§5.6.3). */
  domain?: string;
  /** Only a value starting with `/` (§5.6.4). */
  path?: string;
  /** `Secure` was present, with or without a value. */
  secure?: boolean;
  /** `HttpOnly` was present, with or without a value. */
  httpOnly?: boolean;
  /** Lower-cased; an unknown value is left out, as user agents then apply their default (§5.6.7). */
  sameSite?: SameSite;
  /** `Partitioned` was present (CHIPS). */
  partitioned?: boolean;
  /** Lower-cased; an unknown value is left out. */
  priority?: Priority;
}

/**
 * The attributes a cookie-name prefix requires (RFC 6265bis §4.1.3, layered-cookies draft),
 * detected case-insensitively as user agents do (§5.4):
 * - `__Secure-` needs `secure: true`;
 * - `__Host-` also needs `path: '/'` and no `domain`;
 * - `__Http-` needs `secure` and `httpOnly`; `__Host-Http-` needs both sets.
 *
 * Only a literal name can be checked at compile time; the serializer checks every name at
 * run time regardless.
 */
export type CookieConstraint<Name extends string> =
  Lowercase<Name> extends `__host-http-${string}`
    ? { secure: true; httpOnly: true; path: '/'; domain?: undefined }
    : Lowercase<Name> extends `__host-${string}`
      ? { secure: true; path: '/'; domain?: undefined }
      : Lowercase<Name> extends `__http-${string}`
        ? { secure: true; httpOnly: true }
        : Lowercase<Name> extends `__secure-${string}`
          ? { secure: true }
          : unknown;

/** The object form of {@link stringifySetCookie}'s input. */
export type SetCookieInit<Name extends string = string> = {
  /** An RFC 9110 token. */
  name: Name;
  /** Encoded with `encode`; `undefined` gives an empty value. */
  value: string | undefined;
} & SetCookieOptions &
  CookieConstraint<Name>;
