/**
 * The node:http glue that the node-http and Express adapters share: commit a session before
 * the response's head leaves, answer failures, and write plain cookies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ExpireSetCookieOptions, SetCookieOptions } from '../cookie/index.js';
import type { Session } from '../session/index.js';
import { holdHeaders, type HoldOptions } from './intercept.js';
import type { CsrfRequest } from '../http/index.js';
import {
  applyCommit,
  failure,
  httpErrorResponse,
  isUnavailable,
  plainCookie,
  plainCookieDeletion,
  type HeaderTarget,
} from '../http/responses.js';

/**
 * Answers `error` on `res` (an `HttpError` with its refusal, a store outage with 503, else
 * 500) and passes anything that is a bug rather than a refusal or an outage to `onError`.
 */
export function answerFailure(
  res: ServerResponse,
  error: unknown,
  onError: (error: unknown) => void,
): void {
  sendFailure(res, error);
  if (!isUnavailable(error) && httpErrorResponse(error) === undefined) onError(error);
}

/**
 * Commits `session` when `res` first writes its head or body, before anything is flushed
 * (checklist MW-04), appending its `Set-Cookie`, `Vary` and `Cache-Control` headers to the
 * handler's. A session nothing read or changed by then has nothing to write or send: its
 * response goes out at once. Returns `abort`, which drops the held writes after the handler
 * failed.
 */
export function commitBeforeHeaders(
  res: ServerResponse,
  session: Session<object>,
  onError: (error: unknown) => void,
  options?: Pick<HoldOptions, 'onPrototype'>,
): { abort: () => void } {
  return holdHeaders(
    res,
    async () => {
      const committed = await session.commit();
      return () => {
        applyCommit(nodeHeaders(res), committed);
      };
    },
    (error) => {
      answerFailure(res, error, onError);
    },
    {
      onPrototype: options?.onPrototype === true,
      idle: () => {
        if (!session.untouched) return false;
        // Committed all the same, so a change after the response started throws, as it
        // does once a held commit has run.
        void session.commit();
        return true;
      },
    },
  );
}

/**
 * Appends a plain cookie to `res`, with `HttpOnly`, `Secure`, `SameSite=Lax` and `Path=/`
 * unless `attributes` override them (OWASP ASVS 5.0 3.3.1–3.3.4): the tutorial's
 * `response.set_cookie`, on any response, JSON included.
 * @throws {CookieError} for an invalid name, value or attribute; nothing is sent.
 */
export function setCookie(
  res: ServerResponse,
  name: string,
  value: string,
  attributes?: SetCookieOptions,
): void {
  res.appendHeader('set-cookie', plainCookie(name, value, attributes));
}

/**
 * Appends the `Set-Cookie` that deletes a plain cookie (`delete_cookie`); pass the `domain`
 * and `path` it was set with (RFC 6265bis §4.1.2).
 * @throws {CookieError} for an invalid name or attribute.
 */
export function deleteCookie(
  res: ServerResponse,
  name: string,
  attributes?: ExpireSetCookieOptions,
): void {
  res.appendHeader('set-cookie', plainCookieDeletion(name, attributes));
}

/**
 * Answers a failure on a node:http response, dropping whatever headers the handler had set
 * (its cookies belong to the response that failed), or cuts the connection when the head
 * is already out.
 */
export function sendFailure(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { status, body, headers } = httpErrorResponse(error) ?? failure(error);
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** A node:http response as a {@link HeaderTarget}. */
export function nodeHeaders(res: ServerResponse): HeaderTarget {
  return new NodeHeaders(res);
}

class NodeHeaders implements HeaderTarget {
  readonly #res: ServerResponse;

  constructor(res: ServerResponse) {
    this.#res = res;
  }

  get(name: string): string | undefined {
    return this.#res.getHeader(name)?.toString();
  }

  set(name: string, value: string): void {
    this.#res.setHeader(name, value);
  }

  append(name: string, value: string): void {
    this.#res.appendHeader(name, value);
  }
}

/**
 * A node:http request as the CSRF check reads it. Its own origin is the socket's scheme and
 * the `Host` header, which a browser always sets to the server it talks to; behind a
 * TLS-terminating proxy list the public origin in `allowedOrigins`.
 */
export function nodeCsrfRequest(req: IncomingMessage): CsrfRequest {
  const scheme = (req.socket as Partial<TLSSocket>).encrypted === true ? 'https' : 'http';
  const host = req.headers.host ?? '';
  const own = `${scheme}://${host}/`;
  // An unparsable Host gives a bare path: then only allowed origins match.
  return { method: req.method ?? 'GET', headers: req.headers, url: URL.canParse(own) ? own : '/' };
}
