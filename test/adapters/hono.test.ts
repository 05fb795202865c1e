import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import {
  describeAdapterContract,
  listen,
  route,
  type AppData,
} from '../../src/adapters/adapter.contract.js';
import {
  csrfMiddleware,
  deleteCookie,
  requireSessionMiddleware,
  sessionMiddleware,
  setCookie,
} from '../../src/adapters/hono.js';
import { MATRIX } from './backends.js';

describeAdapterContract(
  {
    name: 'Hono',
    serve: (manager) => {
      const app = new Hono()
        .use(sessionMiddleware(manager))
        .use('/guarded/*', requireSessionMiddleware<AppData>())
        .use('/csrf/*', csrfMiddleware<AppData>())
        .all('*', async (c) => {
          const { status, body } = await route({
            method: c.req.method,
            path: c.req.path,
            session: c.get('session'),
            cookies: c.req.header('cookie'),
            setCookie: (...args) => {
              setCookie(c, ...args);
            },
            deleteCookie: (...args) => {
              deleteCookie(c, ...args);
            },
          });
          return c.json(body, status as 200);
        })
        // Hono's default handler logs every error; an outage is the adapter's to answer.
        .onError((_error, c) => c.json({ detail: 'Internal Server Error' }, 500));
      return listen(createAdaptorServer({ fetch: app.fetch }) as Server);
    },
  },
  MATRIX,
);
