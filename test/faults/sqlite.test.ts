/**
 * A SQLite file that becomes read-only, and one that another connection keeps locked, under
 * load. Read-only is the immutable attribute (`chattr +i`): unlike `chmod`, which only stops
 * the next open, it refuses writes through the descriptors the server already holds, as a
 * file system remounted read-only does.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireTool, run } from './processes.js';
import { expectWithstood, runScenario, type Fault } from './scenario.js';
import { ServerProcess, type StoreConfig } from './server-process.js';

/** How long a SqliteStore call on a file it opened waits for a lock (src/stores/sqlite.ts). */
const LOCK_TIMEOUT_MS = 5000;

/** The database and the files beside it (WAL and wal-index, or a rollback journal). */
const databaseFiles = (path: string): string[] =>
  ['', '-wal', '-shm', '-journal'].map((end) => path + end).filter((file) => existsSync(file));

async function immutable(on: boolean, files: string[]): Promise<void> {
  if (files.length > 0) await run('chattr', [on ? '+i' : '-i', ...files]);
}

/** Whether this file system and these privileges support `chattr +i`. */
async function immutableSkip(): Promise<string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-faults-chattr-'));
  const probe = join(dir, 'probe');
  writeFileSync(probe, '');
  try {
    await immutable(true, [probe]);
    await immutable(false, [probe]);
    return undefined;
  } catch {
    return 'chattr +i is not available here (needs CAP_LINUX_IMMUTABLE and ext4, xfs or btrfs)';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const chattrSkip = requireTool(await immutableSkip());
const skipped = chattrSkip === undefined ? '' : ` (skipped: ${chattrSkip})`;

/**
 * Makes the files read-only just after a write, as on a quiet server, whose last store call
 * is a request's commit; lifts it by making them writable again.
 */
const readOnly = (path: string): Fault => ({
  inject: (load) =>
    load.whileHeld(async () => {
      expect(await load.probe()).toBe(200);
      await immutable(true, databaseFiles(path));
    }),
  remove: () => immutable(false, databaseFiles(path)),
});

describe('a SQLite file under load', () => {
  let path: string;
  let server: ServerProcess | undefined;
  const launch = async (
    options: { shared?: boolean; journal?: 'delete' } = {},
  ): Promise<ServerProcess> => {
    const config: StoreConfig = { kind: 'sqlite', path, ...options };
    return (server = await ServerProcess.launch(config));
  };
  beforeEach(() => {
    path = join(mkdtempSync(join(tmpdir(), 'tessera-faults-sqlite-')), 'sessions.db');
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    // An immutable file cannot be removed, whatever happened in the test.
    if (chattrSkip === undefined) await immutable(false, databaseFiles(path));
    rmSync(join(path, '..'), { recursive: true, force: true });
  });

  it.skipIf(chattrSkip !== undefined)(
    `held alone in WAL mode (the default) that becomes read-only: writes get 503, the server lives on${skipped}`,
    async () => {
      const figures = await runScenario({
        store: 'sqlite WAL, held alone (read-only file)',
        server: await launch(),
        fault: readOnly(path),
      });
      expectWithstood(figures, { reads: 'succeed', storeTimeoutMs: LOCK_TIMEOUT_MS });
    },
  );

  // A known limit, documented on SqliteStore's `shared`: with the file open to other
  // connections, SQLite keeps its WAL index in `-shm`, mapped into memory. Once that file
  // cannot be written, the next read that needs a new read mark writes to the mapping, the
  // kernel refuses the page and the process dies of SIGBUS, which no JavaScript can catch (a
  // file system remounted read-only does the same). This test fails while that holds.
  it.skipIf(chattrSkip !== undefined).fails(
    `shared in WAL mode that becomes read-only: SQLite's mapped WAL index kills the process${skipped}`,
    async () => {
      const figures = await runScenario({
        store: 'sqlite WAL, shared (read-only file)',
        server: await launch({ shared: true }),
        fault: readOnly(path),
      });
      expectWithstood(figures, { reads: 'succeed', storeTimeoutMs: LOCK_TIMEOUT_MS });
    },
  );

  it.skipIf(chattrSkip !== undefined)(
    `in rollback-journal mode that becomes read-only: 503 while it is, no acknowledged write lost${skipped}`,
    async () => {
      const figures = await runScenario({
        store: 'sqlite rollback journal (read-only file)',
        server: await launch({ journal: 'delete' }),
        fault: readOnly(path),
      });
      // Reads fail too once a failed write left a journal that only a write can roll back.
      expectWithstood(figures, { reads: 'either', storeTimeoutMs: LOCK_TIMEOUT_MS });
    },
  );

  // Only a shared file can be locked by another connection: one held alone refuses them.
  it('shared, that another connection keeps locked: writes get 503, reads go on, nothing lost', async () => {
    let holder: Database.Database | undefined;
    try {
      const figures = await runScenario({
        store: 'sqlite WAL, shared (locked file)',
        server: await launch({ shared: true }),
        // Longer than the store's lock timeout, so that writes give up while it holds.
        faultMs: LOCK_TIMEOUT_MS + 2000,
        fault: {
          inject: () => {
            holder = new Database(path);
            holder.exec('BEGIN EXCLUSIVE');
            return Promise.resolve();
          },
          remove: () => {
            holder?.exec('COMMIT');
            holder?.close();
            return Promise.resolve();
          },
        },
      });
      expectWithstood(figures, { reads: 'succeed', storeTimeoutMs: LOCK_TIMEOUT_MS });
    } finally {
      if (holder?.open) holder.close();
    }
  });
});
