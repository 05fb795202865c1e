/**
 * `tessera`: the entry points most applications need, re-exported from the subpath modules.
 * Each subpath (`tessera/cookie`, `tessera/itsdangerous`, `tessera/seal`, `tessera/errors`)
 * holds the full surface of its module; this root pulls in no third-party code.
 */

// Errors: branch on `instanceof` or `code`
export { ConfigError, TesseraError } from './errors.js';
export { CookieError } from './cookie/index.js';
export { SealError, SealExpiredError } from './tokens/sealed/index.js';
export {
  BadData,
  BadPayload,
  BadSignature,
  BadTimeSignature,
  SignatureExpired,
} from './tokens/itsdangerous/index.js';

// Cookies
export {
  SECURE_COOKIE_DEFAULTS,
  expireSetCookie,
  getAllCookies,
  parseCookie,
  parseSetCookie,
  stringifyCookie,
  stringifySetCookie,
  type SetCookie,
  type SetCookieOptions,
} from './cookie/index.js';

// Tokens
export {
  StarletteSessionSerializer,
  URLSafeTimedSerializer,
  type SecretKeys,
} from './tokens/itsdangerous/index.js';
export { Keyring, Sealer, type KeyringEntry, type Secret } from './tokens/sealed/index.js';
