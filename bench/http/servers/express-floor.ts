/**
 * The Express floor of b4, b4a and the split run: the least a session middleware can do, a4's
 * work split the Express way: a middleware finds the signed ID and its record, the route
 * writes it back.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express } from 'express';
import { COOKIE_ATTRIBUTES, COOKIE_NAME, increment, type Counter } from './common.js';
import { readCookie, sign, unsign } from './floor.js';

const records = new Map<string, string>();

/** What the middleware leaves on the request, as a session middleware would. */
type WithSession = IncomingMessage & { sid?: string; stored?: string | undefined };

/** The response methods the floor uses: node:http's plus Express's `json`. */
type JsonResponse = ServerResponse & { json: (body: unknown) => void };

/** Finds the request's signed session ID and its stored record. */
function floorMiddleware(req: IncomingMessage, _res: unknown, next: () => void): void {
  const carrier = req as WithSession;
  const sid = unsign(readCookie(req));
  carrier.sid = sid ?? randomBytes(24).toString('base64url');
  carrier.stored = sid === undefined ? undefined : records.get(sid);
  next();
}

/** Increments the counter, stores the record and answers it with the signed ID cookie. */
function floorAnswer(req: IncomingMessage, res: JsonResponse): void {
  const { sid = '', stored } = req as WithSession;
  const count = increment(stored === undefined ? undefined : (JSON.parse(stored) as Counter).count);
  records.set(sid, JSON.stringify({ count }));
  res.setHeader('set-cookie', `${COOKIE_NAME}=${sign(sid)}; ${COOKIE_ATTRIBUTES}`);
  res.json({ count });
}

/**
 * The floor as an Express app. With `awaiting`, the route awaits once before answering, as
 * any handler of an async session API does.
 */
export function floorApp(awaiting: boolean): Express {
  const app = express().use(floorMiddleware);
  return awaiting
    ? app.get('/', async (req, res) => {
        await Promise.resolve();
        floorAnswer(req, res as JsonResponse);
      })
    : app.get('/', (req, res) => {
        floorAnswer(req, res as JsonResponse);
      });
}
