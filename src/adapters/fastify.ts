/**
 * `tessera/adapters/fastify`: sessions for Fastify 5. Glue only: a plugin with an
 * `onRequest` hook that opens the session and an `onSend` hook that commits it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ExpireSetCookieOptions, SetCookieOptions } from '../cookie/index.js';
import {
  csrfProtection,
  requireSession,
  verifyCsrf,
  type CsrfOptions,
  type GuardOptions,
} from '../http/index.js';
import type { Session, SessionManager } from '../session/index.js';
import {
  applyCommit,
  formOf,
  handledResponse,
  plainCookie,
  plainCookieDeletion,
  type HeaderTarget,
} from '../http/responses.js';
import { nodeCsrfRequest } from './node-response.js';
import { attachSession, findSession, sessionOf } from './registry.js';

/** A plugin for `fastify.register`, applied to the whole application (as fastify-plugin does). */
export type SessionPlugin = ((fastify: FastifyInstance) => Promise<void>) & {
  readonly [key: symbol]: unknown;
};

/** A reply as a {@link HeaderTarget}: Fastify's `header` appends only `Set-Cookie`. */
class ReplyHeaders implements HeaderTarget {
  readonly #reply: FastifyReply;

  constructor(reply: FastifyReply) {
    this.#reply = reply;
  }

  get(name: string): string | undefined {
    return this.#reply.getHeader(name)?.toString();
  }

  set(name: string, value: string): void {
    this.#reply.header(name, value);
  }

  append(name: string, value: string): void {
    const current = name === 'set-cookie' ? undefined : this.#reply.getHeader(name);
    this.#reply.header(name, current === undefined ? value : `${String(current)}, ${value}`);
  }
}

/**
 * Fastify plugin: gives each request a lazy session, read with {@link getSession}, and
 * commits it in `onSend`, before the head goes out (checklist MW-04), adding its
 * `Set-Cookie`, `Vary` and `Cache-Control` headers to the reply's. A store outage answers
 * 503 JSON and an `HttpError` (401 guard, 403 CSRF, 422 cookie parameter) its JSON refusal,
 * in place of the error handler's reply. Not encapsulated (as fastify-plugin would make
 * it), so every route of the instance has sessions.
 *
 * @example
 * await app.register(sessionPlugin(sessions));
 * app.post('/counter', async (request) => ({
 *   count: await getSession(request, sessions).update('count', (n) => (n ?? 0) + 1),
 * }));
 */
export function sessionPlugin<T extends object>(manager: SessionManager<T>): SessionPlugin {
  const plugin = (fastify: FastifyInstance): Promise<void> => {
    // Errors seen by this request's handlers and hooks, to answer refusals and outages in onSend.
    const failed = new WeakMap<FastifyRequest, unknown>();
    fastify.addHook('onRequest', (request, _reply, done) => {
      attachSession(request, manager, manager.fromRequest(request));
      done();
    });
    fastify.addHook('onError', (request, _reply, error, done) => {
      failed.set(request, error);
      done();
    });
    fastify.addHook('onSend', async (request, reply, payload) => {
      let answer = handledResponse(failed.get(request));
      if (answer === undefined) {
        try {
          // Absent when an earlier onRequest hook replied before ours ran.
          const session = findSession(request, manager);
          if (session !== undefined) applyCommit(new ReplyHeaders(reply), await session.commit());
          return payload;
        } catch (error) {
          answer = handledResponse(error);
          if (answer === undefined) throw error;
        }
      }
      for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
      reply.code(answer.status).headers(answer.headers);
      return answer.body;
    });
    return Promise.resolve();
  };
  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'tessera-sessions',
  });
}

/**
 * The session of `request`, typed by `manager`'s data: no declaration merging needed.
 * @throws {ConfigError} when {@link sessionPlugin} was not registered with `manager`.
 */
export function getSession<T extends object>(
  request: FastifyRequest,
  manager: SessionManager<T>,
): Session<T> {
  return sessionOf(request, manager);
}

/** A `preHandler` hook: it resolves to let the request through, or throws its refusal. */
export type PreHandler = (request: FastifyRequest) => Promise<void>;

/**
 * A `preHandler` hook for routes behind a login, FastAPI's `Depends(get_current_user)`:
 * throws {@link requireSession}'s 401 `{"detail":"Not authenticated"}`, which
 * {@link sessionPlugin} answers.
 *
 * @example
 * app.get('/data', { preHandler: requireSessionHook(sessions) }, handler);
 */
export function requireSessionHook<T extends object, K extends keyof T & string = never>(
  manager: SessionManager<T>,
  options?: GuardOptions<T, K>,
): PreHandler {
  return async (request) => {
    await requireSession(sessionOf(request, manager), options);
  };
}

/**
 * A `preHandler` hook refusing cross-site and unproven unsafe requests with 403, through
 * {@link verifyCsrf}: the browser's `Sec-Fetch-Site`/`Origin` headers, then the session's
 * synchronizer token from the `x-csrf-token` header or the `csrf_token` field of the parsed
 * body (register a form parser such as `@fastify/formbody` for forms).
 *
 * @example
 * app.addHook('preHandler', csrfHook(sessions));
 */
export function csrfHook<T extends object>(
  manager: SessionManager<T>,
  options?: CsrfOptions,
): PreHandler {
  const protection = csrfProtection(options);
  return (request) =>
    verifyCsrf(
      protection,
      sessionOf(request, manager),
      nodeCsrfRequest(request.raw),
      formOf(request.body),
    );
}

/**
 * Adds a plain cookie to `reply`, with `HttpOnly`, `Secure`, `SameSite=Lax` and `Path=/`
 * unless `attributes` override them (OWASP ASVS 5.0 3.3.1–3.3.4).
 * @throws {CookieError} for an invalid name, value or attribute.
 */
export function setCookie(
  reply: FastifyReply,
  name: string,
  value: string,
  attributes?: SetCookieOptions,
): void {
  reply.header('set-cookie', plainCookie(name, value, attributes));
}

/**
 * Adds the `Set-Cookie` that deletes a plain cookie; pass the `domain` and `path` it was set
 * with (RFC 6265bis §4.1.2).
 * @throws {CookieError} for an invalid name or attribute.
 */
export function deleteCookie(
  reply: FastifyReply,
  name: string,
  attributes?: ExpireSetCookieOptions,
): void {
  reply.header('set-cookie', plainCookieDeletion(name, attributes));
}
