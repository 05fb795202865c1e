/**
 * The Redis store on a real three-master Redis Cluster, through the cluster client of each
 * library: the store contract, then proof that the keys really spread over the masters and
 * that "log out everywhere" reaches every one of them. The session layer's concurrency and
 * user-index suite runs on the cluster too, from test/sessions/stores.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { storeKeyOf } from '../../src/session/id.js';
import {
  createSessionManager,
  type SessionManager,
  type SessionStore,
} from '../../src/session/index.js';
import { RedisStore, type RedisStoreOptions } from '../../src/stores/redis.js';
import { describeStoreContract, fakeClock } from '../../src/stores/store.contract.js';
import { cookieIn, requestWith } from '../sessions/fixtures.js';
import {
  clusterClients,
  clusterForThisFile,
  dropKeys,
  keysPerMaster,
  type ClusterLibrary,
} from './clients.js';
import { redisClusterSkipReason } from './redis-cluster.js';

const skip = redisClusterSkipReason();
const cluster = clusterForThisFile();
const LIBRARIES: readonly ClusterLibrary[] = ['ioredis Cluster', 'node-redis cluster'];

const disconnects: Array<() => void> = [];
afterAll(() => {
  for (const disconnect of disconnects) disconnect();
});

/** Cluster clients whose nodes cannot be reached: every call fails at once. */
const unreachable: Record<ClusterLibrary, () => Promise<SessionStore>> = {
  'ioredis Cluster': () => {
    const client = new Cluster([{ host: '127.0.0.1', port: 1 }], {
      lazyConnect: true,
      enableOfflineQueue: false,
      clusterRetryStrategy: () => null,
    });
    client.on('error', () => undefined);
    disconnects.push(() => {
      client.disconnect();
    });
    return Promise.resolve(new RedisStore({ client }));
  },
  'node-redis cluster': async () => {
    const socket = { host: '127.0.0.1', port: 1, reconnectStrategy: false as const };
    const client = createCluster({
      rootNodes: [{ socket }],
      defaults: { disableOfflineQueue: true },
    });
    await client.connect().catch(() => undefined);
    return new RedisStore({ client });
  },
};

/** A fresh prefix for one test, so tests never see each other's keys. */
const isolated = (): string => `tessera-test-${randomBytes(6).toString('hex')}`;

for (const library of LIBRARIES) {
  describeStoreContract(
    `RedisStore on a 3-master Redis Cluster (${library})`,
    async () => {
      const { ports } = await cluster();
      const connection = await clusterClients[library](ports);
      const clock = fakeClock();
      const prefix = isolated();
      return {
        store: new RedisStore({ client: connection.client, prefix, now: clock.now }),
        clock,
        corrupt: async (key) => {
          await connection.send('SET', `${prefix}:s:{${key}}`, 'not a hash');
        },
        fault: unreachable[library],
        cleanup: async () => {
          await dropKeys(connection, ports, `${prefix}:*`);
          await connection.quit();
        },
      };
    },
    { skip },
  );
}

/** Logs `userId` in from a fresh browser; returns the session ID. */
async function logIn(manager: SessionManager, userId: string): Promise<string> {
  const session = manager.fromRequest(requestWith());
  await session.logIn(userId);
  const id = cookieIn((await session.commit()).setCookies);
  if (id === undefined) throw new Error('the login set no session cookie');
  return id;
}

/** Two processes' managers on the cluster, each with its own client, under a fresh prefix. */
async function twoProcesses(library: ClusterLibrary) {
  const { ports } = await cluster();
  const [first, second] = [
    await clusterClients[library](ports),
    await clusterClients[library](ports),
  ];
  const prefix = isolated();
  onTestFinished(async () => {
    await dropKeys(first, ports, `${prefix}:*`);
    await first.quit();
    await second.quit();
  });
  const clock = fakeClock();
  const managerOn = (client: RedisStoreOptions['client']): SessionManager =>
    createSessionManager({
      store: new RedisStore({ client, prefix, now: clock.now }),
      now: clock.now,
    });
  return {
    one: managerOn(first.client),
    two: managerOn(second.client),
    /** What each master holds under this prefix, asked of each node directly. */
    masters: () => keysPerMaster(ports, `${prefix}:*`),
    recordOf: (id: string): string => `${prefix}:s:{${storeKeyOf(id)}}`,
    isIndex: (key: string): boolean => key.startsWith(`${prefix}:u:`),
  };
}

const title = 'sessions on a 3-master Redis Cluster';
describe.skipIf(skip !== undefined)(
  skip === undefined ? title : `${title} (skipped: ${skip})`,
  () => {
    const USERS = Array.from({ length: 9 }, (_, i) => `user-${i}`);

    it.each(LIBRARIES)(
      'spread records and user indexes over every master, and log out everywhere reaches them all (%s)',
      async (library) => {
        const { one, two, masters, recordOf, isIndex } = await twoProcesses(library);
        const holdingAnyOf = async (ids: readonly string[]): Promise<number[]> => {
          const records = ids.map(recordOf);
          return (await masters())
            .filter(({ matching }) => matching.some((key) => records.includes(key)))
            .map(({ port }) => port);
        };

        const others = await Promise.all(USERS.map((user) => logIn(one, user)));
        // Session IDs are random, so alice logs in until her records sit on all three masters.
        const alice: string[] = [];
        while (alice.length < 60 && (await holdingAnyOf(alice)).length < 3) {
          alice.push(...(await Promise.all(Array.from({ length: 6 }, () => logIn(one, 'alice')))));
        }

        const before = await masters();
        const figures = before.map(({ port, total, matching }) => {
          const indexes = matching.filter(isIndex).length;
          return `${port}: ${matching.length - indexes} records, ${indexes} user indexes, DBSIZE ${total}`;
        });
        console.info(
          `Redis Cluster (${library}), ${alice.length} sessions of alice: ${figures.join('; ')}`,
        );
        for (const { matching } of before) {
          expect(matching.some((key) => alice.map(recordOf).includes(key))).toBe(true);
          expect(matching.some(isIndex)).toBe(true);
        }
        expect(before.flatMap(({ matching }) => matching)).toHaveLength(
          alice.length + others.length + USERS.length + 1,
        );

        expect(await two.listUserSessions('alice')).toHaveLength(alice.length);
        expect(await two.destroyUserSessions('alice')).toBe(alice.length);
        expect(await holdingAnyOf(alice)).toEqual([]);
        expect(await one.listUserSessions('alice')).toEqual([]);
        const aliceNow = alice.map((id) => one.fromRequest(requestWith(id)).userId());
        expect(new Set(await Promise.all(aliceNow))).toEqual(new Set([undefined]));
        const othersNow = others.map((id) => two.fromRequest(requestWith(id)).userId());
        expect(await Promise.all(othersNow)).toEqual(USERS);
      },
    );
  },
);
