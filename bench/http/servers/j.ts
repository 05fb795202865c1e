/** (j) Express + iron-session: the session sealed into the cookie (Fe26.2). */
import { createServer } from 'node:http';
import express from 'express';
import { getIronSession } from 'iron-session';
import { COOKIE_NAME, MAX_AGE, SECRET, announce, increment, type Counter } from './common.js';

const app = express();
app.get('/', async (req, res) => {
  const session = await getIronSession<Partial<Counter>>(req, res, {
    cookieName: COOKIE_NAME,
    password: SECRET,
    ttl: MAX_AGE,
    cookieOptions: { path: '/', httpOnly: true, sameSite: 'lax', secure: false },
  });
  session.count = increment(session.count);
  await session.save();
  res.json({ count: session.count });
});
announce(createServer(app));
