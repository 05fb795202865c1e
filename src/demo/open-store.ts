import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StoreError, type SessionStore } from '../session/index.js';
import type { StoreSpec } from './store-spec.js';

/** A session store the demo opened, and how to close it (and its client). */
export interface OpenedStore {
  readonly store: SessionStore;
  readonly close: () => Promise<void>;
}

/** How long a store command may wait before it fails, so an outage answers 503 quickly. */
const TIMEOUT_MS = 2000;

/**
 * Opens the store `spec` names. Each driver is loaded with `import()` only when chosen, so
 * the demo runs without the drivers of the stores it does not use (they are optional peers).
 * Returns `undefined` for `cookie`, which keeps sessions in sealed cookies instead.
 */
export async function openStore(spec: StoreSpec): Promise<OpenedStore | undefined> {
  switch (spec.kind) {
    case 'cookie':
      return undefined;
    case 'memory': {
      const { MemoryStore } = await import('../stores/memory.js');
      const store = new MemoryStore();
      return { store, close: () => store.close() };
    }
    case 'sqlite': {
      const { SqliteStore } = await import('../stores/sqlite.js');
      // Owner-only, like the secret file beside it.
      await mkdir(dirname(spec.path), { recursive: true, mode: 0o700 });
      const store = new SqliteStore({ path: spec.path });
      return { store, close: () => store.close() };
    }
    case 'redis': {
      const [{ createClient }, { RedisStore }] = await Promise.all([
        import('redis'),
        import('../stores/redis.js'),
      ]);
      // Bounded waits (ASVS 5.0 13.1.3): no offline queue, commands time out.
      const client = createClient({
        url: spec.url,
        disableOfflineQueue: true,
        socket: { connectTimeout: TIMEOUT_MS },
        commandOptions: { timeout: TIMEOUT_MS },
      });
      // node-redis emits connection errors; unhandled, they would crash the process.
      client.on('error', () => undefined);
      await connectWithin(client, TIMEOUT_MS);
      const store = new RedisStore({ client });
      return {
        store,
        close: async () => {
          await store.close();
          client.destroy();
        },
      };
    }
    case 'postgres': {
      const [{ default: pg }, { PostgresStore }] = await Promise.all([
        import('pg'),
        import('../stores/postgres.js'),
      ]);
      const pool = new pg.Pool({
        connectionString: spec.url,
        connectionTimeoutMillis: TIMEOUT_MS,
        statement_timeout: TIMEOUT_MS,
      });
      pool.on('error', () => undefined);
      const store = new PostgresStore({ pool });
      return {
        store,
        close: async () => {
          await store.close();
          await pool.end();
        },
      };
    }
  }
}

/**
 * Connects, or fails after `ms`: node-redis retries a refused first connection forever, so
 * a demo started while Redis is down would hang instead of saying so.
 * @throws {StoreError} when Redis does not answer in time; the client is destroyed.
 */
async function connectWithin(
  client: { connect(): Promise<unknown>; destroy(): void },
  ms: number,
): Promise<void> {
  const connecting = client.connect();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new StoreError(`Redis did not answer within ${ms} ms.`));
    }, ms);
  });
  try {
    await Promise.race([connecting, timeout]);
  } catch (error) {
    // Settled either way once destroyed; nobody else waits for it.
    connecting.catch(() => undefined);
    client.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
