import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import {
  describeAdapterContract,
  listen,
  protectByHand,
  route,
} from '../../src/adapters/adapter.contract.js';
import { withSessions } from '../../src/adapters/fetch.js';
import { plainCookie, plainCookieDeletion } from '../../src/http/responses.js';
import { MATRIX } from './backends.js';

describeAdapterContract(
  {
    name: 'fetch handler',
    serve: (manager) => {
      const handler = withSessions(manager, async (request, { session }) => {
        const headers = new Headers();
        const path = new URL(request.url).pathname;
        const isForm = request.headers.get('content-type')?.startsWith('application/x-www-form');
        await protectByHand(
          path,
          session,
          request,
          isForm ? new URLSearchParams(await request.text()) : undefined,
        );
        const { status, body } = await route({
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
  },
  MATRIX,
);
