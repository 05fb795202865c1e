/**
 * One session load + commit per operation (get, then a compare-and-set update of the
 * version just read), 8 in flight, against each store. Informational: there is no peer
 * target. Redis and PostgreSQL cases run when `REDIS_URL` / `DATABASE_URL` (or the local
 * defaults) answer, and are left out with a note otherwise.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createClient } from 'redis';
import { MemoryStore } from 'tessera/stores/memory';
import { PostgresStore } from 'tessera/stores/postgres';
import { RedisStore } from 'tessera/stores/redis';
import { SqliteStore } from 'tessera/stores/sqlite';
import type { SessionStore } from 'tessera/session';
import { type BenchCase, runSuite } from './harness.js';

const KEYS = 1000;
const IN_FLIGHT = 8;
const data = JSON.stringify({
  userId: 'user-000001',
  cart: [{ sku: 'SKU-1', qty: 2 }],
  pad: 'x'.repeat(140),
});
const keys = Array.from({ length: KEYS }, (_, i) =>
  createHash('sha256').update(`bench-${i}`).digest('base64url'),
);

const reachable = (url: string): Promise<boolean> =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port), timeout: 1000 });
    const done = (up: boolean) => (): void => {
      socket.destroy();
      resolve(up);
    };
    socket.once('connect', done(true)).once('error', done(false)).once('timeout', done(false));
  });

/** A load + commit loop over pre-created sessions; in-flight calls never share a key. */
async function loadCommit(name: string, store: SessionStore): Promise<BenchCase> {
  const now = Date.now();
  for (const key of keys) {
    await store.create(key, { data, expiresAt: now + 86_400_000, lastSeenAt: now, userId: 'u' });
  }
  let next = 0;
  const async = async (): Promise<void> => {
    const key = keys[next++ % KEYS]!;
    const record = await store.get(key);
    if (!record) throw new Error(`${name}: session ${key} vanished`);
    const result = await store.update(key, { ...record, lastSeenAt: Date.now() }, record.version);
    if (result.status !== 'updated') throw new Error(`${name}: ${result.status}`);
  };
  return { name, async, inFlight: IN_FLIGHT };
}

const cleanups: Array<() => Promise<unknown>> = [];
const cases: BenchCase[] = [];
const skipped: string[] = [];

const memory = new MemoryStore({ sweepIntervalMs: 0 });
cases.push(await loadCommit('memory', memory));

const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
const sqlite = new SqliteStore({ path: join(dir, 'sessions.db'), sweepIntervalMs: 0 });
cases.push(await loadCommit('sqlite (file, WAL)', sqlite));
cleanups.push(async () => {
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
if (await reachable(redisUrl)) {
  const prefix = `tessera-bench-${randomBytes(4).toString('hex')}`;
  const nodeRedis = await createClient({ url: redisUrl }).connect();
  const ioredis = new Redis(redisUrl);
  const store = (client: typeof nodeRedis | Redis, tag: string) =>
    new RedisStore({ client, prefix: `${prefix}-${tag}` });
  cases.push(await loadCommit('redis (node-redis)', store(nodeRedis, 'n')));
  cases.push(await loadCommit('redis (ioredis)', store(ioredis, 'i')));
  cleanups.push(async () => {
    for (const tag of ['n', 'i']) {
      for (const key of keys) await nodeRedis.del(`${prefix}-${tag}:s:{${key}}`);
      await nodeRedis.del(`${prefix}-${tag}:u:{u}`);
    }
    await Promise.all([nodeRedis.close(), ioredis.quit()]);
  });
} else skipped.push(`redis: nothing listens at ${redisUrl}`);

const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
if (await reachable(databaseUrl)) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: IN_FLIGHT });
  const table = `tessera_bench_${randomBytes(4).toString('hex')}`;
  cases.push(await loadCommit('postgres', new PostgresStore({ pool, table, sweepIntervalMs: 0 })));
  cleanups.push(async () => {
    await pool.query(`DROP TABLE IF EXISTS "${table}"`);
    await pool.end();
  });
} else skipped.push(`postgres: nothing listens at ${databaseUrl}`);

try {
  await runSuite(
    `Session stores: load + commit (get, then CAS update), ${IN_FLIGHT} in flight`,
    cases,
    [],
  );
  for (const note of skipped) console.log(`\nskipped ${note}`);
} finally {
  for (const cleanup of cleanups) await cleanup();
}
