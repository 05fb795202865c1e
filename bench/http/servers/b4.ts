/**
 * (b4, b4a) floor: Express 5 with the least a session middleware can do, a4's work split the
 * Express way: a middleware finds the signed ID and its record, the route writes it back.
 * With `async` (b4a) the route awaits once before answering, as any handler of an async
 * session API does: what the await alone costs Express over HTTP.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import express from 'express';
import { COOKIE_ATTRIBUTES, COOKIE_NAME, announce, increment, type Counter } from './common.js';
import { readCookie, sign, unsign } from './floor.js';

const records = new Map<string, string>();

/** What the middleware leaves on the request, as a session middleware would. */
type WithSession = IncomingMessage & { sid?: string; stored?: string | undefined };

function answer(req: IncomingMessage, res: ServerResponse & { json: (body: unknown) => void }) {
  const { sid = '', stored } = req as WithSession;
  const count = increment(stored === undefined ? undefined : (JSON.parse(stored) as Counter).count);
  records.set(sid, JSON.stringify({ count }));
  res.setHeader('set-cookie', `${COOKIE_NAME}=${sign(sid)}; ${COOKIE_ATTRIBUTES}`);
  res.json({ count });
}

const app = express();
app.use((req, _res, next) => {
  const carrier = req as WithSession;
  const sid = unsign(readCookie(req));
  carrier.sid = sid ?? randomBytes(24).toString('base64url');
  carrier.stored = sid === undefined ? undefined : records.get(sid);
  next();
});
if (process.argv[2] === 'async') {
  app.get('/', async (req, res) => {
    await Promise.resolve();
    answer(req, res);
  });
} else {
  app.get('/', answer);
}
announce(createServer(app));
