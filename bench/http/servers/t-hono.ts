/** (t-hono-*) Hono on @hono/node-server + Tessera's Hono middleware; the mode is argv[2]. */
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { sessionMiddleware, type SessionEnv } from 'tessera/adapters/hono';
import { announce, increment, type Counter } from './common.js';
import { modeOf, tesseraSessions } from './tessera.js';

const sessions = await tesseraSessions(modeOf(process.argv[2]));

const app = new Hono<SessionEnv<Counter>>()
  .use(sessionMiddleware(sessions))
  .get('/', async (c) => c.json({ count: await c.get('session').update('count', increment) }));
announce(createAdaptorServer({ fetch: app.fetch }) as Server);
