import type { Session, SessionManager } from '../session/index.js';
import { applyCommit, failure, httpErrorResponse, isUnavailable } from '../http/responses.js';

/** What a handler receives besides the request. */
export interface SessionContext<T extends object> {
  readonly session: Session<T>;
}

/** A fetch-style handler with a session. */
export type SessionHandler<T extends object> = (
  request: Request,
  context: SessionContext<T>,
) => Response | Promise<Response>;

/**
 * Wraps a fetch handler (`(request) => Response`, as Deno, Bun, Cloudflare and Node's
 * `Request`/`Response` use): runs it with the request's session, commits, and adds the
 * session's `Set-Cookie`, `Vary` and `Cache-Control` headers. A store outage answers 503;
 * a bad cookie is an anonymous session, never an error.
 */
export function withSessions<T extends object>(
  manager: SessionManager<T>,
  handler: SessionHandler<T>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const session = manager.fromRequest(request);
    try {
      let response = await handler(request, { session });
      const committed = await session.commit();
      if (committed.setCookies.length === 0 && Object.keys(committed.headers).length === 0)
        return response;
      try {
        applyCommit(response.headers, committed);
      } catch {
        // Response.redirect() and fetch() responses have immutable headers: copy, then add.
        response = new Response(response.body, response);
        applyCommit(response.headers, committed);
      }
      return response;
    } catch (error) {
      const refused = httpErrorResponse(error);
      if (refused !== undefined) return new Response(refused.body, refused);
      if (!isUnavailable(error)) throw error;
      const { status, body, headers } = failure(error);
      return new Response(body, { status, headers });
    }
  };
}
