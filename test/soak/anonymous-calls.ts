/**
 * Requests to the demo's routes that need no session, sent without the user's cookies, and
 * what each must answer. None may start a session: the tutorial routes never touch it, and
 * an anonymous read of `/data` must not write one (so the soak's session count stays bounded).
 */
import type { Reply } from './http-client.js';

/** The demo's session cookie (the manager's default name). */
export const SESSION_COOKIE = '__Host-sid';

/** A request that needs no session, sent without cookies: it must not start one. */
export interface AnonymousCall {
  readonly method: string;
  readonly path: string;
  readonly cookie?: string;
  readonly status: number;
  /** The exact JSON body expected, when the route has a fixed one. */
  readonly body?: string;
}

export const ANONYMOUS_CALLS: readonly AnonymousCall[] = [
  { method: 'GET', path: '/items/', status: 200, body: '{"ads_id":null}' },
  { method: 'GET', path: '/items/', cookie: 'ads_id=soak', status: 200, body: '{"ads_id":"soak"}' },
  {
    method: 'GET',
    path: '/set-cookie/',
    status: 200,
    body: '{"message":"Cookie set successfully!"}',
  },
  {
    method: 'GET',
    path: '/read-cookie/',
    status: 200,
    body: '{"message":"mycookie was not found!"}',
  },
  { method: 'GET', path: '/cookie-required/', status: 422 },
  {
    method: 'GET',
    path: '/cookie-required/',
    cookie: 'session_id=soak',
    status: 200,
    body: '{"session_id":"soak"}',
  },
  { method: 'POST', path: '/cookie/', status: 200 },
  { method: 'GET', path: '/data', status: 401, body: '{"detail":"Not authenticated"}' },
  { method: 'GET', path: '/no-such-page', status: 404 },
  { method: 'DELETE', path: '/counter', status: 405 },
];

/** The status and body `call` expects, and no session cookie. */
export function answersAsExpected(call: AnonymousCall, reply: Reply): boolean {
  const setCookies = reply.headers['set-cookie'] ?? [];
  return (
    reply.status === call.status &&
    (call.body === undefined || reply.text === call.body) &&
    !setCookies.some((line) => line.startsWith(`${SESSION_COOKIE}=`))
  );
}
