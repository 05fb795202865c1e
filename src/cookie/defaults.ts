/**
 * The attributes Tessera puts on every cookie it sets unless the caller opts out: `HttpOnly`
 * and `Secure` (OWASP ASVS 5.0 3.3.1, 3.3.4), `SameSite=Lax` because browsers' defaults vary
 * (ASVS 3.3.2, OWASP Session Management Cheat Sheet "SameSite Attribute"), and `Path=/` so a
 * `__Host-` name is valid as it is (RFC 6265bis §4.1.3.2). Spread it first, then override:
 * `stringifySetCookie({ ...SECURE_COOKIE_DEFAULTS, name: '__Host-sid', value })`.
 *
 * The serializer itself adds nothing, as with jshttp/cookie, so plain calls stay plain.
 */
export const SECURE_COOKIE_DEFAULTS = Object.freeze({
  httpOnly: true,
  secure: true,
  sameSite: 'lax',
  path: '/',
} as const);
