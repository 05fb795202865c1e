/**
 * The stores a soak runs the demo against, each prepared so the run shares nothing with
 * other users of the same services: SQLite in a temp file, Redis in a database of its own
 * (the demo's key prefix and the user index of alice and bob would be shared otherwise),
 * PostgreSQL in a schema of its own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const STORE_NAMES = ['memory', 'sqlite', 'redis', 'postgres'] as const;
export type StoreName = (typeof STORE_NAMES)[number];

export const isStoreName = (name: string): name is StoreName =>
  (STORE_NAMES as readonly string[]).includes(name);

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const DATABASE_URL =
  process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The Redis logical database the soak's demo uses. @default 11 */
const REDIS_DATABASE = process.env['SOAK_REDIS_DB'] ?? '11';

/** The service a store needs, as `[label, url]`; none for memory and SQLite. */
export function serviceOf(name: StoreName): readonly [label: string, url: string] | undefined {
  if (name === 'redis') return ['Redis', REDIS_URL];
  if (name === 'postgres') return ['PostgreSQL', DATABASE_URL];
  return undefined;
}

/** A store ready for one demo child: its `TESSERA_STORE` value and the demo's data folder. */
export interface PreparedStore {
  readonly spec: string;
  readonly dataDir: string;
  /** Removes the temp folder, and the PostgreSQL schema. */
  readonly cleanup: () => Promise<void>;
}

async function privateSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  const { default: pg } = await import('pg');
  const schema = `tessera_soak_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Pool({
    connectionString: DATABASE_URL,
    max: 1,
    connectionTimeoutMillis: 5000,
  });
  try {
    await admin.query(`CREATE SCHEMA "${schema}"`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const url = new URL(DATABASE_URL);
  // A startup option of libpq and node-postgres: the demo's table lands in this schema.
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.href,
    drop: async () => {
      try {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** Prepares `name` for a run; call `cleanup` once the demo child has stopped. */
export async function prepareStore(name: StoreName): Promise<PreparedStore> {
  const dataDir = await mkdtemp(join(tmpdir(), `tessera-soak-${name}-`));
  const removeDir = (): Promise<void> => rm(dataDir, { recursive: true, force: true });
  switch (name) {
    case 'memory':
      return { spec: 'memory', dataDir, cleanup: removeDir };
    case 'sqlite':
      return { spec: `sqlite:${join(dataDir, 'sessions.db')}`, dataDir, cleanup: removeDir };
    case 'redis': {
      const url = new URL(REDIS_URL);
      url.pathname = `/${REDIS_DATABASE}`;
      return { spec: url.href, dataDir, cleanup: removeDir };
    }
    case 'postgres': {
      let schema: Awaited<ReturnType<typeof privateSchema>>;
      try {
        schema = await privateSchema();
      } catch (error) {
        await removeDir();
        throw error;
      }
      return {
        spec: schema.url,
        dataDir,
        cleanup: async () => {
          await Promise.all([schema.drop(), removeDir()]);
        },
      };
    }
  }
}
