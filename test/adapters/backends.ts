/**
 * The backends the adapter scenario suite runs on: every adapter gets memory, a SQLite
 * file and sealed cookies; Redis and PostgreSQL run with one adapter, as services.
 */
import { SEALED_COOKIE, type ContractBackend } from '../../src/adapters/adapter.contract.js';
import { BACKENDS } from '../sessions/backends.js';

function backend(prefix: string): ContractBackend {
  const found = BACKENDS.find(({ name }) => name.startsWith(prefix));
  if (found === undefined) throw new Error(`no backend named ${prefix}`);
  return {
    name: found.name,
    skip: found.skip,
    store: async (now) => (await found.open(now)).store,
  };
}

/** What every adapter runs on. */
export const MATRIX: readonly ContractBackend[] = [
  backend('MemoryStore'),
  backend('SqliteStore'),
  SEALED_COOKIE,
];

/** The external services, for one adapter (skipped with the reason when they are absent). */
export const SERVICES: readonly ContractBackend[] = [
  backend('RedisStore (node-redis)'),
  backend('PostgresStore'),
];
