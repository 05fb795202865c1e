import { TesseraError } from '../../errors.js';

/** The stable codes a {@link SealError} carries. */
export type SealErrorCode =
  | 'ERR_SEAL_MALFORMED'
  | 'ERR_SEAL_UNKNOWN_KEY'
  | 'ERR_SEAL_FORGED'
  | 'ERR_SEAL_EXPIRED'
  | 'ERR_SEAL_VALUE';

/**
 * A token could not be sealed or opened. Branch on {@link SealError.code}:
 * - `ERR_SEAL_MALFORMED`: not a well-formed `v1` token (version, parts, base64url, length),
 *   found before any cryptography runs (AE-04), or a sealed payload that does not decode;
 * - `ERR_SEAL_UNKNOWN_KEY`: its key id is not on the keyring (a retired key, or a forgery);
 * - `ERR_SEAL_FORGED`: authentication failed: altered bytes, another key or another context;
 * - `ERR_SEAL_EXPIRED`: authentic but past its expiry, see {@link SealExpiredError};
 * - `ERR_SEAL_VALUE`: `seal()` was given a value JSON cannot represent, or too large a one.
 *
 * For a request, every code but `ERR_SEAL_VALUE` means the same thing: no session (AE-06).
 * Messages never quote the token, the value or a key (OWASP ASVS 5.0 16.5.1).
 */
export class SealError extends TesseraError<SealErrorCode> {}

/**
 * An authentic token whose expiry has come: the clock reads `expiresAt` or later. The
 * expiry instant itself counts as expired, as it does for @fastify/secure-session.
 */
export class SealExpiredError extends SealError {
  declare readonly code: 'ERR_SEAL_EXPIRED';
  /** The instant the token expired. */
  readonly expiresAt: Date;

  constructor(expiresAt: Date) {
    super('ERR_SEAL_EXPIRED', `The sealed token expired at ${expiresAt.toISOString()}.`);
    this.expiresAt = expiresAt;
  }
}
