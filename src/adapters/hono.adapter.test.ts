import { Hono } from 'hono';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CookieError } from '../cookie/index.js';
import { NotAuthenticatedError } from '../http/index.js';
import { createSessionManager, type Session } from '../session/index.js';
import { deleteCookie, sessionMiddleware, setCookie } from './hono.js';

interface Data {
  userId: string;
  blob: string;
}

const manager = createSessionManager<Data>({
  secrets: ['a-test-secret-of-at-least-32-bytes-0001'],
});

/** An app with the session middleware; Hono's `request()` needs no socket. */
const app = () =>
  new Hono()
    .use(sessionMiddleware(manager))
    .onError((_error, c) => c.json({ detail: 'Internal Server Error' }, 500));

describe('Hono sessionMiddleware', () => {
  it('types c.get("session") by the manager, without declaration merging', async () => {
    const response = await app()
      .get('/', async (c) => {
        const session = c.get('session');
        expectTypeOf(session).toEqualTypeOf<Session<Data>>();
        // @ts-expect-error userId is a string
        await session.set('userId', 1).catch(() => undefined);
        await session.set('userId', 'alice');
        return c.json({ userId: await session.get('userId') });
      })
      .request('/');
    expect(await response.json()).toEqual({ userId: 'alice' });
  });

  it('adds the session to a response whose headers are immutable', async () => {
    const response = await app()
      .get('/', async (c) => {
        await c.get('session').set('userId', 'alice');
        return Response.redirect('http://localhost/next', 303);
      })
      .request('/');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('http://localhost/next');
    expect(response.headers.getSetCookie()).toEqual([expect.stringMatching(/^__Host-sid=v1\./)]);
  });

  it('keeps the handler’s Vary and appends Cookie', async () => {
    const response = await app()
      .get('/', async (c) => {
        await c.get('session').set('userId', 'alice');
        c.header('vary', 'Accept');
        return c.json({});
      })
      .request('/');
    expect(response.headers.get('vary')).toBe('Accept, Cookie');
  });

  it('answers an HttpError with its JSON refusal, without the handler’s cookies', async () => {
    const response = await app()
      .get('/', (c) => {
        setCookie(c, 'theme', 'dark');
        throw new NotAuthenticatedError();
      })
      .request('/');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ detail: 'Not authenticated' });
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('leaves a commit that fails for another reason than an outage to onError', async () => {
    const response = await app()
      .get('/', async (c) => {
        await c.get('session').set('blob', 'x'.repeat(5000));
        return c.json({});
      })
      .request('/');
    expect(response.status).toBe(500);
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});

describe('Hono plain cookies', () => {
  it('sets and deletes cookies with the secure defaults unless overridden', async () => {
    const response = await app()
      .get('/', (c) => {
        setCookie(c, 'theme', 'dark', { maxAge: 60 });
        deleteCookie(c, 'old');
        return c.json({});
      })
      .request('/');
    expect(response.headers.getSetCookie()).toEqual([
      'theme=dark; Max-Age=60; Path=/; HttpOnly; Secure; SameSite=Lax',
      'old=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax',
    ]);
  });

  it('throws a CookieError for a broken prefix rule, sending nothing', async () => {
    const response = await app()
      .get('/', (c) => {
        try {
          setCookie(c, '__Secure-x', 'v', { secure: false });
        } catch (error) {
          return c.json({ cookieError: error instanceof CookieError });
        }
        return c.json({ cookieError: false });
      })
      .request('/');
    expect(await response.json()).toEqual({ cookieError: true });
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});
