/**
 * The cluster clients of both Redis libraries, as a store gets them, and a view of each
 * master taken behind the clients' back: what every node really holds.
 */
import { Cluster, Redis } from 'ioredis';
import { createCluster } from 'redis';
import { afterAll } from 'vitest';
import type { RedisStoreOptions } from '../../src/stores/redis.js';
import { startRedisCluster, type RedisCluster } from './redis-cluster.js';

const HOST = '127.0.0.1';

/** A connected cluster client and a way to send it raw commands. */
export interface ClusterConnection {
  readonly client: RedisStoreOptions['client'];
  /** Sends a command whose first argument is its one key; the client routes it. */
  readonly send: (command: string, key: string, ...args: string[]) => Promise<unknown>;
  readonly quit: () => Promise<unknown>;
}

export type ClusterLibrary = 'ioredis Cluster' | 'node-redis cluster';

/** Opens a cluster client of each library on the masters at `ports`. */
export const clusterClients: Record<
  ClusterLibrary,
  (ports: readonly number[]) => Promise<ClusterConnection>
> = {
  'ioredis Cluster': async (ports) => {
    const client = new Cluster(ports.map((port) => ({ host: HOST, port })));
    await new Promise<void>((resolve, reject) => {
      client.once('ready', resolve);
      client.once('error', reject);
    });
    return {
      client,
      send: (command, key, ...args) => client.call(command, [key, ...args]),
      quit: () => client.quit(),
    };
  },
  'node-redis cluster': async (ports) => {
    const rootNodes = ports.map((port) => ({ socket: { host: HOST, port } }));
    const client = await createCluster({ rootNodes }).connect();
    return {
      client,
      send: (command, key, ...args) => client.sendCommand(key, false, [command, key, ...args]),
      quit: () => client.close(),
    };
  },
};

/** What one master holds, asked of that node alone. */
export interface MasterKeys {
  readonly port: number;
  /** `DBSIZE`: every key on the node. */
  readonly total: number;
  /** The keys that match the pattern asked for. */
  readonly matching: readonly string[];
}

/** Asks each master directly, not through a cluster client, which keys it holds. */
export function keysPerMaster(ports: readonly number[], pattern: string): Promise<MasterKeys[]> {
  return Promise.all(
    ports.map(async (port) => {
      const node = new Redis({ host: HOST, port, lazyConnect: true });
      try {
        await node.connect();
        const matching: string[] = [];
        let cursor = '0';
        do {
          const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          matching.push(...keys);
          cursor = next;
        } while (cursor !== '0');
        return { port, total: await node.dbsize(), matching };
      } finally {
        node.disconnect();
      }
    }),
  );
}

/** Deletes every key matching `pattern` on every master, one key per command. */
export async function dropKeys(
  connection: ClusterConnection,
  ports: readonly number[],
  pattern: string,
): Promise<void> {
  const keys = (await keysPerMaster(ports, pattern)).flatMap(({ matching }) => matching);
  await Promise.all(keys.map((key) => connection.send('UNLINK', key)));
}

/**
 * One cluster for the test file that calls this (at collection time): started by the first
 * test that asks for it, stopped after the file's last test, passed or not.
 */
export function clusterForThisFile(): () => Promise<RedisCluster> {
  let started: Promise<RedisCluster> | undefined;
  afterAll(async () => {
    await started?.then(
      (cluster) => cluster.stop(),
      () => undefined, // a start that failed has already stopped what it started
    );
  });
  return () => (started ??= startRedisCluster());
}
