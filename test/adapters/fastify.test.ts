import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { describeAdapterContract, route } from '../../src/adapters/adapter.contract.js';
import {
  csrfHook,
  deleteCookie,
  getSession,
  requireSessionHook,
  sessionPlugin,
  setCookie,
} from '../../src/adapters/fastify.js';
import { MATRIX } from './backends.js';

describeAdapterContract(
  {
    name: 'Fastify',
    serve: async (manager) => {
      const app = Fastify();
      await app.register(sessionPlugin(manager));
      // What @fastify/formbody does: forms parse to a record of fields.
      app.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string' },
        (_request, body, done) => {
          done(null, Object.fromEntries(new URLSearchParams(String(body))));
        },
      );
      const handler = async (request: FastifyRequest, reply: FastifyReply) => {
        const { status, body } = await route({
          method: request.method,
          path: request.url,
          session: getSession(request, manager),
          cookies: request.headers.cookie,
          setCookie: (...args) => {
            setCookie(reply, ...args);
          },
          deleteCookie: (...args) => {
            deleteCookie(reply, ...args);
          },
        });
        return reply.code(status).send(body);
      };
      app.all('/guarded/*', { preHandler: requireSessionHook(manager) }, handler);
      app.all('/csrf/*', { preHandler: csrfHook(manager) }, handler);
      app.all('/*', handler);
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      return { url, close: () => app.close() };
    },
  },
  MATRIX,
);
