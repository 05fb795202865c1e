import { TesseraError } from '../errors.js';

/** The stable codes a {@link SessionError} carries. */
export type SessionErrorCode =
  | 'ERR_SESSION_CONFLICT'
  | 'ERR_SESSION_ID_COLLISION'
  | 'ERR_SESSION_TOO_LARGE'
  | 'ERR_SESSION_UNSUPPORTED'
  | 'ERR_SESSION_COMMITTED'
  | 'ERR_SESSION_DATA';

/**
 * A session could not be saved or an operation is impossible. Branch on {@link SessionError.code}:
 * - `ERR_SESSION_CONFLICT`: concurrent writers kept winning the compare-and-set; retry the request;
 * - `ERR_SESSION_ID_COLLISION`: the ID generator kept returning IDs already in use;
 * - `ERR_SESSION_TOO_LARGE`: see {@link SessionTooLargeError};
 * - `ERR_SESSION_UNSUPPORTED`: a user-index operation on stateless sealed sessions, which
 *   cannot be enumerated or revoked server-side;
 * - `ERR_SESSION_COMMITTED`: the session was changed after `commit()`;
 * - `ERR_SESSION_DATA`: the data nests deeper than a stored session may (64 levels).
 *
 * Messages never contain session IDs, cookie values or data (OWASP ASVS 5.0 16.5.1).
 */
export class SessionError extends TesseraError<SessionErrorCode> {}

/**
 * A sealed session does not fit in one cookie (4096 octets for name and value, RFC 6265bis
 * §5.6, OWASP ASVS 5.0 3.3.5). Thrown at commit so the application notices, rather than the
 * browser silently dropping the cookie and logging the user out.
 */
export class SessionTooLargeError extends SessionError {
  declare readonly code: 'ERR_SESSION_TOO_LARGE';

  constructor(options?: ErrorOptions) {
    super(
      'ERR_SESSION_TOO_LARGE',
      'The sealed session exceeds the 4096-octet cookie limit; keep less in it or use a store.',
      options,
    );
  }
}
