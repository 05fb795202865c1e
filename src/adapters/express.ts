/**
 * `tessera/adapters/express`: sessions for Express 4 and 5. Glue only: the middleware
 * commits through node:http's header hold, so it needs nothing from Express at run time.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  csrfProtection,
  requireSession,
  verifyCsrf,
  type CsrfOptions,
  type GuardOptions,
} from '../http/index.js';
import type { Session, SessionManager } from '../session/index.js';
import { commitBeforeHeaders } from './node-response.js';
import { formOf, handledResponse } from '../http/responses.js';
import { nodeCsrfRequest, sendFailure } from './node-response.js';
import { attachSession, sessionOf } from './registry.js';

/** An Express middleware, typed without Express. */
type Middleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

export { deleteCookie, setCookie } from './node-response.js';

/** Express gives each app's responses a prototype of their own: hold through it. */
const EXPRESS_HOLD = { onPrototype: true } as const;

/** Options of {@link sessionMiddleware}. */
export interface ExpressSessionOptions {
  /**
   * Receives commit errors other than store outages (such as an oversized sealed session),
   * after the 500 is sent. Errors of handlers go to Express's error handlers as usual.
   * @default console.error
   */
  readonly onError?: (error: unknown) => void;
}

/**
 * Express middleware: gives each request a lazy session, read with {@link getSession}, and
 * commits it when the response first writes its head or body, before anything is flushed
 * (checklist MW-04), appending its `Set-Cookie`, `Vary` and `Cache-Control` headers to the
 * handler's. A store outage answers 503 JSON, also when it reached a handler first: the
 * commit meets the same fault and replaces Express's error page. Add {@link errorHandler}
 * for `HttpError` refusals.
 *
 * @example
 * app.use(sessionMiddleware(sessions));
 * app.post('/counter', async (req, res) => {
 *   res.json({ count: await getSession(req, sessions).update('count', (n) => (n ?? 0) + 1) });
 * });
 */
export function sessionMiddleware<T extends object>(
  manager: SessionManager<T>,
  options: ExpressSessionOptions = {},
): Middleware {
  const { onError = console.error } = options;
  return (req, res, next) => {
    const session = manager.fromRequest(req);
    attachSession(req, manager, session);
    commitBeforeHeaders(res, session, onError, EXPRESS_HOLD);
    next();
  };
}

/**
 * Express error middleware, registered after the routes: answers an `HttpError` (401 guard,
 * 403 CSRF, 422 cookie parameter) with its JSON refusal and a store outage with 503 JSON,
 * as every Tessera adapter does; any other error goes on to the next error handler.
 *
 * @example
 * app.use(errorHandler());
 */
export function errorHandler(): (
  error: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void {
  return (error, _req, res, next) => {
    if (handledResponse(error) === undefined || res.headersSent) next(error);
    else sendFailure(res, error);
  };
}

/**
 * The session of `req`, typed by `manager`'s data: no declaration merging needed.
 * @throws {ConfigError} when {@link sessionMiddleware} did not run with `manager`.
 */
export function getSession<T extends object>(
  req: IncomingMessage,
  manager: SessionManager<T>,
): Session<T> {
  return sessionOf(req, manager);
}

/**
 * Express middleware for routes behind a login, FastAPI's `Depends(get_current_user)`:
 * passes a session {@link requireSession} accepts and hands anything else to `next` as a
 * 401 `{"detail":"Not authenticated"}`, which {@link errorHandler} answers.
 *
 * @example
 * app.get('/data', requireSessionMiddleware(sessions), handler);
 */
export function requireSessionMiddleware<T extends object, K extends keyof T & string = never>(
  manager: SessionManager<T>,
  options?: GuardOptions<T, K>,
): Middleware {
  return (req, _res, next) => {
    requireSession(sessionOf(req, manager), options).then(() => {
      next();
    }, next);
  };
}

/**
 * Express middleware refusing cross-site and unproven unsafe requests with 403, through
 * {@link verifyCsrf}: the browser's `Sec-Fetch-Site`/`Origin` headers, then the session's
 * synchronizer token from the `x-csrf-token` header or the `csrf_token` field of `req.body`
 * (mount `express.urlencoded()` first for forms). Answered by {@link errorHandler}.
 *
 * @example
 * app.use(sessionMiddleware(sessions), express.urlencoded({ extended: false }), csrfMiddleware(sessions));
 */
export function csrfMiddleware<T extends object>(
  manager: SessionManager<T>,
  options?: CsrfOptions,
): Middleware {
  const protection = csrfProtection(options);
  return (req, _res, next) => {
    const form = formOf((req as { body?: unknown }).body);
    verifyCsrf(protection, sessionOf(req, manager), nodeCsrfRequest(req), form).then(() => {
      next();
    }, next);
  };
}
