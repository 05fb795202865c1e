import { TesseraError } from '../errors.js';

/**
 * The stable codes a {@link CookieError} carries, one per rule of RFC 6265bis §4.1 that a
 * serializer enforces.
 */
export type CookieErrorCode =
  | 'ERR_COOKIE_NAME'
  | 'ERR_COOKIE_VALUE'
  | 'ERR_COOKIE_DOMAIN'
  | 'ERR_COOKIE_PATH'
  | 'ERR_COOKIE_MAX_AGE'
  | 'ERR_COOKIE_EXPIRES'
  | 'ERR_COOKIE_SAME_SITE'
  | 'ERR_COOKIE_PRIORITY'
  | 'ERR_COOKIE_PREFIX'
  | 'ERR_COOKIE_SECURE_REQUIRED'
  | 'ERR_COOKIE_TOO_LARGE';

/**
 * A cookie could not be serialized because a name, value or attribute breaks the grammar
 * of RFC 6265bis §4.1.1, a prefix rule (§4.1.3), or a size limit (§5.6).
 *
 * Parsing never throws this: parsers return a defined result for any input. The message
 * names the rule, never the offending name or value, which may be attacker-controlled.
 */
export class CookieError extends TesseraError<CookieErrorCode> {}
