import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import { describeAdapterContract, listen, route } from '../../src/adapters/adapter.contract.js';
import { withSessions } from '../../src/adapters/fetch.js';
import { plainCookie, plainCookieDeletion } from '../../src/adapters/respond.js';
import { MATRIX } from './backends.js';

describeAdapterContract(
  {
    name: 'fetch handler',
    serve: (manager) => {
      const handler = withSessions(manager, async (request, { session }) => {
        const headers = new Headers();
        const { status, body } = await route({
          method: request.method,
          path: new URL(request.url).pathname,
          session,
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
