import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSessionManager,
  SessionError,
  StoreError,
  type Session,
  type SessionStore,
} from '../session/index.js';
import { withSessions } from './node-http.js';

const secrets = ['a-test-secret-of-at-least-32-bytes-0001'];
const manager = createSessionManager<{ count: number }>({ secrets });
const downStore = new Proxy({} as SessionStore, {
  get: () => () => Promise.reject(new StoreError('down')),
});

type Listener = (
  req: IncomingMessage,
  res: ServerResponse,
  session: Session<{ count: number }>,
) => void | Promise<void>;

const servers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

/** Serves `listener` on a real socket and sends one request. */
async function serve(
  listener: Listener,
  cookie?: string,
  using = manager,
  errors: unknown[] = [],
): Promise<Response> {
  const server = createServer(
    withSessions(using, listener, {
      onError: (error) => {
        errors.push(error);
      },
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(
    () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  );
  const { port } = server.address() as AddressInfo;
  return fetch(`http://127.0.0.1:${port}/`, { headers: cookie ? { cookie } : {} });
}

const touch = async (session: Session<{ count: number }>): Promise<void> => {
  await session.update('count', (n) => (n ?? 0) + 1);
};

describe('node:http withSessions', () => {
  it.each<[string, Listener]>([
    [
      'setHeader',
      async (_req, res, session) => {
        await touch(session);
        res.setHeader('Set-Cookie', ['theme=dark']);
        res.end('ok');
      },
    ],
    [
      'writeHead with an object',
      async (_req, res, session) => {
        await touch(session);
        res.writeHead(200, { 'Set-Cookie': 'theme=dark', 'X-Extra': 1, 'X-None': undefined });
        res.end('ok');
      },
    ],
    [
      'writeHead with a reason and a flat array',
      async (_req, res, session) => {
        await touch(session);
        res.writeHead(200, 'Fine', ['Set-Cookie', 'theme=dark', 'X-Extra', '1']);
        res.end('ok');
      },
    ],
    [
      'write before end',
      async (_req, res, session) => {
        await touch(session);
        res.setHeader('set-cookie', 'theme=dark');
        res.write('o');
        res.end('k');
      },
    ],
    [
      'flushHeaders',
      async (_req, res, session) => {
        await touch(session);
        res.appendHeader('set-cookie', 'theme=dark');
        res.flushHeaders();
        res.end('ok');
      },
    ],
  ])(
    'commits before the head goes out with %s, keeping the listener’s cookies',
    async (_name, listener) => {
      const response = await serve(listener);
      expect(response.headers.getSetCookie()).toEqual([
        'theme=dark',
        expect.stringMatching(/^__Host-sid=v1\./),
      ]);
      expect(response.headers.get('vary')).toBe('Cookie');
      expect(await response.text()).toBe('ok');
    },
  );

  it('leaves a response that never used the session alone', async () => {
    const response = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('vary')).toBeNull();
  });

  it.each([
    [
      'a load',
      async (_req: IncomingMessage, res: ServerResponse, session: Session<{ count: number }>) => {
        await session.get('count');
        res.end('never');
      },
    ],
    [
      'a commit',
      async (_req: IncomingMessage, res: ServerResponse, session: Session<{ count: number }>) => {
        session.flash('a', 'b');
        res.end('never');
        await Promise.resolve();
      },
    ],
  ])('answers 503 when the store fails during %s', async (_name, listener) => {
    const response = await serve(
      listener,
      `__Host-sid=${'A'.repeat(43)}`,
      createSessionManager({ store: downStore }),
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ detail: 'Session store unavailable' });
  });

  it('answers 503 when concurrent writers keep winning', async () => {
    const conflict = new SessionError('ERR_SESSION_CONFLICT', 'busy');
    const response = await serve(() => Promise.reject(conflict));
    expect(response.status).toBe(503);
  });

  it('answers 500 for a listener error, without details, and reports it', async () => {
    const errors: unknown[] = [];
    const bug = new RangeError('secret detail');
    const response = await serve(
      () => {
        throw bug;
      },
      undefined,
      manager,
      errors,
    );
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('secret');
    expect(errors).toEqual([bug]);
  });

  it('cuts the connection when the listener fails after sending its head', async () => {
    const response = serve(async (_req, res) => {
      res.writeHead(200);
      res.write('partial');
      await new Promise((resolve) => setImmediate(resolve));
      throw new RangeError('late');
    });
    await expect(response.then((r) => r.text())).rejects.toThrow();
  });
});
