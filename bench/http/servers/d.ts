/** (d) Express + express-session + connect-redis 9 on node-redis. */
import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import { redisUrl } from './common.js';
import { serveExpressSession } from './express-session.js';

const client = createClient({ url: redisUrl() });
await client.connect();
serveExpressSession(new RedisStore({ client, prefix: 'bench-d:' }));
