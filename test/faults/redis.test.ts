/**
 * Redis stopped (SIGTERM, as an operator or a supervisor stops it) and started under load,
 * through both client libraries: a private server whose append-only file is fsynced on
 * every write, never the shared one.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { PrivateRedis, redisSkip } from './private-redis.js';
import { expectWithstood, runScenario } from './scenario.js';
import { ServerProcess, STORE_TIMEOUT_MS } from './server-process.js';

const title = 'Redis stopped and started under load';

describe.skipIf(redisSkip !== undefined)(
  redisSkip === undefined ? title : `${title} (skipped: ${redisSkip})`,
  () => {
    let redis: PrivateRedis | undefined;
    beforeAll(async () => {
      redis = await PrivateRedis.launch();
    });
    afterAll(async () => {
      await redis?.dispose();
    });

    it.each(['node-redis', 'ioredis'] as const)(
      'with %s: 503 while Redis is down, back by itself, no acknowledged write lost',
      async (kind) => {
        const instance = redis!;
        const server = await ServerProcess.launch({ kind, url: instance.url });
        try {
          const figures = await runScenario({
            store: `redis (${kind})`,
            server,
            fault: { inject: () => instance.stop(), remove: () => instance.start() },
          });
          expectWithstood(figures, { reads: 'fail', storeTimeoutMs: STORE_TIMEOUT_MS });
        } finally {
          await server.stop();
        }
      },
    );
  },
);
