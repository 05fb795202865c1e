/**
 * Every adapter serving a framework-free application (an `App`) on a real 127.0.0.1 server,
 * guarding `/guarded/*` and checking CSRF on `/csrf/*` in its own idiom: the one place each
 * adapter is mounted, for the contract suite (`test/adapters/*.test.ts`) and the attack
 * scenarios (`test/attacks/harness.ts`).
 */
import { createAdaptorServer } from '@hono/node-server';
import express from 'express';
import express4 from 'express4';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { Hono } from 'hono';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { text } from 'node:stream/consumers';
import {
  listen,
  protectByHand,
  type AdapterUnderTest,
  type AppData,
} from '../../src/adapters/adapter.contract.js';
import * as expressAdapter from '../../src/adapters/express.js';
import * as fastifyAdapter from '../../src/adapters/fastify.js';
import { withSessions as withFetchSessions } from '../../src/adapters/fetch.js';
import * as honoAdapter from '../../src/adapters/hono.js';
import { nodeCsrfRequest, withSessions as withNodeSessions } from '../../src/adapters/node-http.js';
import { plainCookie, plainCookieDeletion } from '../../src/http/responses.js';

// Errors the scenarios provoke are asserted through the response status instead.
const quiet = { onError: (): void => undefined };

/** The urlencoded form a request carries, if it is one. */
async function formOf(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const isForm = req.headers['content-type']?.startsWith('application/x-www-form');
  return isForm ? new URLSearchParams(await text(req)) : undefined;
}

/** The reference adapter: a fetch handler, checking by hand. */
export const FETCH_HANDLER: AdapterUnderTest = {
  name: 'fetch handler',
  serve: (manager, app) => {
    const handler = withFetchSessions(manager, async (request, { session }) => {
      const headers = new Headers();
      const path = new URL(request.url).pathname;
      const isForm = request.headers.get('content-type')?.startsWith('application/x-www-form');
      const form = isForm ? new URLSearchParams(await request.text()) : undefined;
      await protectByHand(path, session, request, form);
      const { status, body } = await app({
        method: request.method,
        path,
        session,
        cookies: request.headers.get('cookie') ?? undefined,
        setCookie: (...args) => {
          headers.append('set-cookie', plainCookie(...args));
        },
        deleteCookie: (...args) => {
          headers.append('set-cookie', plainCookieDeletion(...args));
        },
      });
      return Response.json(body, { status, headers });
    });
    // A real socket: @hono/node-server turns node:http requests into fetch Requests.
    return listen(createAdaptorServer({ fetch: handler }) as Server);
  },
};

/** A node:http listener, checking by hand. */
export const NODE_HTTP: AdapterUnderTest = {
  name: 'node:http',
  serve: (manager, app) =>
    listen(
      createServer(
        withNodeSessions(
          manager,
          async (req, res, session) => {
            const path = req.url ?? '/';
            await protectByHand(path, session, nodeCsrfRequest(req), await formOf(req));
            const { status, body } = await app({
              method: req.method ?? 'GET',
              path,
              session,
              cookies: req.headers.cookie,
              setCookie: (...args) => res.appendHeader('set-cookie', plainCookie(...args)),
              deleteCookie: (...args) =>
                res.appendHeader('set-cookie', plainCookieDeletion(...args)),
            });
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(JSON.stringify(body));
          },
          quiet,
        ),
      ),
    ),
};

function expressMount(name: string, framework: typeof express): AdapterUnderTest {
  return {
    name,
    serve: (manager, app) => {
      const server = framework();
      server.use(expressAdapter.sessionMiddleware(manager, quiet));
      server.use('/guarded', expressAdapter.requireSessionMiddleware(manager));
      server.use(
        '/csrf',
        framework.urlencoded({ extended: false }),
        expressAdapter.csrfMiddleware(manager),
      );
      // Express 4 does not catch rejected handlers: hand them to next() as both versions do.
      server.use((req, res, next) => {
        app({
          method: req.method,
          path: req.path,
          session: expressAdapter.getSession(req, manager),
          cookies: req.headers.cookie,
          setCookie: (...args) => {
            expressAdapter.setCookie(res, ...args);
          },
          deleteCookie: (...args) => {
            expressAdapter.deleteCookie(res, ...args);
          },
        }).then(({ status, body }) => res.status(status).json(body), next);
      });
      server.use(expressAdapter.errorHandler());
      return listen(createServer(server));
    },
  };
}

export const EXPRESS_5 = expressMount('Express 5', express);
export const EXPRESS_4 = expressMount('Express 4', express4);

export const FASTIFY: AdapterUnderTest = {
  name: 'Fastify',
  serve: async (manager, app) => {
    const server = Fastify();
    // WebDAV's methods are not routed by default; the CSRF attack scenarios send one.
    server.addHttpMethod('PROPFIND', { hasBody: true });
    await server.register(fastifyAdapter.sessionPlugin(manager));
    // What @fastify/formbody does: forms parse to a record of fields.
    server.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      },
    );
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const { status, body } = await app({
        method: request.method,
        path: request.url,
        session: fastifyAdapter.getSession(request, manager),
        cookies: request.headers.cookie,
        setCookie: (...args) => {
          fastifyAdapter.setCookie(reply, ...args);
        },
        deleteCookie: (...args) => {
          fastifyAdapter.deleteCookie(reply, ...args);
        },
      });
      return reply.code(status).send(body);
    };
    server.all('/guarded/*', { preHandler: fastifyAdapter.requireSessionHook(manager) }, handler);
    server.all('/csrf/*', { preHandler: fastifyAdapter.csrfHook(manager) }, handler);
    server.all('/*', handler);
    const url = await server.listen({ port: 0, host: '127.0.0.1' });
    return { url, close: () => server.close() };
  },
};

export const HONO: AdapterUnderTest = {
  name: 'Hono',
  serve: (manager, app) => {
    const server = new Hono()
      .use(honoAdapter.sessionMiddleware(manager))
      .use('/guarded/*', honoAdapter.requireSessionMiddleware<AppData>())
      .use('/csrf/*', honoAdapter.csrfMiddleware<AppData>())
      .all('*', async (c) => {
        const { status, body } = await app({
          method: c.req.method,
          path: c.req.path,
          session: c.get('session'),
          cookies: c.req.header('cookie'),
          setCookie: (...args) => {
            honoAdapter.setCookie(c, ...args);
          },
          deleteCookie: (...args) => {
            honoAdapter.deleteCookie(c, ...args);
          },
        });
        return c.json(body, status as 200);
      })
      // Hono's default handler logs every error; an outage is the adapter's to answer.
      .onError((_error, c) => c.json({ detail: 'Internal Server Error' }, 500));
    return listen(createAdaptorServer({ fetch: server.fetch }) as Server);
  },
};

/** Every adapter, the reference one first. */
export const ADAPTERS: readonly AdapterUnderTest[] = [
  FETCH_HANDLER,
  NODE_HTTP,
  EXPRESS_5,
  EXPRESS_4,
  FASTIFY,
  HONO,
];
