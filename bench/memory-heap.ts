/**
 * Heap bytes per stored session, 100 000 sessions of 206-byte JSON data with a user id each
 * (every session its own user: the user index's worst case). Each store is filled in a
 * fresh child process and measured after a full GC; the median of `HEAP_RUNS` processes
 * is reported (the method of shared/research/performance.md §6).
 *
 *   node --expose-gc --import tsx bench/memory-heap.ts
 *
 * The target: our MemoryStore, user index included, at most 1.1× a bare
 * `Map<sid, JSON.stringify(record)>`, which holds the same record with no index.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import session from 'express-session';
import { MemoryStore } from 'tessera/stores/memory';

const SESSIONS = 100_000;
const DATA_BYTES = 206;
const TARGET = 1.1;
const START = Date.UTC(2030, 0, 1);
const DAY = 86_400_000;

/** The store key: the base64url SHA-256 of a session ID, as the session layer writes it. */
const keyOf = (i: number): string =>
  createHash('sha256').update(`session-${i}`).digest('base64url');
const userOf = (i: number): string => `user-${String(i).padStart(6, '0')}`;

/** The session's data as the application holds it: 206 bytes once serialized. */
function dataOf(i: number): Record<string, unknown> {
  const data = {
    userId: userOf(i),
    csrf: createHash('sha256').update(`csrf-${i}`).digest('base64url'),
    cart: [{ sku: `SKU-${i % 997}`, qty: 1 + (i % 5) }],
    prefs: { theme: 'dark', lang: 'en-GB' },
    visits: i % 1000,
    pad: '',
  };
  data.pad = 'x'.repeat(DATA_BYTES - JSON.stringify(data).length);
  return data;
}

type Fill = (i: number) => Promise<void> | void;
const stores: Record<string, () => { fill: Fill; holds: unknown }> = {
  'tessera MemoryStore (+ user index)': () => {
    const store = new MemoryStore({ maxSessions: SESSIONS, sweepIntervalMs: 0 });
    const fill = async (i: number): Promise<void> => {
      const record = { data: JSON.stringify(dataOf(i)), userId: userOf(i) };
      await store.create(keyOf(i), { ...record, expiresAt: START + DAY + i, lastSeenAt: START });
    };
    return { fill, holds: store };
  },
  'express-session MemoryStore': () => {
    const store = new session.MemoryStore();
    const fill = (i: number): void => {
      const expires = new Date(START + DAY + i);
      const cookie = { originalMaxAge: DAY, expires, httpOnly: true, path: '/', sameSite: 'lax' };
      store.set(keyOf(i), { cookie, ...dataOf(i) } as unknown as session.SessionData);
    };
    return { fill, holds: store };
  },
  'floor: Map<sid, JSON.stringify(record)>': () => {
    const map = new Map<string, string>();
    const fill = (i: number): void => {
      const record = { data: dataOf(i), expiresAt: START + DAY + i, lastSeenAt: START };
      map.set(keyOf(i), JSON.stringify({ ...record, userId: userOf(i), version: 1 }));
    };
    return { fill, holds: map };
  },
  'reference: Map<sid, data JSON> (no metadata)': () => {
    const map = new Map<string, string>();
    const fill = (i: number): void => {
      map.set(keyOf(i), JSON.stringify(dataOf(i)));
    };
    return { fill, holds: map };
  },
};
const FLOOR = 'floor: Map<sid, JSON.stringify(record)>';
const OURS = 'tessera MemoryStore (+ user index)';

async function child(name: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc --import tsx bench/memory-heap.ts');
  const collect = (): number => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const { fill, holds } = stores[name]!();
  const before = collect();
  const started = performance.now();
  for (let i = 0; i < SESSIONS; i++) await fill(i);
  const fillMs = performance.now() - started;
  const perSession = (collect() - before) / SESSIONS;
  console.log(JSON.stringify({ perSession, fillMs, kept: holds !== undefined }));
}

function parent(): void {
  const runs = Number(process.env['HEAP_RUNS'] ?? 3);
  const self = fileURLToPath(import.meta.url);
  const median = (values: number[]): number => values.sort((a, b) => a - b)[values.length >> 1]!;
  const results = new Map<string, { perSession: number; fillMs: number }>();
  for (const name of Object.keys(stores)) {
    const samples = Array.from({ length: runs }, () => {
      const args = [...process.execArgv, self, '--child', name];
      const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`${name} failed:\n${run.stderr}`);
      return JSON.parse(run.stdout) as { perSession: number; fillMs: number };
    });
    results.set(name, {
      perSession: median(samples.map((s) => s.perSession)),
      fillMs: median(samples.map((s) => s.fillMs)),
    });
  }
  const floor = results.get(FLOOR)!.perSession;
  console.log(
    `\n## Memory per stored session (${SESSIONS} sessions, ${DATA_BYTES}-byte data, a user each; median of ${runs} fresh processes, Node ${process.version})\n`,
  );
  console.log('| store | heap B/session | × floor | fill ms |\n|---|---:|---:|---:|');
  for (const [name, { perSession, fillMs }] of results) {
    console.log(
      `| ${name} | ${perSession.toFixed(0)} | ${(perSession / floor).toFixed(2)}× | ${fillMs.toFixed(0)} |`,
    );
  }
  const ratio = results.get(OURS)!.perSession / floor;
  console.log(
    `\nMemoryStore vs floor: ${ratio.toFixed(2)}× (target ≤ ${TARGET}×): ${ratio <= TARGET ? 'met' : 'MISSED'}`,
  );
}

if (process.argv[2] === '--child') await child(process.argv[3]!);
else parent();
