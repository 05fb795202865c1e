/**
 * `tessera/adapters/hono`: sessions for Hono 4. Glue only: a middleware that sets the
 * session as `c.get('session')` and commits it after `await next()`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ExpireSetCookieOptions, SetCookieOptions } from '../cookie/index.js';
import {
  csrfProtection,
  isSafeMethod,
  requireSession,
  verifyCsrf,
  type CsrfOptions,
  type GuardOptions,
} from '../http/index.js';
import type { IncomingMessage } from 'node:http';
import type { CommitResult, RequestLike, Session, SessionManager } from '../session/index.js';
import {
  applyCommit,
  handledResponse,
  plainCookie,
  plainCookieDeletion,
  type HeaderTarget,
} from '../http/responses.js';

/** The Hono environment {@link sessionMiddleware} provides: `c.get('session')`. */
export interface SessionEnv<T extends object> {
  Variables: { session: Session<T> };
}

/**
 * Adds a commit's headers to the handler's response. Its own `Headers` take them in place
 * when they are mutable; `c.header` after the response is final would rebuild the response
 * around its body (on @hono/node-server, a stream where a string was: ~65 µs a request), so
 * it is only the fallback for immutable headers (a `fetch()` response, say).
 */
function addCommitHeaders(c: Context, committed: CommitResult): void {
  try {
    applyCommit(c.res.headers, committed);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    applyCommit(contextHeaders(c), committed);
  }
}

/** The response through `c.header`, which copies a response whose headers are immutable. */
function contextHeaders(c: Context): HeaderTarget {
  return {
    get: (name) => c.res.headers.get(name),
    set: (name, value) => {
      c.header(name, value);
    },
    append: (name, value) => {
      c.header(name, value, { append: true });
    },
  };
}

/**
 * What the session reads from the request: on @hono/node-server, the Node request's own
 * headers, which spares building a Web `Request` for a cookie; elsewhere `c.req.raw`.
 */
function requestOf(c: Context): RequestLike {
  const incoming = (c.env as { incoming?: Partial<IncomingMessage> } | undefined)?.incoming;
  return typeof incoming?.headers === 'object' ? (incoming as RequestLike) : c.req.raw;
}

/**
 * Hono middleware: sets a lazy session as `c.get('session')`, typed by `manager`'s data,
 * and commits it once the handler has answered, appending its `Set-Cookie`, `Vary` and
 * `Cache-Control` headers to the response's. A store outage answers 503 JSON, whether the
 * handler or the commit met it, and an `HttpError` (401 guard, 403 CSRF, 422 cookie
 * parameter) its JSON refusal.
 *
 * @example
 * const app = new Hono<SessionEnv<{ count: number }>>().use(sessionMiddleware(sessions));
 * app.post('/counter', async (c) =>
 *   c.json({ count: await c.get('session').update('count', (n) => (n ?? 0) + 1) }),
 * );
 */
export function sessionMiddleware<T extends object>(
  manager: SessionManager<T>,
): MiddlewareHandler<SessionEnv<T>> {
  return async (c, next) => {
    const session = manager.fromRequest(requestOf(c));
    c.set('session', session);
    await next();
    let answer = handledResponse(c.error);
    if (answer === undefined) {
      try {
        addCommitHeaders(c, await session.commit());
        return;
      } catch (error) {
        answer = handledResponse(error);
        if (answer === undefined) throw error;
      }
    }
    // Cleared first: Hono's setter would carry the failed response's headers over.
    c.res = undefined;
    c.res = new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
}

/**
 * Middleware for routes behind a login, FastAPI's `Depends(get_current_user)`: throws
 * {@link requireSession}'s 401 `{"detail":"Not authenticated"}`, which
 * {@link sessionMiddleware} answers.
 *
 * @example
 * app.get('/data', requireSessionMiddleware(), (c) => c.json({ ok: true }));
 */
export function requireSessionMiddleware<T extends object, K extends keyof T & string = never>(
  options?: GuardOptions<T, K>,
): MiddlewareHandler<SessionEnv<T>> {
  return async (c, next) => {
    await requireSession(c.get('session'), options);
    await next();
  };
}

/**
 * Middleware refusing cross-site and unproven unsafe requests with 403, through
 * {@link verifyCsrf}: the browser's `Sec-Fetch-Site`/`Origin` headers, then the session's
 * synchronizer token from the `x-csrf-token` header or the form's `csrf_token` field
 * (`c.req.parseBody()`, cached for the handler).
 *
 * @example
 * app.use(sessionMiddleware(sessions)).use(csrfMiddleware());
 */
export function csrfMiddleware<T extends object>(
  options?: CsrfOptions,
): MiddlewareHandler<SessionEnv<T>> {
  const protection = csrfProtection(options);
  return async (c, next) => {
    const { raw } = c.req;
    const form = isSafeMethod(raw.method) ? undefined : await c.req.parseBody();
    await verifyCsrf(protection, c.get('session'), raw, form);
    await next();
  };
}

/**
 * Appends a plain cookie to the response, with `HttpOnly`, `Secure`, `SameSite=Lax` and
 * `Path=/` unless `attributes` override them (OWASP ASVS 5.0 3.3.1–3.3.4).
 * @throws {CookieError} for an invalid name, value or attribute.
 */
export function setCookie(
  c: Context,
  name: string,
  value: string,
  attributes?: SetCookieOptions,
): void {
  c.header('set-cookie', plainCookie(name, value, attributes), { append: true });
}

/**
 * Appends the `Set-Cookie` that deletes a plain cookie; pass the `domain` and `path` it was
 * set with (RFC 6265bis §4.1.2).
 * @throws {CookieError} for an invalid name or attribute.
 */
export function deleteCookie(c: Context, name: string, attributes?: ExpireSetCookieOptions): void {
  c.header('set-cookie', plainCookieDeletion(name, attributes), { append: true });
}
