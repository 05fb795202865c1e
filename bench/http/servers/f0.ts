/** (f0) bare Fastify 5 answering JSON. */
import Fastify from 'fastify';
import { announce } from './common.js';

const app = Fastify();
app.get('/', () => ({ hello: 'world' }));
await app.ready();
announce(app.server);
