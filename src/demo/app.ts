import type { IncomingMessage, ServerResponse } from 'node:http';
import { withSessions } from '../adapters/node-http.js';
import { SECURE_COOKIE_DEFAULTS, parseCookie, stringifySetCookie } from '../cookie/index.js';
import type { SessionManager } from '../session/index.js';
import { checkCsrf } from './csrf.js';
import { DemoHttpError, sendJson } from './http.js';
import { type DemoData, type SessionHandler, sessionRoutes } from './session-routes.js';
import type { UserDirectory } from './users.js';

/**
 * The demo app: the FastAPI cookie tutorial's endpoints with the tutorial's bodies, and
 * session endpoints, written against Tessera's public API.
 */

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
type Routes<H> = Readonly<Record<string, Readonly<Record<string, H>>>>;

function setCookie(response: ServerResponse, name: string, value: string): void {
  response.appendHeader(
    'set-cookie',
    stringifySetCookie({ ...SECURE_COOKIE_DEFAULTS, name, value }),
  );
}

const cookiesOf = (request: IncomingMessage) => parseCookie(request.headers.cookie ?? '');

const tutorialRoutes: Routes<Handler> = {
  '/set-cookie/': {
    GET: (_request, response) => {
      setCookie(response, 'mycookie', 'hello_world');
      sendJson(response, 200, { message: 'Cookie set successfully!' });
    },
  },
  '/read-cookie/': {
    GET: (request, response) => {
      const value = cookiesOf(request)['mycookie'];
      sendJson(response, 200, {
        message:
          value === undefined ? 'mycookie was not found!' : `The value of mycookie is: ${value}`,
      });
    },
  },
  '/cookie/': {
    POST: (_request, response) => {
      setCookie(response, 'fakesession', 'fake-cookie-session-value');
      sendJson(response, 200, { message: 'Come to the dark side, we have cookies' });
    },
  },
  '/items/': {
    GET: (request, response) => {
      sendJson(response, 200, { ads_id: cookiesOf(request)['ads_id'] ?? null });
    },
  },
  '/cookie-required/': {
    GET: (request, response) => {
      const sessionId = cookiesOf(request)['session_id'];
      if (sessionId === undefined) {
        sendJson(response, 422, {
          detail: [
            {
              type: 'missing',
              loc: ['cookie', 'session_id'],
              msg: 'Field required',
              input: null,
            },
          ],
        });
        return;
      }
      sendJson(response, 200, { session_id: sessionId });
    },
  },
};

/** What the demo's listener needs. */
export interface DemoAppOptions {
  readonly manager: SessionManager<DemoData>;
  readonly users: UserDirectory;
  /** False for sealed cookie sessions, which the server can neither list nor revoke. */
  readonly revocable: boolean;
  /** Receives errors other than store outages, after the 500 is sent. */
  readonly onError: (error: unknown) => void;
}

/**
 * The demo's request listener for `node:http`. Routes that never touch the session cost
 * no store read and send no session cookie; store outages answer 503 (the adapter's job).
 */
export function createDemoListener({
  manager,
  users,
  revocable,
  onError,
}: DemoAppOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const routes: Routes<Handler | SessionHandler> = {
    ...tutorialRoutes,
    ...sessionRoutes(manager, users, revocable),
  };
  return withSessions(
    manager,
    async (request, response, session) => {
      // Node sets both on every request a server receives.
      const { url = '/', method = 'GET' } = request;
      const path = new URL(url, 'http://localhost').pathname;
      const methods = Object.hasOwn(routes, path) ? routes[path] : undefined;
      if (methods === undefined) {
        sendJson(response, 404, { detail: 'Not Found' });
        return;
      }
      const handler = Object.hasOwn(methods, method) ? methods[method] : undefined;
      if (handler === undefined) {
        response.setHeader('allow', Object.keys(methods).join(', '));
        sendJson(response, 405, { detail: 'Method Not Allowed' });
        return;
      }
      try {
        await checkCsrf(request, session);
        await handler(request, response, session);
      } catch (error) {
        if (!(error instanceof DemoHttpError)) throw error;
        sendJson(response, error.status, error.body);
      }
    },
    { onError },
  );
}
