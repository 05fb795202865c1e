import { createHash } from 'node:crypto';
import { ConfigError } from '../errors.js';
import {
  StoreError,
  type SessionRecord,
  type SessionStore,
  type StoreOptions,
  type StoredRecord,
  type UpdateResult,
} from './store.js';

/** What this store needs of an ioredis client (`new Redis()` or `new Cluster()`). */
export interface IoRedisClient {
  call(command: string, args: string[]): Promise<unknown>;
  /** A `Cluster`'s nodes: {@link RedisStore.sweep} scans each master. */
  nodes?(role: 'master'): IoRedisClient[];
}

/** What this store needs of a node-redis client (`createClient()`, connected). */
export interface NodeRedisClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/** What this store needs of a node-redis cluster (`createCluster()`, connected). */
export interface NodeRedisCluster {
  /** Routes `args` by `firstKey`; the store always names the one key a command touches. */
  sendCommand(firstKey: string, isReadonly: boolean, args: string[]): Promise<unknown>;
  readonly masters: readonly object[];
  nodeClient(node: object): Promise<NodeRedisClient>;
}

/** Options of {@link RedisStore}. */
export interface RedisStoreOptions extends StoreOptions {
  /**
   * A connected node-redis or ioredis client, or either library's cluster client (node-redis
   * `createCluster()`, ioredis `Cluster`), which stays yours to close. Its options bound
   * every wait: without them a command queued while Redis is down waits for the reconnect
   * (ASVS 5.0 13.1.3). node-redis: `commandOptions: { timeout }` and `disableOfflineQueue`;
   * ioredis: `commandTimeout`, `maxRetriesPerRequest` and `enableOfflineQueue: false`.
   * Leave the client's own `keyPrefix` unset and use `prefix` here.
   */
  readonly client: NodeRedisClient | NodeRedisCluster | IoRedisClient;
  /**
   * The start of every key: records at `prefix:s:{key}`, user indexes at `prefix:u:{userId}`.
   * Letters, digits and `_ . : -` only, so it never holds a hash tag or a SCAN pattern.
   * @default 'tessera'
   */
  readonly prefix?: string;
}

/**
 * Every script takes one key, KEYS[1], and ARGV[1] = now; writes take ARGV `now, ttl,
 * expectedVersion, data, expiresAt, lastSeenAt, userId?`, touch `now, ttl, expiresAt,
 * lastSeenAt`. `live()` gives KEYS[1]'s version if it holds a live, well-formed record.
 */
const LIVE = `local function live(now)
  if redis.call('TYPE', KEYS[1]).ok ~= 'hash' then return false end
  local f = redis.call('HMGET', KEYS[1], 'e', 'v')
  local e, v = tonumber(f[1]), tonumber(f[2])
  if e and v and e > now then return v end
  return false
end
local now = tonumber(ARGV[1])
`;
const SET = `redis.call('HSET', KEYS[1], 'd', ARGV[4], 'e', ARGV[5], 's', ARGV[6], 'v', version)
if ARGV[7] then redis.call('HSET', KEYS[1], 'u', ARGV[7]) else redis.call('HDEL', KEYS[1], 'u') end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return version`;

/** Every script touches the one key it is given, so each runs on one Cluster slot. */
const SCRIPTS = {
  create: `${LIVE}if live(now) then return 0 end
redis.call('DEL', KEYS[1])
local version = 1
${SET}`,
  update: `${LIVE}local current = live(now)
if not current then return -1 end
if current ~= tonumber(ARGV[3]) then return 0 end
local version = current + 1
${SET}`,
  touch: `${LIVE}if not live(now) then return {0} end
redis.call('HSET', KEYS[1], 'e', ARGV[3], 's', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {1, redis.call('HGET', KEYS[1], 'u')}`,
  destroyOfUser: `${LIVE}if not live(now) or redis.call('HGET', KEYS[1], 'u') ~= ARGV[2] then return 0 end
return redis.call('DEL', KEYS[1])`,
  sweep: `if redis.call('TYPE', KEYS[1]).ok ~= 'hash' then return 0 end
local e = tonumber(redis.call('HGET', KEYS[1], 'e'))
if e and e <= tonumber(ARGV[1]) then return redis.call('DEL', KEYS[1]) end
return 0`,
  // Scores are expiry times: members leave only once their record has expired.
  index: `redis.call('ZADD', KEYS[1], 'GT', ARGV[3], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end`,
};
type Script = keyof typeof SCRIPTS;
const SHA = Object.fromEntries(
  Object.entries(SCRIPTS).map(([name, body]) => [
    name,
    createHash('sha1').update(body).digest('hex'),
  ]),
) as Record<Script, string>;

const FIELDS = ['d', 'e', 's', 'v', 'u'];

/**
 * Sessions in Redis (6.2 or later), through node-redis or ioredis. Each record is a hash
 * with a native TTL as the backstop, while `expiresAt` is checked against `now()` on every
 * read; writes are Lua compare-and-set scripts, run with EVALSHA (EVAL after a NOSCRIPT).
 *
 * Redis Cluster (node-redis `createCluster()` or ioredis `Cluster`): every command and
 * script touches exactly one key, so none can span two slots, and `sweep` scans every
 * master. Keys carry hash tags (`{key}`, `{userId}`) so a record's slot depends on the key
 * alone, not on the prefix. A record and its user's index live on different slots and
 * so cannot change in one atomic step; instead the index is a sorted set scored by expiry:
 * a writer adds the key before it writes the record, and members only leave once their
 * score has passed. Members whose record is gone or now belongs to another user stay
 * until then, and reads drop them: removing them eagerly could race a concurrent write
 * and hide a live session from "log out everywhere".
 */
export class RedisStore implements SessionStore {
  readonly #send: Send;
  readonly #masters: () => Promise<Send[]>;
  readonly #prefix: string;
  readonly #now: () => number;

  constructor(options: RedisStoreOptions) {
    const { client, prefix = 'tessera', now = Date.now } = options;
    if (!/^[\w.:-]{1,64}$/.test(prefix)) {
      throw new ConfigError('prefix must be 1 to 64 letters, digits or _ . : -');
    }
    [this.#send, this.#masters] = connection(client);
    this.#prefix = prefix;
    this.#now = now;
  }

  get(key: string): Promise<StoredRecord | undefined> {
    return this.#guard((now) => this.#load(this.#record(key), now));
  }

  create(key: string, record: SessionRecord): Promise<boolean> {
    return this.#guard(async (now) => {
      await this.#index(key, record.userId, record.expiresAt, now);
      return (await this.#eval('create', this.#record(key), this.#args(now, 0, record))) === 1;
    });
  }

  update(key: string, record: SessionRecord, expectedVersion: number): Promise<UpdateResult> {
    return this.#guard(async (now): Promise<UpdateResult> => {
      await this.#index(key, record.userId, record.expiresAt, now);
      const args = this.#args(now, expectedVersion, record);
      const version = Number(await this.#eval('update', this.#record(key), args));
      if (version > 0) return { status: 'updated', version };
      return version === 0 ? { status: 'conflict' } : { status: 'missing' };
    });
  }

  touch(key: string, expiresAt: number, lastSeenAt: number): Promise<boolean> {
    return this.#guard(async (now) => {
      const args = [now, expiresAt - now, expiresAt, lastSeenAt].map(String);
      const [touched, userId] = (await this.#eval('touch', this.#record(key), args)) as unknown[];
      // After the write, as touch learns the user from the record: the member was only
      // missing if the record expired in the meantime, and this adds it back.
      if (typeof userId === 'string') await this.#index(key, userId, expiresAt, now);
      return touched === 1;
    });
  }

  destroy(key: string): Promise<void> {
    return this.#guard(async () => {
      await this.#send('DEL', [this.#record(key)]);
    });
  }

  listByUser(userId: string): Promise<Array<{ key: string; record: StoredRecord }>> {
    return this.#guard(async (now) => {
      const loaded = await Promise.all(
        (await this.#members(userId, now)).map(async (key) => {
          const record = await this.#load(this.#record(key), now);
          return record?.userId === userId ? [{ key, record }] : [];
        }),
      );
      return loaded.flat();
    });
  }

  destroyByUser(userId: string, exceptKey?: string): Promise<number> {
    return this.#guard(async (now) => {
      const keys = (await this.#members(userId, now)).filter((key) => key !== exceptKey);
      const args = [String(now), userId];
      const deleted = await Promise.all(
        keys.map((key) => this.#eval('destroyOfUser', this.#record(key), args)),
      );
      return deleted.filter((count) => count === 1).length;
    });
  }

  /**
   * Native TTLs delete expired records on their own; this scans for records that expired
   * by `now()` before their TTL did (a clock ahead of Redis's, or a test clock). SCAN sees
   * one node's keys, so on a Cluster it runs on every master.
   */
  sweep(): Promise<number> {
    return this.#guard(async (now) => {
      const masters = await this.#masters();
      if (masters.length === 0) throw new Error('the cluster client knows no master yet');
      const counts = await Promise.all(masters.map((scan) => this.#sweepNode(scan, now)));
      return counts.reduce((sum, count) => sum + count, 0);
    });
  }

  /** The client is the caller's: nothing to release. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  async #sweepNode(scan: Send, now: number): Promise<number> {
    let [cursor, count] = ['0', 0];
    do {
      const args = [cursor, 'MATCH', `${this.#prefix}:s:*`, 'COUNT', '1000'];
      const [next, keys] = (await scan('SCAN', args)) as [string, string[]];
      const deleted = await Promise.all(keys.map((key) => this.#eval('sweep', key, [String(now)])));
      count += deleted.filter((n) => n === 1).length;
      cursor = next;
    } while (cursor !== '0');
    return count;
  }

  #record(key: string): string {
    return `${this.#prefix}:s:{${key}}`;
  }

  #args(now: number, expectedVersion: number, record: SessionRecord): string[] {
    const { data, expiresAt, lastSeenAt, userId } = record;
    const args = [now, expiresAt - now, expectedVersion, data, expiresAt, lastSeenAt].map(String);
    return userId === undefined ? args : [...args, userId];
  }

  async #index(key: string, userId: string | undefined, expiresAt: number, now: number) {
    if (userId === undefined) return;
    const args = [String(now), key, String(expiresAt), String(expiresAt - now)];
    await this.#eval('index', `${this.#prefix}:u:{${userId}}`, args);
  }

  async #members(userId: string, now: number): Promise<string[]> {
    const index = `${this.#prefix}:u:{${userId}}`;
    return (await this.#send('ZRANGE', [index, `(${now}`, '+inf', 'BYSCORE'])) as string[];
  }

  async #load(key: string, now: number): Promise<StoredRecord | undefined> {
    const fields = await this.#send('HMGET', [key, ...FIELDS]).catch((error: unknown) => {
      if (replyCode(error) === 'WRONGTYPE') return []; // not a hash: malformed
      throw error;
    });
    const [data, e, s, v, userId] = fields as Array<string | null | undefined>;
    const [expiresAt, lastSeenAt, version] = [e, s, v].map(integer) as [number, number, number];
    if (typeof data !== 'string' || Number.isNaN(lastSeenAt) || !(version >= 1)) return undefined;
    return expiresAt > now
      ? { data, expiresAt, lastSeenAt, version, userId: userId ?? undefined }
      : undefined;
  }

  async #eval(script: Script, key: string, args: string[]): Promise<unknown> {
    try {
      return await this.#send('EVALSHA', [SHA[script], '1', key, ...args]);
    } catch (error) {
      if (replyCode(error) !== 'NOSCRIPT') throw error;
      return this.#send('EVAL', [SCRIPTS[script], '1', key, ...args]);
    }
  }

  async #guard<T>(work: (now: number) => Promise<T>): Promise<T> {
    try {
      return await work(this.#now());
    } catch (cause) {
      throw new StoreError('The Redis session store failed', { cause });
    }
  }
}

/** Sends one command and gives Redis's reply. */
type Send = (command: string, args: string[]) => Promise<unknown>;

/**
 * How to reach `client`: a sender that routes each command by its one key, and the
 * senders of every master, which SCAN needs as it sees one node's keys. Every command
 * of this store names its key first, except EVAL and EVALSHA, after the script and `1`.
 */
function connection(client: RedisStoreOptions['client']): [Send, () => Promise<Send[]>] {
  if ('call' in client) {
    const via =
      (node: IoRedisClient): Send =>
      (command, args) =>
        node.call(command, args);
    return [via(client), () => Promise.resolve(client.nodes?.('master').map(via) ?? [via(client)])];
  }
  const via =
    (node: NodeRedisClient): Send =>
    (command, args) =>
      node.sendCommand([command, ...args]);
  if (!('masters' in client)) return [via(client), () => Promise.resolve([via(client)])];
  const routed: Send = (command, args) => {
    const key = command.startsWith('EVAL') ? args[2] : args[0];
    return client.sendCommand(key ?? '', false, [command, ...args]);
  };
  const masters = (): Promise<NodeRedisClient[]> =>
    Promise.all(client.masters.map((master) => client.nodeClient(master)));
  return [routed, async () => (await masters()).map(via)];
}

/** The error code Redis put first in an error reply, such as `NOSCRIPT` or `WRONGTYPE`. */
const replyCode = (error: unknown): string | undefined =>
  /^([A-Z]+) /.exec(String((error as Partial<Error> | null)?.message))?.[1];

const integer = (text: string | null | undefined): number =>
  typeof text === 'string' && /^-?\d{1,16}$/.test(text) ? Number(text) : NaN;
