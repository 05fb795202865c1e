/**
 * Every server store, opened fresh for one test: isolated (a random Redis prefix, a random
 * PostgreSQL table, a temporary SQLite file) and dropped when the test ends, passed or not.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createClient } from 'redis';
import { onTestFinished } from 'vitest';
import type { SessionStore } from '../../src/session/index.js';
import { MemoryStore } from '../../src/stores/memory.js';
import { PostgresStore } from '../../src/stores/postgres.js';
import { RedisStore } from '../../src/stores/redis.js';
import { SqliteStore } from '../../src/stores/sqlite.js';
import { serviceSkipReason } from '../../src/stores/store.contract.js';
import {
  clusterClients,
  clusterForThisFile,
  dropKeys,
  type ClusterLibrary,
} from '../cluster/clients.js';
import { redisClusterSkipReason } from '../cluster/redis-cluster.js';

/** One backend, reached through two stores as two processes would reach it. */
export interface SharedBackend {
  /** The store of the first process. */
  readonly store: SessionStore;
  /** The same records through another store and connection: a second process. */
  readonly peer: SessionStore;
}

export interface Backend {
  readonly name: string;
  /** Why the service is absent; the backend's tests are then skipped with it in their name. */
  readonly skip: string | undefined;
  /** Opens the backend for the running test and closes it when the test ends. */
  readonly open: (now: () => number) => Promise<SharedBackend>;
}

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisSkip = await serviceSkipReason('Redis', REDIS_URL);
const postgresSkip = await serviceSkipReason('PostgreSQL', DATABASE_URL);
const clusterSkip = redisClusterSkipReason();
/** A private three-master cluster, started only if a test of this file opens it. */
const cluster = clusterForThisFile();

const isolated = (prefix: string): string => `${prefix}${randomBytes(6).toString('hex')}`;

/** Closes both stores, then whatever else the backend opened, in order. */
function closing(shared: SharedBackend, ...after: Array<() => Promise<unknown>>): SharedBackend {
  onTestFinished(async () => {
    await shared.store.close();
    await shared.peer.close();
    for (const step of after) await step();
  });
  return shared;
}

type Send = (command: string, ...args: string[]) => Promise<unknown>;

interface RedisConnection {
  readonly client: ConstructorParameters<typeof RedisStore>[0]['client'];
  readonly send: Send;
  readonly quit: () => Promise<unknown>;
}

const redisClients: Record<'node-redis' | 'ioredis', () => Promise<RedisConnection>> = {
  'node-redis': async () => {
    const client = await createClient({ url: REDIS_URL }).connect();
    const send: Send = (command, ...args) => client.sendCommand([command, ...args]);
    return { client, send, quit: () => client.close() };
  },
  ioredis: () => {
    const client = new Redis(REDIS_URL);
    const send: Send = (command, ...args) => client.call(command, args);
    return Promise.resolve({ client, send, quit: () => client.quit() });
  },
};

function redisBackend(library: keyof typeof redisClients): Backend {
  return {
    name: `RedisStore (${library})`,
    skip: redisSkip,
    open: async (now) => {
      const [first, second] = [await redisClients[library](), await redisClients[library]()];
      const prefix = isolated('tessera-test-');
      const dropKeys = async (): Promise<void> => {
        const [, keys] = (await first.send(
          'SCAN',
          '0',
          'MATCH',
          `${prefix}:*`,
          'COUNT',
          '10000',
        )) as [string, string[]];
        if (keys.length > 0) await first.send('DEL', ...keys);
      };
      return closing(
        {
          store: new RedisStore({ client: first.client, prefix, now }),
          peer: new RedisStore({ client: second.client, prefix, now }),
        },
        dropKeys,
        first.quit,
        second.quit,
      );
    },
  };
}

/** The Redis store on a private three-master Redis Cluster: records and indexes on every master. */
function redisClusterBackend(library: ClusterLibrary): Backend {
  return {
    name: `RedisStore (${library})`,
    skip: clusterSkip,
    open: async (now) => {
      const { ports } = await cluster();
      const [first, second] = [
        await clusterClients[library](ports),
        await clusterClients[library](ports),
      ];
      const prefix = isolated('tessera-test-');
      return closing(
        {
          store: new RedisStore({ client: first.client, prefix, now }),
          peer: new RedisStore({ client: second.client, prefix, now }),
        },
        () => dropKeys(first, ports, `${prefix}:*`),
        first.quit,
        second.quit,
      );
    },
  };
}

/** The server stores of Tessera, each behind the same session manager API. */
export const BACKENDS: readonly Backend[] = [
  {
    name: 'MemoryStore',
    skip: undefined,
    // One process only: both "processes" share the one map.
    open: (now) => {
      const store = new MemoryStore({ now, sweepIntervalMs: 0 });
      return Promise.resolve(closing({ store, peer: store }));
    },
  },
  {
    name: 'SqliteStore (file in WAL mode)',
    skip: undefined,
    open: (now) => {
      const dir = mkdtempSync(join(tmpdir(), 'tessera-sessions-'));
      const path = join(dir, 'sessions.db');
      // Two stores on one file, as two processes would be: shared access.
      const store = (): SqliteStore =>
        new SqliteStore({ path, now, sweepIntervalMs: 0, shared: true });
      return Promise.resolve(
        closing({ store: store(), peer: store() }, () => {
          rmSync(dir, { recursive: true, force: true });
          return Promise.resolve();
        }),
      );
    },
  },
  redisBackend('node-redis'),
  redisBackend('ioredis'),
  redisClusterBackend('ioredis Cluster'),
  redisClusterBackend('node-redis cluster'),
  {
    name: 'PostgresStore',
    skip: postgresSkip,
    open: (now) => {
      const table = isolated('tessera_test_');
      const pools = [0, 1].map(() => new pg.Pool({ connectionString: DATABASE_URL, max: 10 }));
      const [first, second] = pools as [pg.Pool, pg.Pool];
      const options = { table, now, sweepIntervalMs: 0 };
      return Promise.resolve(
        closing(
          {
            store: new PostgresStore({ pool: first, ...options }),
            peer: new PostgresStore({ pool: second, ...options }),
          },
          () => first.query(`DROP TABLE IF EXISTS "${table}"`),
          () => first.end(),
          () => second.end(),
        ),
      );
    },
  },
];
