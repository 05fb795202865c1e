/**
 * The server under fault, run as its own process (`node --import tsx fault-server.ts CONFIG`)
 * so a crash shows as an exit rather than as a failed assertion. A node:http app with
 * sessions on the store CONFIG names, with the demo's client settings (short connect and
 * command timeouts, no offline queue), so an outage answers 503 instead of waiting:
 *
 * - `POST /increment` adds one to the session's counter and answers `{"count": n}`;
 * - `GET /counter` answers the counter without changing it;
 * - `GET /failed-writes` answers, per store key, how many writes the store rejected: such a
 *   write may still have been applied (the reply was lost, not the write), which the test
 *   needs to tell an ambiguous 503 from a lost acknowledged write.
 *
 * Prints `{"url": …}` once it listens. Errors other than outages go to stderr, one JSON line
 * each: the adapter answered 500 for them, which the test counts as a failure.
 */
import { createServer, type ServerResponse } from 'node:http';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { withSessions } from '../../src/adapters/node-http.js';
import { openStore, type OpenedStore } from '../../src/demo/open-store.js';
import { createSessionManager, type SessionStore } from '../../src/session/index.js';
import { RedisStore } from '../../src/stores/redis.js';
import { SqliteStore } from '../../src/stores/sqlite.js';
import { STORE_TIMEOUT_MS, type StoreConfig } from './server-process.js';

/** A store that counts, per key, the writes that failed: each may have been applied or not. */
class FailedWrites implements SessionStore {
  readonly counts = new Map<string, number>();
  readonly #store: SessionStore;

  constructor(store: SessionStore) {
    this.#store = store;
  }

  get: SessionStore['get'] = (key) => this.#store.get(key);
  create: SessionStore['create'] = (key, record) =>
    this.#counted(key, this.#store.create(key, record));
  update: SessionStore['update'] = (key, record, expectedVersion) =>
    this.#counted(key, this.#store.update(key, record, expectedVersion));
  touch: SessionStore['touch'] = (key, expiresAt, lastSeenAt) =>
    this.#store.touch(key, expiresAt, lastSeenAt);
  destroy: SessionStore['destroy'] = (key) => this.#store.destroy(key);
  listByUser: SessionStore['listByUser'] = (userId) => this.#store.listByUser(userId);
  destroyByUser: SessionStore['destroyByUser'] = (userId, exceptKey) =>
    this.#store.destroyByUser(userId, exceptKey);
  sweep: SessionStore['sweep'] = () => this.#store.sweep();
  close: SessionStore['close'] = () => this.#store.close();

  async #counted<T>(key: string, write: Promise<T>): Promise<T> {
    try {
      return await write;
    } catch (error) {
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      throw error;
    }
  }
}

/** ioredis with the bounds RedisStoreOptions documents; the demo itself uses node-redis. */
async function openIoRedis(url: string): Promise<OpenedStore> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: STORE_TIMEOUT_MS,
    commandTimeout: STORE_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  });
  // Connection errors are events; unhandled, they would crash the process.
  client.on('error', () => undefined);
  await client.connect();
  const store = new RedisStore({ client });
  return {
    store,
    close: async () => {
      await client.quit();
    },
  };
}

/** SQLite without WAL: no memory-mapped wal-index beside the file, at the cost of speed. */
function openRollbackJournal(path: string): OpenedStore {
  const database = new Database(path, { timeout: 5000 });
  database.pragma('journal_mode = DELETE');
  const store = new SqliteStore({ database });
  return {
    store,
    close: async () => {
      await store.close();
      database.close();
    },
  };
}

async function open(config: StoreConfig): Promise<OpenedStore> {
  if (config.kind === 'sqlite' && config.journal === 'delete') {
    return openRollbackJournal(config.path);
  }
  if (config.kind === 'sqlite' && config.shared === true) {
    const store = new SqliteStore({ path: config.path, shared: true });
    return { store, close: () => store.close() };
  }
  const opened =
    config.kind === 'ioredis'
      ? await openIoRedis(config.url)
      : await openStore(
          config.kind === 'sqlite'
            ? { kind: 'sqlite', path: config.path }
            : { kind: config.kind === 'node-redis' ? 'redis' : 'postgres', url: config.url },
        );
  if (opened === undefined) throw new Error(`no store for ${config.kind}`);
  return opened;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(text);
}

const config = JSON.parse(process.argv[2] ?? '') as StoreConfig;
const store = new FailedWrites((await open(config)).store);
const manager = createSessionManager<{ count: number }>({ store });
const reportUnexpected = (error: unknown): void => {
  const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(`${JSON.stringify({ event: 'unexpected-error', name, message, stack })}\n`);
};

const sessions = withSessions(
  manager,
  async (req, res, session) => {
    if (req.method === 'POST' && req.url === '/increment') {
      json(res, 200, { count: await session.update('count', (count) => (count ?? 0) + 1) });
    } else if (req.method === 'GET' && req.url === '/counter') {
      json(res, 200, { count: (await session.get('count')) ?? 0 });
    } else {
      json(res, 404, { detail: 'Not Found' });
    }
  },
  { onError: reportUnexpected },
);

const server = createServer((req, res) => {
  if (req.url === '/failed-writes') json(res, 200, Object.fromEntries(store.counts));
  else sessions(req, res);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
});
