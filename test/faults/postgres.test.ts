/**
 * PostgreSQL stopped and started under load, as an operator stops it (fast: open sessions
 * terminated) and as a crash does (immediate: no shutdown checkpoint, WAL replay on start).
 * A private cluster with fsync on, never the shared one.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { PrivatePostgres, postgresSkip } from './private-postgres.js';
import { expectWithstood, runScenario } from './scenario.js';
import { ServerProcess, STORE_TIMEOUT_MS } from './server-process.js';

const title = 'PostgreSQL stopped and started under load';

describe.skipIf(postgresSkip !== undefined)(
  postgresSkip === undefined ? title : `${title} (skipped: ${postgresSkip})`,
  () => {
    let postgres: PrivatePostgres | undefined;
    beforeAll(async () => {
      postgres = await PrivatePostgres.launch();
    });
    afterAll(async () => {
      await postgres?.dispose();
    });

    it.each(['fast', 'immediate'] as const)(
      'stopped %s: 503 while it is down, back by itself, no acknowledged write lost',
      async (mode) => {
        const cluster = postgres!;
        const server = await ServerProcess.launch({ kind: 'postgres', url: cluster.url });
        try {
          const figures = await runScenario({
            store: `postgres (pg Pool, ${mode} stop)`,
            server,
            fault: { inject: () => cluster.stop(mode), remove: () => cluster.start() },
          });
          expectWithstood(figures, { reads: 'fail', storeTimeoutMs: STORE_TIMEOUT_MS });
        } finally {
          await server.stop();
        }
      },
    );
  },
);
