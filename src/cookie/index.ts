/**
 * `tessera/cookie`: RFC 6265bis cookie parsing and serialization with jshttp/cookie v2's
 * call shapes, strict validation on output and user-agent leniency on input.
 */

// Cookie request header
export { getAllCookies, parseCookie } from './parse.js';
export { stringifyCookie } from './stringify.js';

// Set-Cookie response header
export { parseSetCookie } from './set-cookie-parse.js';
export {
  expireSetCookie,
  stringifySetCookie,
  type ExpireSetCookieOptions,
} from './set-cookie-stringify.js';
export { SECURE_COOKIE_DEFAULTS } from './defaults.js';

// Building blocks
export { decodeCookieValue, encodeCookieValue } from './codec.js';
export { parseCookieDate } from './cookie-date.js';
export { isCookieName, isCookieValue } from './grammar.js';
export { MAX_AGE_SECONDS, MAX_ATTRIBUTE_OCTETS, MAX_COOKIE_OCTETS } from './limits.js';

// Errors
export { CookieError, type CookieErrorCode } from './errors.js';

// Types
export type {
  CookieConstraint,
  Cookies,
  ParseOptions,
  Priority,
  PriorityInput,
  SameSite,
  SameSiteInput,
  SetCookie,
  SetCookieInit,
  SetCookieOptions,
  StringifyOptions,
} from './types.js';
