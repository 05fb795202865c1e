import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { describe, expect, expectTypeOf, it, onTestFinished } from 'vitest';
import { CookieError } from '../cookie/index.js';
import { CsrfError, NotAuthenticatedError } from '../http/index.js';
import { createSessionManager, type Session } from '../session/index.js';
import { deleteCookie, getSession, sessionPlugin, setCookie } from './fastify.js';

interface Data {
  userId: string;
  blob: string;
}

const manager = createSessionManager<Data>({
  secrets: ['a-test-secret-of-at-least-32-bytes-0001'],
});

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Serves `handler` on GET / with the plugin registered, through Fastify's inject. */
async function request(handler: Handler) {
  const app = Fastify();
  await app.register(sessionPlugin(manager));
  app.get('/', handler);
  onTestFinished(() => app.close());
  return app.inject({ method: 'GET', url: '/' });
}

describe('Fastify sessionPlugin', () => {
  it('types the session by the manager, without declaration merging', async () => {
    const response = await request(async (req) => {
      const session = getSession(req, manager);
      expectTypeOf(session).toEqualTypeOf<Session<Data>>();
      // @ts-expect-error userId is a string
      await session.set('userId', 1).catch(() => undefined);
      await session.set('userId', 'alice');
      return { userId: await session.get('userId') };
    });
    expect(response.json()).toEqual({ userId: 'alice' });
  });

  it('refuses to hand out a session the plugin never opened', async () => {
    const app = Fastify();
    app.get('/', (req) => getSession(req, manager));
    onTestFinished(() => app.close());
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'ERR_CONFIG' });
  });

  it('lets an earlier onRequest hook reply before the session opens', async () => {
    const app = Fastify();
    app.addHook('onRequest', async (_req, reply) => reply.code(429).send({ detail: 'Slow down' }));
    await app.register(sessionPlugin(manager));
    app.get('/', () => ({}));
    onTestFinished(() => app.close());
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(429);
    expect(response.json()).toEqual({ detail: 'Slow down' });
  });

  it('keeps the handler’s Vary and appends Cookie', async () => {
    const response = await request(async (req, reply) => {
      await getSession(req, manager).set('userId', 'alice');
      return reply.header('vary', 'Accept').send({});
    });
    expect(response.headers['vary']).toBe('Accept, Cookie');
  });

  it.each([
    ['a guard', new NotAuthenticatedError(), 401, { detail: 'Not authenticated' }, undefined],
    [
      'the CSRF defence',
      new CsrfError('Origin not allowed'),
      403,
      { detail: 'Origin not allowed' },
      'Sec-Fetch-Site, Origin',
    ],
  ])(
    'answers an HttpError from %s with its JSON refusal',
    async (_name, error, status, body, vary) => {
      const response = await request(async (_req, reply) => {
        setCookie(reply, 'theme', 'dark');
        return Promise.reject(error);
      });
      expect(response.statusCode).toBe(status);
      expect(response.json()).toEqual(body);
      expect(response.headers['vary']).toBe(vary);
      expect(response.headers['set-cookie']).toBeUndefined();
    },
  );

  it('leaves other errors to Fastify’s error handler', async () => {
    const response = await request(() => Promise.reject(new RangeError('bug')));
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ statusCode: 500, message: 'bug' });
  });

  it('answers 500 for a commit that fails for another reason than an outage', async () => {
    const response = await request(async (req) => {
      await getSession(req, manager).set('blob', 'x'.repeat(5000));
      return {};
    });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'ERR_SESSION_TOO_LARGE' });
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});

describe('Fastify plain cookies', () => {
  it('sets and deletes cookies with the secure defaults unless overridden', async () => {
    const response = await request(async (_req, reply) => {
      setCookie(reply, 'theme', 'dark', { httpOnly: false });
      deleteCookie(reply, 'old', { domain: 'example.com' });
      return reply.send({});
    });
    expect(response.headers['set-cookie']).toEqual([
      'theme=dark; Path=/; Secure; SameSite=Lax',
      'old=; Max-Age=0; Domain=example.com; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax',
    ]);
  });

  it('throws a CookieError for an invalid name, sending nothing', async () => {
    const response = await request(async (_req, reply) => {
      const thrown = (() => {
        try {
          setCookie(reply, 'bad name', 'x');
        } catch (error) {
          return error;
        }
      })();
      return { cookieError: thrown instanceof CookieError };
    });
    expect(response.json()).toEqual({ cookieError: true });
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});
