import Fastify from 'fastify';
import { describeAdapterContract, route } from '../../src/adapters/adapter.contract.js';
import { deleteCookie, getSession, sessionPlugin, setCookie } from '../../src/adapters/fastify.js';
import { MATRIX } from './backends.js';

describeAdapterContract(
  {
    name: 'Fastify',
    serve: async (manager) => {
      const app = Fastify();
      await app.register(sessionPlugin(manager));
      app.all('/*', async (request, reply) => {
        const { status, body } = await route({
          method: request.method,
          path: request.url,
          session: getSession(request, manager),
          setCookie: (...args) => {
            setCookie(reply, ...args);
          },
          deleteCookie: (...args) => {
            deleteCookie(reply, ...args);
          },
        });
        return reply.code(status).send(body);
      });
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      return { url, close: () => app.close() };
    },
  },
  MATRIX,
);
