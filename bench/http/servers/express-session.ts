/**
 * The express-session stacks (c, d): `rolling` re-sends the cookie on every response, and
 * the counter changes on every request, so each one loads, writes and sets the cookie.
 */
import { createServer } from 'node:http';
import express from 'express';
import session, { type Store } from 'express-session';
import { COOKIE_NAME, MAX_AGE, SECRET, announce, increment } from './common.js';

declare module 'express-session' {
  interface SessionData {
    count: number;
  }
}

/** Serves the counter with express-session over `store` (its MemoryStore when undefined). */
export function serveExpressSession(store?: Store): void {
  const app = express();
  app.use(
    session({
      name: COOKIE_NAME,
      secret: SECRET,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: false, maxAge: MAX_AGE * 1000 },
      ...(store === undefined ? {} : { store }),
    }),
  );
  app.get('/', (req, res) => {
    req.session.count = increment(req.session.count);
    res.json({ count: req.session.count });
  });
  announce(createServer(app));
}
