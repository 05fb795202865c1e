import express, { type RequestHandler } from 'express';
import express4 from 'express4';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, expectTypeOf, it, onTestFinished } from 'vitest';
import { CookieError } from '../cookie/index.js';
import { ConfigError } from '../errors.js';
import { NotAuthenticatedError } from '../http/index.js';
import { createSessionManager, SessionTooLargeError, type Session } from '../session/index.js';
import { listen } from './adapter.contract.js';
import { deleteCookie, errorHandler, getSession, sessionMiddleware, setCookie } from './express.js';

interface Data {
  userId: string;
  blob: string;
}

const manager = createSessionManager<Data>({
  secrets: ['a-test-secret-of-at-least-32-bytes-0001'],
});

/** Serves `handler` behind the session middleware and the error handler; sends one request. */
async function request(handler: RequestHandler, errors: unknown[] = []): Promise<Response> {
  const app = express();
  app.use(sessionMiddleware(manager, { onError: (error) => errors.push(error) }));
  app.use(handler);
  app.use(errorHandler());
  const { url, close } = await listen(createServer(app));
  onTestFinished(close);
  return fetch(url);
}

describe('Express sessionMiddleware', () => {
  it('types the session by the manager, without declaration merging', async () => {
    const response = await request(async (req, res) => {
      const session = getSession(req, manager);
      expectTypeOf(session).toEqualTypeOf<Session<Data>>();
      // @ts-expect-error userId is a string
      await session.set('userId', 1).catch(() => undefined);
      await session.set('userId', 'alice');
      res.json({ userId: await session.get('userId') });
    });
    expect(await response.json()).toEqual({ userId: 'alice' });
  });

  it('sends a response whose session nothing touched at once, and refuses a change after it', async () => {
    let later: Promise<unknown> | undefined;
    const response = await request((req, res) => {
      res.json({ untouched: getSession(req, manager).untouched });
      later = getSession(req, manager)
        .set('userId', 'too late')
        .catch((error: unknown) => error);
    });
    expect(await response.json()).toEqual({ untouched: true });
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('vary')).toBeNull();
    expect(await later).toMatchObject({ code: 'ERR_SESSION_COMMITTED' });
  });

  it('commits when a mounted app opened the session and its parent answers', async () => {
    // Express swaps the response's prototype to the sub-app's and back: the hold must be
    // reached through either.
    const child = express();
    child.use(sessionMiddleware(manager));
    child.use(async (req, _res, next) => {
      await getSession(req, manager).set('userId', 'alice');
      next();
    });
    const parent = express();
    parent.use(child);
    parent.get('/', (_req, res) => {
      res.json({ answered: 'by the parent' });
    });
    const { url, close } = await listen(createServer(parent));
    onTestFinished(close);
    const response = await fetch(url);
    expect(await response.json()).toEqual({ answered: 'by the parent' });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^[^=]+=[^;]+;/);
  });

  it('commits when the parent opened the session and a mounted app answers', async () => {
    const child = express();
    child.get('/', async (req, res) => {
      await getSession(req, manager).set('userId', 'bob');
      res.json({ answered: 'by the child' });
    });
    const parent = express();
    parent.use(sessionMiddleware(manager));
    parent.use(child);
    const { url, close } = await listen(createServer(parent));
    onTestFinished(close);
    const response = await fetch(url);
    expect(await response.json()).toEqual({ answered: 'by the child' });
    expect(response.headers.get('set-cookie')).toMatch(/^[^=]+=[^;]+;/);
  });

  it('commits the sessions of two managers on one request', async () => {
    const other = createSessionManager<{ theme: string }>({
      cookie: { name: '__Host-prefs' },
      secrets: ['another-test-secret-of-32-bytes-0002'],
    });
    const app = express();
    app.use(sessionMiddleware(manager), sessionMiddleware(other));
    app.get('/', async (req, res) => {
      await getSession(req, manager).set('userId', 'alice');
      await getSession(req, other).set('theme', 'dark');
      res.json({});
    });
    const { url, close } = await listen(createServer(app));
    onTestFinished(close);
    const response = await fetch(url);
    const names = response.headers.getSetCookie().map((line) => line.split('=')[0]);
    expect(names.sort()).toEqual([manager.cookieName, other.cookieName].sort());
  });

  it('commits when the response is handed to an app of another copy of Express', async () => {
    const other = express4();
    other.get('/', (_req, res) => {
      res.json({ answered: 'by Express 4' });
    });
    const app = express();
    app.use(sessionMiddleware(manager));
    app.use(async (req, res, next) => {
      await getSession(req, manager).set('userId', 'alice');
      other(req, res, next);
    });
    const { url, close } = await listen(createServer(app));
    onTestFinished(close);
    const response = await fetch(url);
    expect(await response.json()).toEqual({ answered: 'by Express 4' });
    expect(response.headers.get('set-cookie')).toMatch(/^[^=]+=[^;]+;/);
  });

  it('sends the first answer when a handler answers twice', async () => {
    let second: unknown;
    const response = await request(async (req, res) => {
      await getSession(req, manager).set('userId', 'alice');
      res.json({ first: true });
      try {
        res.json({ second: true });
      } catch (error) {
        second = error;
      }
    });
    expect(await response.json()).toEqual({ first: true });
    expect(second).toMatchObject({ code: 'ERR_HTTP_HEADERS_SENT' });
  });

  it('refuses to hand out a session the middleware never opened', () => {
    expect(() => getSession(new IncomingMessage(new Socket()), manager)).toThrow(ConfigError);
  });

  it('keeps the handler’s Vary and appends Cookie', async () => {
    const response = await request(async (req, res) => {
      await getSession(req, manager).set('userId', 'alice');
      res.vary('Accept').json({});
    });
    expect(response.headers.get('vary')).toBe('Accept, Cookie');
  });

  it('answers an HttpError with its JSON refusal', async () => {
    const response = await request(() => {
      throw new NotAuthenticatedError();
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ detail: 'Not authenticated' });
  });

  it('hands other errors on to Express', async () => {
    const response = await request(() => {
      throw new RangeError('bug');
    });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('answers 500 and reports a commit that fails for another reason than an outage', async () => {
    const errors: unknown[] = [];
    const response = await request(async (req, res) => {
      await getSession(req, manager).set('blob', 'x'.repeat(5000));
      res.json({});
    }, errors);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ detail: 'Internal Server Error' });
    expect(errors).toEqual([expect.any(SessionTooLargeError)]);
  });

  it('leaves a refusal to Express once the head is out', async () => {
    const app = express();
    app.use((_req, res, next) => {
      res.flushHeaders();
      next(new NotAuthenticatedError());
    });
    app.use(errorHandler());
    const { url, close } = await listen(createServer(app));
    onTestFinished(close);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });
});

describe('Express plain cookies', () => {
  it('sets and deletes cookies with the secure defaults unless overridden, values encoded', async () => {
    const response = await request((_req, res) => {
      setCookie(res, 'theme', 'dark', { sameSite: 'strict' });
      setCookie(res, 'note', 'x;Domain=evil.example');
      deleteCookie(res, 'old', { path: '/app' });
      res.json({});
    });
    expect(response.headers.getSetCookie()).toEqual([
      'theme=dark; Path=/; HttpOnly; Secure; SameSite=Strict',
      'note=x%3BDomain%3Devil.example; Path=/; HttpOnly; Secure; SameSite=Lax',
      'old=; Max-Age=0; Path=/app; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax',
    ]);
  });

  it.each<[string, (res: ServerResponse) => void]>([
    [
      'an invalid name',
      (res) => {
        setCookie(res, 'bad name', 'x');
      },
    ],
    [
      'SameSite=None without Secure',
      (res) => {
        setCookie(res, 'a', 'x', { sameSite: 'none', secure: false });
      },
    ],
    [
      'a __Host- cookie with a Domain',
      (res) => {
        deleteCookie(res, '__Host-x', { domain: 'a.example' });
      },
    ],
  ])('throws a CookieError for %s, sending nothing', (_name, call) => {
    const res = new ServerResponse(new IncomingMessage(new Socket()));
    expect(() => {
      call(res);
    }).toThrow(CookieError);
    expect(res.getHeader('set-cookie')).toBeUndefined();
  });
});
