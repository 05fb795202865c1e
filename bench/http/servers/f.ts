/** (f) Fastify + @fastify/cookie + @fastify/session with its memory store, rolling. */
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import Fastify from 'fastify';
import { COOKIE_NAME, MAX_AGE, SECRET, announce, increment } from './common.js';

declare module 'fastify' {
  interface Session {
    count?: number;
  }
}

const app = Fastify();
await app.register(fastifyCookie);
await app.register(fastifySession, {
  cookieName: COOKIE_NAME,
  secret: SECRET,
  saveUninitialized: false,
  rolling: true,
  cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: false, maxAge: MAX_AGE * 1000 },
});
app.get('/', (request) => {
  const count = increment(request.session.get('count'));
  request.session.set('count', count);
  return { count };
});
await app.ready();
announce(app.server);
