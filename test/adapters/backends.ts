/**
 * The backends the adapter scenario suite runs on: every adapter gets memory, a SQLite
 * file and sealed cookies; Redis and PostgreSQL run with one adapter, as services.
 */
import { SEALED_COOKIE, type ContractBackend } from '../../src/adapters/adapter.contract.js';
import { BACKENDS, type Backend } from '../sessions/backends.js';

/** The session tests' backend whose name starts with `prefix`: a store and a second connection. */
export function sessionsBackend(prefix: string): Backend {
  const found = BACKENDS.find(({ name }) => name.startsWith(prefix));
  if (found === undefined) throw new Error(`no backend named ${prefix}`);
  return found;
}

/** What every adapter runs on. */
export const MATRIX: readonly ContractBackend[] = [
  sessionsBackend('MemoryStore'),
  sessionsBackend('SqliteStore'),
  SEALED_COOKIE,
];

/** The external services, for one adapter (skipped with the reason when they are absent). */
export const SERVICES: readonly ContractBackend[] = [
  sessionsBackend('RedisStore (node-redis)'),
  sessionsBackend('PostgresStore'),
];
