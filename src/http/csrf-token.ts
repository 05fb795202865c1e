import { randomBytes } from 'node:crypto';
import { constantTimeEqual } from '../crypto/compare.js';
import { encodeBase64Url } from '../crypto/encoding.js';
import type { Session } from '../session/index.js';
import { CsrfError } from './errors.js';
import type { HeadersLike } from './headers.js';
import { headerOf } from './headers.js';

/** The session key the token is kept under; applications must not use it. */
export const CSRF_SESSION_KEY = '__tessera_csrf';

/** The request header a script sends the token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** The form field a server-rendered form sends the token in. */
export const CSRF_FIELD = 'csrf_token';

/** Random bytes per token: 256 bits, twice the 128 the cheat sheet asks for (CS-02). */
const TOKEN_BYTES = 32;

/** As kept in the session: the token and the user it was issued to (`null`: anonymous). */
interface Stored {
  readonly token: string;
  readonly user: string | null;
}

/** The session seen as untyped, so the reserved key can be read and written. */
type AnySession = Session;

const asAny = <T extends object>(session: Session<T>): AnySession =>
  session as unknown as AnySession;

const isStored = (value: unknown): value is Stored =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Stored).token === 'string' &&
  (typeof (value as Stored).user === 'string' || (value as Stored).user === null);

/** The stored token, if it was issued to the session's current user. */
async function current(session: AnySession): Promise<string | undefined> {
  const stored = await session.get(CSRF_SESSION_KEY);
  const user = (await session.userId()) ?? null;
  return isStored(stored) && stored.user === user ? stored.token : undefined;
}

/**
 * A new token for the session, replacing any other. {@link csrfToken} rotates on its own
 * when the user changes; call this after other privilege changes (role, password).
 */
export async function rotateCsrfToken<T extends object>(session: Session<T>): Promise<string> {
  const untyped = asAny(session);
  const token = encodeBase64Url(randomBytes(TOKEN_BYTES));
  const stored: Stored = { token, user: (await untyped.userId()) ?? null };
  await untyped.set(CSRF_SESSION_KEY, stored);
  return token;
}

/**
 * The session's synchronizer token, for a hidden `csrf_token` field or an `x-csrf-token`
 * header (OWASP CSRF Prevention Cheat Sheet, "Synchronizer Token Pattern"; checklist CS-02).
 * Created on first use (256 random bits) and kept in the session under
 * {@link CSRF_SESSION_KEY}, so it dies with the session: `destroy()` (logout) ends it. It is
 * bound to the user: after `logIn` (a new user) a new one is issued, so a token planted
 * before login is worth nothing (CS-07). A plain `regenerate()` keeps the session's data,
 * and the token with it; use {@link rotateCsrfToken} to renew it then.
 *
 * Calling it on an anonymous session writes the session, which is how a login form gets its
 * pre-session token.
 */
export async function csrfToken<T extends object>(session: Session<T>): Promise<string> {
  return (await current(asAny(session))) ?? rotateCsrfToken(session);
}

/**
 * Checks a submitted token against the session's, in constant time (CS-02).
 * @throws {CsrfError} 403 `CSRF token missing or invalid` when it is absent, not a string,
 * from another session or user, or from before logout.
 */
export async function verifyCsrfToken<T extends object>(
  session: Session<T>,
  submitted: unknown,
): Promise<void> {
  const expected = await current(asAny(session));
  const valid =
    typeof submitted === 'string' &&
    expected !== undefined &&
    constantTimeEqual(Buffer.from(submitted), Buffer.from(expected));
  if (!valid) throw new CsrfError('CSRF token missing or invalid');
}

/** A parsed form: `FormData`, `URLSearchParams`, a `Map`, or a plain record of fields. */
export type FormLike = { get(name: string): unknown } | Readonly<Record<string, unknown>>;

/**
 * The token a request submits: the `x-csrf-token` header, else the form's `csrf_token`
 * field. Never the query string, which leaks into logs and Referer (CS-02), and never a
 * cookie, which the browser attaches to forged requests too.
 */
export function submittedCsrfToken(headers: HeadersLike, form?: FormLike): string | undefined {
  const header = headerOf(headers, CSRF_HEADER);
  if (header !== undefined) return header;
  if (form === undefined) return undefined;
  const field =
    typeof form.get === 'function'
      ? (form as { get(name: string): unknown }).get(CSRF_FIELD)
      : Object.hasOwn(form, CSRF_FIELD)
        ? (form as Readonly<Record<string, unknown>>)[CSRF_FIELD]
        : undefined;
  return typeof field === 'string' ? field : undefined;
}
