/**
 * The attack scenarios' harness (security research §9): every adapter of
 * `test/adapters/servers.ts` on a real 127.0.0.1 server, on every backend a family needs, with
 * a fake clock, a browser-like cookie jar, and a store the test can pause, count and read
 * behind the manager's back.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  Browser,
  interceptStore,
  route,
  SEALED_COOKIE,
  serveForTest,
  type AdapterUnderTest,
  type App,
  type AppData,
  type ContractBackend,
  type Exchange,
  type Node,
  type Reply,
  type Result,
  type SendInit,
} from '../../src/adapters/adapter.contract.js';
import type { KeyringEntry } from '../../src/crypto/keyring.js';
import { storeKeyOf } from '../../src/session/id.js';
import {
  createSessionManager,
  generateSessionId,
  type CommonSessionOptions,
  type SessionStore,
} from '../../src/session/index.js';
import type { StoredRecord } from '../../src/stores/store.js';
import { fakeClock, type FakeClock } from '../../src/stores/store.contract.js';
import { Sealer } from '../../src/tokens/sealed/index.js';
import { sessionsBackend } from '../adapters/backends.js';
import { ADAPTERS, FETCH_HANDLER } from '../adapters/servers.js';
import type { SharedBackend } from '../sessions/backends.js';
import { NAME, SECRET } from '../sessions/fixtures.js';

export { Browser, NAME, SECRET, type Node, type SendInit };

/** Where sessions live: a server store (and a second connection to it), or sealed cookies. */
export interface Backend extends ContractBackend {
  readonly open?: (now: () => number) => Promise<SharedBackend>;
}

export const MEMORY: Backend = sessionsBackend('MemoryStore');
export const SQLITE: Backend = sessionsBackend('SqliteStore');
export const REDIS: Backend = sessionsBackend('RedisStore (node-redis)');
export const POSTGRES: Backend = sessionsBackend('PostgresStore');
// Sealed cookies: no store to open.
export const SEALED: Backend = { name: SEALED_COOKIE.name };

/** Every server store: the shared services are skipped with a reason when absent. */
export const STORES: readonly Backend[] = [MEMORY, SQLITE, REDIS, POSTGRES];
/** Every store and sealed cookies. */
export const EVERY_BACKEND: readonly Backend[] = [...STORES, SEALED];
/** For scenarios about headers, where the store plays no part: one store, and sealed cookies. */
export const HEADER_BACKENDS: readonly Backend[] = [MEMORY, SEALED];

/**
 * {@link route} plus what the attacks need: logging in as a chosen user (an attacker's own
 * account) and a login form behind CSRF protection (login CSRF).
 */
export async function attackRoute(exchange: Exchange): Promise<Reply> {
  const { method, path, session } = exchange;
  const user = /^\/login\/([a-z]+)$/.exec(path)?.[1];
  if (method === 'POST' && user !== undefined) {
    await session.logIn(user);
    return { status: 200, body: { message: 'Logged in successfully' } };
  }
  if (method === 'POST' && path === '/csrf/login') {
    await session.logIn('alice');
    return { status: 200, body: { message: 'Logged in successfully' } };
  }
  return route(exchange);
}

/** Options of one node's manager: the world's clock and store unless overridden. */
export interface NodeOptions extends Partial<CommonSessionOptions> {
  /** Sealed mode only: the node's keyring, newest first. @default [SECRET] */
  readonly secrets?: readonly KeyringEntry[];
  /** Store mode only: the node's connection to the backend. @default the world's store */
  readonly store?: SessionStore;
}

/** A pause in front of the next call of one store method. */
export interface Hold {
  /** Resolves once the call has arrived and waits. */
  readonly reached: Promise<void>;
  readonly release: () => void;
}

/** One scenario's servers, backend, clock and pause controls. */
export interface World {
  readonly clock: FakeClock;
  /** True for a server store, false for sealed cookies. */
  readonly stateful: boolean;
  /** The first node, started by `setup`. */
  readonly node: Node;
  /** A second connection to the backend, as another process has (server stores only). */
  readonly peer: SessionStore | undefined;
  /** Starts another node of the same adapter on the same backend. */
  start(options?: NodeOptions): Promise<Node>;
  /** A fresh browser talking to `node` (the first node by default). */
  browser(node?: Node): Browser;
  /** Pauses the next call of `method` on the world's store until released. */
  hold(method: keyof SessionStore): Hold;
  /** How often the nodes called `method` on the world's store. */
  calls(method: keyof SessionStore): number;
  /** The live record a session cookie names, read from the backend behind the manager. */
  record(cookieValue: string): Promise<StoredRecord | undefined>;
  /** Writes `data` as a live record under a new session ID, behind the manager; returns the ID. */
  plant(data: string): Promise<string>;
  /** Seals `value` as a session cookie with the test secret, behind the manager. */
  seal(value: unknown): string;
}

const HOUR = 3_600_000;

/** `store`, with each call counted and the next call of a method pausable. */
function instrumented(store: SessionStore) {
  const counts = new Map<PropertyKey, number>();
  const holds = new Map<PropertyKey, Array<{ arrive: () => void; released: Promise<void> }>>();
  const wrapped = interceptStore(store, async (method) => {
    counts.set(method, (counts.get(method) ?? 0) + 1);
    const hold = holds.get(method)?.shift();
    if (hold !== undefined) {
      hold.arrive();
      await hold.released;
    }
  });
  const hold = (method: keyof SessionStore): Hold => {
    let arrive!: () => void;
    let release!: () => void;
    const reached = new Promise<void>((resolve) => (arrive = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    holds.set(method, [...(holds.get(method) ?? []), { arrive, released }]);
    return { reached, release };
  };
  return { wrapped, hold, calls: (method: keyof SessionStore) => counts.get(method) ?? 0 };
}

/** Opens `backend`, starts `adapter` on it and closes everything when the test ends. */
export async function openWorld(
  adapter: AdapterUnderTest,
  backend: Backend,
  options: NodeOptions = {},
  app: App = attackRoute,
): Promise<World> {
  const clock = fakeClock();
  const shared = await backend.open?.(clock.now);
  const store = shared && instrumented(shared.store);
  const start = async (node: NodeOptions = {}): Promise<Node> => {
    const { secrets = [SECRET], store: own, ...common } = node;
    const settings = { now: clock.now, ...common };
    const manager =
      store === undefined
        ? createSessionManager<AppData>({ ...settings, secrets })
        : createSessionManager<AppData>({ ...settings, store: own ?? store.wrapped });
    return serveForTest(adapter, manager, app);
  };
  const first = await start(options);
  const sealer = new Sealer([SECRET], { context: NAME, now: clock.now });
  const needStore = (): SessionStore => {
    if (shared === undefined) throw new Error('sealed cookies have no store');
    return shared.store;
  };
  return {
    clock,
    stateful: shared !== undefined,
    node: first,
    peer: shared?.peer,
    start,
    browser: (node = first) => new Browser(node),
    hold: (method) => {
      if (store === undefined) throw new Error('sealed cookies have no store');
      return store.hold(method);
    },
    calls: (method) => store?.calls(method) ?? 0,
    record: (cookieValue) => needStore().get(storeKeyOf(cookieValue)),
    plant: async (data) => {
      const id = generateSessionId();
      const now = clock.now();
      const created = await needStore().create(storeKeyOf(id), {
        data,
        expiresAt: now + HOUR,
        lastSeenAt: now,
      });
      if (!created) throw new Error('a fresh ID collided');
      return id;
    },
    seal: (value) => sealer.seal(value),
  };
}

/** One cell of the matrix: an adapter on a backend, and how to register its tests. */
export interface Cell {
  readonly adapter: AdapterUnderTest;
  readonly backend: Backend;
  /** True for a server store, false for sealed cookies. */
  readonly stateful: boolean;
  /** `it`, skipped when the backend's service is absent. */
  readonly it: (name: string, body: () => Promise<void>) => void;
  /** A fresh world for the running test. */
  readonly setup: (options?: NodeOptions, app?: App) => Promise<World>;
}

/**
 * The adapter the stores beyond memory run with: the reference one. Adapters are glue over
 * one manager, and stores sit behind one contract, so every adapter meets the memory store
 * and sealed cookies, and every store meets the reference adapter: a sensible matrix that
 * keeps the whole suite within its time budget (the adapter contract crosses SQLite with
 * every adapter already).
 */
export const REFERENCE_ADAPTER = FETCH_HANDLER;

const EVERY_ADAPTER_BACKENDS: readonly Backend[] = [MEMORY, SEALED];

/**
 * Registers `body`'s tests once per adapter × backend (checklist MW-01: one suite, every
 * adapter), nested as `title › adapter › backend › promise`; the stores other than memory
 * only with the {@link REFERENCE_ADAPTER}.
 */
export function describeMatrix(
  title: string,
  backends: readonly Backend[],
  body: (cell: Cell) => void,
): void {
  describe(title, () => {
    for (const adapter of ADAPTERS) {
      describe(adapter.name, () => {
        for (const backend of backends) {
          if (!EVERY_ADAPTER_BACKENDS.includes(backend) && adapter !== REFERENCE_ADAPTER) continue;
          const { skip } = backend;
          const name = skip === undefined ? backend.name : `${backend.name} (skipped: ${skip})`;
          describe(name, () => {
            body({
              adapter,
              backend,
              stateful: backend.open !== undefined,
              it: (promise, test) => {
                it.skipIf(skip !== undefined)(promise, test);
              },
              setup: (options, app) => openWorld(adapter, backend, options, app),
            });
          });
        }
      });
    }
  });
}

/** The session cookie's value in a response's `Set-Cookie` lines, if it sets a live one. */
export function sessionCookieIn(result: Result, name = NAME): string | undefined {
  for (const line of result.setCookies) {
    const match = new RegExp(`^${name}=([^;]+)`).exec(line);
    if (match && !/Max-Age=0/.test(line)) return match[1];
  }
  return undefined;
}

/** Asserts that a response expires the session cookie and sets no live one. */
export function expectCookieCleared(result: Result, name = NAME): void {
  expect(result.setCookies).toEqual([expect.stringMatching(new RegExp(`^${name}=; Max-Age=0;`))]);
}

/** 401 `{"detail":"Not authenticated"}` from `GET /data`, and no cookie resurrecting anything. */
export function expectAnonymous(result: Result): void {
  expect(result).toMatchObject({ status: 401, body: { detail: 'Not authenticated' } });
  expect(sessionCookieIn(result)).toBeUndefined();
}

/** The key id a sealed cookie names (`v1.<kid>.<body>`). */
export function keyIdOf(token: string | undefined): string | undefined {
  return token?.split('.')[1];
}

/** A valid sealed or stored envelope (the session's wire JSON) at `now`. */
export function envelope(
  now: number,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  return { v: 1, c: now, a: now + 12 * HOUR, d: {}, ...fields };
}

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

/** Asserts that no prototype gained a property: nothing a request sent was merged into one. */
export function expectPristinePrototypes(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
  const probe = {} as Record<string, unknown>;
  for (const key of ['isAdmin', 'polluted', 'u', 'userId'])
    expect(probe[key], `Object.prototype.${key}`).toBeUndefined();
  expect(Object.getOwnPropertyNames(Array.prototype)).not.toContain('isAdmin');
}

/**
 * Sends a request over a raw socket, header lines as given (two `Cookie` lines, say, which
 * `fetch` would join), and returns the status and body.
 */
export function rawRequest(
  url: string,
  lines: readonly string[],
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.end([...lines, `Host: ${hostname}:${port}`, 'Connection: close', '', ''].join('\r\n'));
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const response = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
      resolve({ status, body: response.slice(response.indexOf('\r\n\r\n') + 4) });
    });
  });
}
