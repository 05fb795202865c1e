/** (h) Hono with the counter in a signed cookie (`hono/cookie`, WebCrypto HMAC). */
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import { COOKIE_NAME, MAX_AGE, SECRET, announce } from './common.js';

const app = new Hono().get('/', async (c) => {
  const current = await getSignedCookie(c, SECRET, COOKIE_NAME);
  const count = Number(current || 0) + 1;
  await setSignedCookie(c, COOKIE_NAME, String(count), SECRET, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: MAX_AGE,
  });
  return c.json({ count });
});
announce(createAdaptorServer({ fetch: app.fetch }) as Server);
