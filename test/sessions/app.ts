/**
 * One small application, served both ways (h3's describeMatrix): through the fetch adapter
 * and through a real node:http server, with a browser-like cookie jar.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withSessions as withFetchSessions } from '../../src/adapters/fetch.js';
import { withSessions as withNodeSessions } from '../../src/adapters/node-http.js';
import { parseSetCookie } from '../../src/cookie/index.js';
import type { Session, SessionManager } from '../../src/session/index.js';

export interface AppData {
  count: number;
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

/** The routes, free of any HTTP library. */
async function route(method: string, path: string, session: Session<AppData>): Promise<Reply> {
  switch (`${method} ${path}`) {
    case 'POST /login':
      await session.logIn('alice');
      return { status: 200, body: { message: 'Logged in successfully' } };
    case 'GET /data': {
      const userId = await session.userId();
      return userId === undefined
        ? { status: 401, body: { detail: 'Not authenticated' } }
        : { status: 200, body: { user_id: userId } };
    }
    case 'POST /logout':
      await session.destroy();
      return { status: 200, body: { message: 'Logged out' } };
    case 'POST /counter':
      return { status: 200, body: { count: await session.update('count', (n) => (n ?? 0) + 1) } };
    default:
      return { status: 200, body: { message: 'Hello' } };
  }
}

/** A response as a test sees it. */
export interface Result {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
  readonly setCookies: string[];
}

/** Sends one request; `cookie` is the Cookie header to send, if any. */
export type Send = (method: string, path: string, cookie?: string) => Promise<Result>;

/** How a scenario reaches the application. */
export interface Way {
  readonly name: string;
  readonly start: (
    manager: SessionManager<AppData>,
  ) => Promise<{ send: Send; close: () => Promise<void> }>;
}

async function toResult(response: Response): Promise<Result> {
  return {
    status: response.status,
    body: await response.json(),
    headers: response.headers,
    setCookies: response.headers.getSetCookie(),
  };
}

const fetchWay: Way = {
  name: 'fetch handler',
  start: (manager) => {
    const handler = withFetchSessions(manager, async (request, { session }) => {
      const { status, body } = await route(request.method, new URL(request.url).pathname, session);
      return Response.json(body, { status });
    });
    const send: Send = async (method, path, cookie) =>
      toResult(
        await handler(
          new Request(`http://localhost${path}`, { method, headers: cookie ? { cookie } : {} }),
        ),
      );
    return Promise.resolve({ send, close: () => Promise.resolve() });
  },
};

const nodeWay: Way = {
  name: 'node:http server',
  start: async (manager) => {
    const server: Server = createServer(
      withNodeSessions(manager, async (req, res, session) => {
        const { status, body } = await route(req.method ?? 'GET', req.url ?? '/', session);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const send: Send = async (method, path, cookie) =>
      toResult(
        await fetch(`http://127.0.0.1:${port}${path}`, {
          method,
          headers: cookie ? { cookie } : {},
        }),
      );
    const close = (): Promise<void> =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    return { send, close };
  },
};

/** Both ways, for `describe.each`. */
export const WAYS: readonly Way[] = [fetchWay, nodeWay];

/** A browser's cookie jar, reduced to what the scenarios need. */
export class Jar {
  readonly #cookies = new Map<string, string>();

  header(): string | undefined {
    return this.#cookies.size === 0
      ? undefined
      : [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  store(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const { name, value, maxAge } = parseSetCookie(line);
      if (maxAge !== undefined && maxAge <= 0) this.#cookies.delete(name);
      else this.#cookies.set(name, value ?? '');
    }
  }
}
