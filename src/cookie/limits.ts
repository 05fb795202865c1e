/**
 * Size limits of RFC 6265bis that a server must respect for a cookie to be stored at all.
 */

/**
 * The most octets a cookie's name and value may have together; a user agent ignores a
 * larger cookie entirely (RFC 6265bis §5.6 step 4, §5.7 step 3), and OWASP ASVS 5.0 3.3.5
 * asks servers not to write one.
 */
export const MAX_COOKIE_OCTETS = 4096;

/**
 * The most octets an attribute value may have; a user agent ignores a longer attribute
 * (RFC 6265bis §5.6 step 10).
 */
export const MAX_ATTRIBUTE_OCTETS = 1024;

/**
 * The longest lifetime a user agent keeps: 400 days in seconds. Browsers clamp `Max-Age`
 * and `Expires` to it (RFC 6265bis §5.6.1, §5.6.2), so a larger `maxAge` is refused
 * rather than silently shortened.
 */
export const MAX_AGE_SECONDS = 34_560_000;
