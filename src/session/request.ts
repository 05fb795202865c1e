import type { IncomingHttpHeaders } from 'node:http';
import { parseCookie } from '../cookie/index.js';

/** A Web `Request`, or anything with its headers, such as a node:http `IncomingMessage`. */
export interface RequestLike {
  readonly headers: Headers | IncomingHttpHeaders;
}

/** What a session reads from a request: its cookie and nothing else (checklist MW-07). */
export interface RequestFacts {
  readonly cookieValue: string | undefined;
  readonly userAgent: string | undefined;
}

function header(
  headers: Headers | IncomingHttpHeaders,
  name: 'cookie' | 'user-agent',
): string | undefined {
  if (typeof headers.get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as IncomingHttpHeaders)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Session IDs and sealed tokens are compared as the raw octets the server issued, never
 * percent-decoded, so `%41` is not `A` and a token has one spelling only (checklist CP-04).
 */
const raw = (value: string): string => value;

/**
 * Reads the session cookie (the first one sent under that name, RFC 6265bis §5.8.3) and, when
 * `withUserAgent`, the User-Agent. Never throws.
 */
export function readRequest(
  request: RequestLike,
  cookieName: string,
  withUserAgent = true,
): RequestFacts {
  const cookies = header(request.headers, 'cookie');
  const value =
    cookies === undefined ? undefined : parseCookie(cookies, { decode: raw })[cookieName];
  return {
    cookieValue: value === '' ? undefined : value,
    userAgent: withUserAgent ? header(request.headers, 'user-agent') : undefined,
  };
}
