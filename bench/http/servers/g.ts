/** (g) Fastify + @fastify/secure-session: the session sealed into the cookie (libsodium). */
import { createHash } from 'node:crypto';
import fastifySecureSession from '@fastify/secure-session';
import Fastify from 'fastify';
import { COOKIE_NAME, MAX_AGE, SECRET, announce, increment } from './common.js';

declare module '@fastify/secure-session' {
  interface SessionData {
    count: number;
  }
}

const app = Fastify();
await app.register(fastifySecureSession, {
  key: createHash('sha256').update(SECRET).digest(),
  cookieName: COOKIE_NAME,
  expiry: MAX_AGE,
  cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: false, maxAge: MAX_AGE },
});
app.get('/', (request) => {
  const count = increment(request.session.get('count'));
  request.session.set('count', count);
  return { count };
});
await app.ready();
announce(app.server);
