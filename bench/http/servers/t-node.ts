/** (t-node-*) node:http + Tessera's node-http adapter; the mode (mem, redis, sealed) is argv[2]. */
import { createServer } from 'node:http';
import { withSessions } from 'tessera/adapters/node-http';
import { announce, increment } from './common.js';
import { modeOf, tesseraSessions } from './tessera.js';

const sessions = await tesseraSessions(modeOf(process.argv[2]));

announce(
  createServer(
    withSessions(sessions, async (_req, res, session) => {
      const count = await session.update('count', increment);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count }));
    }),
  ),
);
