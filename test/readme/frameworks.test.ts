/**
 * The README's framework examples, compiled by `tsc` and run against real servers, so the
 * documentation cannot drift from the API.
 */
import { serve } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as tesseraExpress from '../../src/adapters/express.js';
import * as tesseraFastify from '../../src/adapters/fastify.js';
import * as tesseraHono from '../../src/adapters/hono.js';
import { cookieParam } from '../../src/http/index.js';
import { createSessionManager } from '../../src/session/index.js';
import { MemoryStore } from '../../src/stores/memory.js';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

// Over plain HTTP in tests: a __Host- cookie needs Secure, so use a plain name here.
const sessionsFor = () =>
  createSessionManager<{ userId: string; count: number }>({
    store: new MemoryStore(),
    cookie: { name: 'sid', secure: false },
  });

const page = cookieParam('page', z.coerce.number().int().min(1));

async function exercise(base: string) {
  const first = await fetch(`${base}/counter`, { method: 'POST' });
  const cookie = first.headers.getSetCookie()[0]!.split(';')[0]!;
  const second = await fetch(`${base}/counter`, { method: 'POST', headers: { cookie } });
  const missing = await fetch(`${base}/items`);
  const items = await fetch(`${base}/items`, { headers: { cookie: 'page=2' } });
  const guarded = await fetch(`${base}/data`);
  return {
    counts: [await first.json(), await second.json()],
    missing: missing.status,
    items: await items.json(),
    guarded: guarded.status,
  };
}

const expected = {
  counts: [{ count: 1 }, { count: 2 }],
  missing: 422,
  items: { page: 2 },
  guarded: 401,
};

describe('the README framework examples', () => {
  it('Express', async () => {
    const sessions = sessionsFor();
    const { sessionMiddleware, getSession, requireSessionMiddleware, errorHandler } =
      tesseraExpress;
    const app = express();
    app.use(sessionMiddleware(sessions));
    app.post('/counter', async (req, res) => {
      const count = await getSession(req, sessions).update('count', (n = 0) => n + 1);
      res.json({ count });
    });
    app.get('/items', (req, res, next) => {
      page.read(req.headers.cookie).then((value) => res.json({ page: value }), next);
    });
    app.get('/data', requireSessionMiddleware(sessions), (_req, res) => {
      res.json({ data: 'Secure data access granted' });
    });
    app.use(errorHandler());
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const { port } = server.address() as AddressInfo;
    expect(await exercise(`http://127.0.0.1:${port}`)).toEqual(expected);
  });

  it('Fastify', async () => {
    const sessions = sessionsFor();
    const { sessionPlugin, getSession, requireSessionHook } = tesseraFastify;
    const app = Fastify();
    await app.register(sessionPlugin(sessions));
    app.post('/counter', async (request) => ({
      count: await getSession(request, sessions).update('count', (n = 0) => n + 1),
    }));
    app.get('/items', async (request) => ({ page: await page.read(request.headers.cookie) }));
    app.get('/data', { preHandler: requireSessionHook(sessions) }, () => ({
      data: 'Secure data access granted',
    }));
    closers.push(() => app.close());
    expect(await exercise(await app.listen({ port: 0, host: '127.0.0.1' }))).toEqual(expected);
  });

  it('Hono', async () => {
    const sessions = sessionsFor();
    const { sessionMiddleware, requireSessionMiddleware } = tesseraHono;
    type Env = tesseraHono.SessionEnv<{ userId: string; count: number }>;
    const app = new Hono<Env>().use(sessionMiddleware(sessions));
    app.post('/counter', async (c) =>
      c.json({ count: await c.get('session').update('count', (n = 0) => n + 1) }),
    );
    app.get('/items', async (c) => c.json({ page: await page.read(c.req.header('cookie')) }));
    app.get('/data', requireSessionMiddleware(), (c) =>
      c.json({ data: 'Secure data access granted' }),
    );
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const { port } = server.address() as AddressInfo;
    expect(await exercise(`http://127.0.0.1:${port}`)).toEqual(expected);
  });
});
