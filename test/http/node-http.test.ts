/** HttpError subclasses become their status through a real node:http server. */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withSessions } from '../../src/adapters/node-http.js';
import { cookieParam, csrfProtection, requireSession } from '../../src/http/index.js';
import { createSessionManager } from '../../src/session/index.js';

const manager = createSessionManager({ secrets: ['a-test-secret-of-at-least-32-bytes-0001'] });
const sessionId = cookieParam('session_id');
const csrf = csrfProtection();
const servers: Array<ReturnType<typeof createServer>> = [];

afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function start(onError: (error: unknown) => void): Promise<string> {
  const server = createServer(
    withSessions(
      manager,
      async (req, res, session) => {
        const url = `http://${req.headers.host ?? ''}${req.url ?? '/'}`;
        csrf.check({ method: req.method ?? 'GET', url, headers: req.headers });
        if (req.url === '/data') await requireSession(session);
        const value = await sessionId.read(req.headers.cookie);
        res.end(JSON.stringify({ session_id: value }));
      },
      { onError },
    ),
  );
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('node-http withSessions and HttpError', () => {
  it.each([
    [
      '/cookie-required/',
      {},
      422,
      {
        detail: [
          { type: 'missing', loc: ['cookie', 'session_id'], msg: 'Field required', input: null },
        ],
      },
    ],
    ['/cookie-required/', { cookie: 'session_id=x' }, 200, { session_id: 'x' }],
    ['/data', {}, 401, { detail: 'Not authenticated' }],
  ])('GET %s with %o → %i', async (path, headers, status, body) => {
    const onError = vi.fn();
    const response = await fetch(`${await start(onError)}${path}`, { headers });
    expect([response.status, await response.json()]).toEqual([status, body]);
    expect(onError).not.toHaveBeenCalled();
  });

  it('answers a cross-site POST 403 with Vary', async () => {
    const onError = vi.fn();
    const base = await start(onError);
    const response = await fetch(`${base}/`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect([response.status, await response.json()]).toEqual([
      403,
      { detail: 'Origin not allowed' },
    ]);
    expect(response.headers.get('vary')).toBe('Sec-Fetch-Site, Origin');
    expect(onError).not.toHaveBeenCalled();
  });

  it('passes a same-origin POST', async () => {
    const base = await start(vi.fn());
    const response = await fetch(`${base}/`, {
      method: 'POST',
      headers: { origin: base, cookie: 'session_id=y' },
    });
    expect(await response.json()).toEqual({ session_id: 'y' });
  });
});
