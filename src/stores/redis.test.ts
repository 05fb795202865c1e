import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError } from '../errors.js';
import { RedisStore } from './redis.js';
import { describeStoreContract, fakeClock, serviceSkipReason } from './store.contract.js';

const url = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const skip = await serviceSkipReason('Redis', url);

type Send = (command: string, ...args: string[]) => Promise<unknown>;
const quits: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  await Promise.all(quits.map((quit) => quit()));
});

/** A connected client of either library, with a raw-command function to reach behind the store. */
const clients = {
  'node-redis': async () => {
    const client = await createClient({ url }).connect();
    quits.push(() => client.close());
    const send: Send = (command, ...args) => client.sendCommand([command, ...args]);
    return { client, send };
  },
  ioredis: () => {
    const client = new Redis(url);
    quits.push(() => client.quit());
    const send: Send = (command, ...args) => client.call(command, args);
    return Promise.resolve({ client, send });
  },
};

/** Clients of a closed loopback port, with no retries and no offline queue: calls fail at once. */
const unreachable = {
  'node-redis': async () => {
    const socket = { port: 1, reconnectStrategy: false as const };
    const client = createClient({ socket, disableOfflineQueue: true });
    await client.connect().catch(() => undefined);
    return client;
  },
  ioredis: () => {
    const options = { port: 1, lazyConnect: true, enableOfflineQueue: false };
    const client = new Redis({ ...options, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    quits.push(() => {
      client.disconnect();
      return Promise.resolve();
    });
    return Promise.resolve(client);
  },
};

for (const library of ['node-redis', 'ioredis'] as const) {
  describeStoreContract(
    `RedisStore (${library})`,
    async () => {
      const { client, send } = await clients[library]();
      const clock = fakeClock();
      const prefix = `tessera-test-${randomBytes(6).toString('hex')}`;
      const store = new RedisStore({ client, prefix, now: clock.now });
      const corrupt = async (key: string): Promise<void> => {
        await send('SET', `${prefix}:s:{${key}}`, 'not a hash');
      };
      const fault = async () => {
        return new RedisStore({ client: await unreachable[library]() });
      };
      const cleanup = async (): Promise<void> => {
        const [, keys] = (await send('SCAN', '0', 'MATCH', `${prefix}:*`, 'COUNT', '10000')) as [
          string,
          string[],
        ];
        if (keys.length > 0) await send('DEL', ...keys);
      };
      return { store, clock, corrupt, fault, cleanup };
    },
    { skip },
  );
}

describe.skipIf(skip !== undefined)('RedisStore specifics', () => {
  it.each(['', 'a b', 'x{y}', 'ü', 'p'.repeat(65)])('refuses the prefix %j', async (prefix) => {
    const { client } = await clients.ioredis();
    expect(() => new RedisStore({ client, prefix })).toThrow(ConfigError);
  });

  it.each([
    ['no data', ['e', '99', 's', '0', 'v', '1']],
    ['a non-numeric expiry', ['d', '{}', 'e', 'soon', 's', '0', 'v', '1']],
    ['a fractional last-seen time', ['d', '{}', 'e', '99', 's', '0.5', 'v', '1']],
    ['version 0', ['d', '{}', 'e', '99', 's', '0', 'v', '0']],
  ])('reads a hash with %s as missing', async (_, fields) => {
    const { client, send } = await clients['node-redis']();
    const prefix = `tessera-test-${randomBytes(6).toString('hex')}`;
    const store = new RedisStore({ client, prefix, now: () => 0 });
    onTestFinished(async () => {
      await send('DEL', `${prefix}:s:{k}`, `${prefix}:u:{alice}`);
    });
    await send('HSET', `${prefix}:s:{k}`, ...fields, 'u', 'alice');
    await send('ZADD', `${prefix}:u:{alice}`, '99', 'k');
    expect(await store.get('k')).toBeUndefined();
    expect(await store.listByUser('alice')).toEqual([]);
  });

  it('reloads its scripts after SCRIPT FLUSH and gives records and indexes native TTLs', async () => {
    const { client, send } = await clients.ioredis();
    const prefix = `tessera-test-${randomBytes(6).toString('hex')}`;
    const store = new RedisStore({ client, prefix });
    onTestFinished(async () => {
      await send('DEL', `${prefix}:s:{k}`, `${prefix}:u:{u}`);
    });
    await send('SCRIPT', 'FLUSH');
    const expiresAt = Date.now() + 60_000;
    await store.create('k', { data: '{}', expiresAt, lastSeenAt: 0, userId: 'u' });
    expect(Number(await send('PTTL', `${prefix}:s:{k}`))).toBeGreaterThan(58_000);
    expect(Number(await send('PTTL', `${prefix}:u:{u}`))).toBeGreaterThan(58_000);
  });
});
