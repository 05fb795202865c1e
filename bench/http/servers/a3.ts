/** (a3) floor: node:http with a signed random session ID and a Redis GET/SET (node-redis). */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { MAX_AGE, announce, increment, redisUrl, type Counter } from './common.js';
import { readCookie, reply, sign, unsign } from './floor.js';

const client = createClient({ url: redisUrl() });
await client.connect();

announce(
  createServer((req, res) => {
    void (async () => {
      let sid = unsign(readCookie(req));
      const stored = sid === undefined ? null : await client.get(`floor:${sid}`);
      sid ??= randomBytes(24).toString('base64url');
      const count = increment(stored === null ? undefined : (JSON.parse(stored) as Counter).count);
      await client.set(`floor:${sid}`, JSON.stringify({ count }), { EX: MAX_AGE });
      reply(res, count, sign(sid));
    })().catch(() => res.writeHead(503).end());
  }),
);
