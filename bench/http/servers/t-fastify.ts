/** (t-fastify-*) Fastify 5 + Tessera's Fastify plugin; the mode is argv[2]. */
import Fastify from 'fastify';
import { getSession, sessionPlugin } from 'tessera/adapters/fastify';
import { announce, increment } from './common.js';
import { modeOf, tesseraSessions } from './tessera.js';

const sessions = await tesseraSessions(modeOf(process.argv[2]));

const app = Fastify();
await app.register(sessionPlugin(sessions));
app.get('/', async (request) => ({
  count: await getSession(request, sessions).update('count', increment),
}));
await app.ready();
announce(app.server);
