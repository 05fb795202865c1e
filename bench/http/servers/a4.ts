/** (a4) floor: node:http with a signed random session ID and a Map of JSON records. */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { announce, increment, type Counter } from './common.js';
import { readCookie, reply, sign, unsign } from './floor.js';

const records = new Map<string, string>();

announce(
  createServer((req, res) => {
    let sid = unsign(readCookie(req));
    const stored = sid === undefined ? undefined : records.get(sid);
    sid ??= randomBytes(24).toString('base64url');
    const count = increment(
      stored === undefined ? undefined : (JSON.parse(stored) as Counter).count,
    );
    records.set(sid, JSON.stringify({ count }));
    reply(res, count, sign(sid));
  }),
);
