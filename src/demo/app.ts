import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURE_COOKIE_DEFAULTS, parseCookie, stringifySetCookie } from '../cookie/index.js';

/**
 * The demo app: the FastAPI cookie tutorial's endpoints with the tutorial's bodies,
 * written against Tessera's public cookie API. Sessions, login and logout arrive with
 * the session manager.
 */

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function setCookie(response: ServerResponse, name: string, value: string): void {
  response.appendHeader(
    'set-cookie',
    stringifySetCookie({ ...SECURE_COOKIE_DEFAULTS, name, value }),
  );
}

const cookiesOf = (request: IncomingMessage) => parseCookie(request.headers.cookie ?? '');

const HOME = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tessera demo</title></head>
<body>
<h1>Tessera demo</h1>
<p>The FastAPI cookie tutorial's endpoints, served by Tessera:</p>
<ul>
  <li><a href="/set-cookie/">GET /set-cookie/</a> sets <code>mycookie</code></li>
  <li><a href="/read-cookie/">GET /read-cookie/</a> reads it back</li>
  <li><code>POST /cookie/</code> sets <code>fakesession</code></li>
  <li><a href="/items/">GET /items/</a> reads the optional <code>ads_id</code> cookie</li>
  <li><a href="/cookie-required/">GET /cookie-required/</a> requires <code>session_id</code> (422 without it)</li>
</ul>
</body></html>`;

const routes: Readonly<Record<string, Readonly<Record<string, Handler>>>> = {
  '/': {
    GET: (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(HOME);
    },
  },
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

/** The demo's request listener for `node:http`. */
export function demoListener(request: IncomingMessage, response: ServerResponse): void {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const methods = Object.hasOwn(routes, path) ? routes[path] : undefined;
  if (methods === undefined) {
    sendJson(response, 404, { detail: 'Not Found' });
    return;
  }
  const method = request.method ?? 'GET';
  const handler = Object.hasOwn(methods, method) ? methods[method] : undefined;
  if (handler === undefined) {
    response.setHeader('allow', Object.keys(methods).join(', '));
    sendJson(response, 405, { detail: 'Method Not Allowed' });
    return;
  }
  handler(request, response);
}
