/**
 * Tessera's session manager as every `t-*` stack configures it: the same cookie as the
 * peers (`sid`, no `Secure` over plain HTTP, `Max-Age` from `persistent`), one day of life.
 */
import { createClient } from 'redis';
import { createSessionManager, type SessionManager } from 'tessera/session';
import { MemoryStore } from 'tessera/stores/memory';
import { RedisStore } from 'tessera/stores/redis';
import { COOKIE_NAME, MAX_AGE, SECRET, redisUrl, type Counter } from './common.js';

/** Where the sessions live: the memory store, Redis (node-redis), or sealed cookies. */
export type Mode = 'mem' | 'redis' | 'sealed';

const common = {
  cookie: { name: COOKIE_NAME, secure: false },
  persistent: true,
  idleTimeout: MAX_AGE,
  absoluteTimeout: MAX_AGE,
} as const;

/** A manager keeping the counter in `mode`. */
export async function tesseraSessions(mode: Mode): Promise<SessionManager<Counter>> {
  if (mode === 'sealed') return createSessionManager<Counter>({ ...common, secrets: [SECRET] });
  if (mode === 'mem') return createSessionManager<Counter>({ ...common, store: new MemoryStore() });
  const client = createClient({ url: redisUrl() });
  await client.connect();
  const store = new RedisStore({ client, prefix: 'bench-t' });
  return createSessionManager<Counter>({ ...common, store });
}

/** The mode named by the server's command line, as `t-node-mem.ts` passes it. */
export function modeOf(argument: string | undefined): Mode {
  if (argument === 'mem' || argument === 'redis' || argument === 'sealed') return argument;
  throw new Error(`unknown mode ${String(argument)}`);
}
