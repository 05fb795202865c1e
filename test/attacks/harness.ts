/**
 * The attack scenarios' harness (security research §9): every adapter of `mounts.ts` on a
 * real 127.0.0.1 server, on every backend a family needs, with a fake clock, a browser-like
 * cookie jar, and a store the test can pause, count and read behind the manager's back.
 */
import { connect } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { Jar, type AppData, type Result } from '../../src/adapters/adapter.contract.js';
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
import { BACKENDS } from '../sessions/backends.js';
import { NAME, SECRET } from '../sessions/fixtures.js';
import { ADAPTERS, attackRoute, type App, type Mount } from './mounts.js';

export { NAME, SECRET };

/** Where sessions live: a server store (and a second connection to it), or sealed cookies. */
export interface Backend {
  readonly name: string;
  /** Why the service is absent; the backend's tests are then skipped with it in their name. */
  readonly skip?: string | undefined;
  /** Opens the store for the running test; absent for sealed cookies. */
  readonly open?: (now: () => number) => Promise<{ store: SessionStore; peer: SessionStore }>;
}

function sessionsBackend(name: string): Backend {
  const found = BACKENDS.find((backend) => backend.name.startsWith(name));
  if (found === undefined) throw new Error(`no backend named ${name}`);
  return { name: found.name, skip: found.skip, open: found.open };
}

export const MEMORY = sessionsBackend('MemoryStore');
export const SQLITE = sessionsBackend('SqliteStore');
export const REDIS = sessionsBackend('RedisStore (node-redis)');
export const POSTGRES = sessionsBackend('PostgresStore');
export const SEALED: Backend = { name: 'sealed cookie' };

/** Every server store: the shared services are skipped with a reason when absent. */
export const STORES: readonly Backend[] = [MEMORY, SQLITE, REDIS, POSTGRES];
/** Every store and sealed cookies. */
export const EVERY_BACKEND: readonly Backend[] = [...STORES, SEALED];
/** For scenarios about headers, where the store plays no part: one store, and sealed cookies. */
export const HEADER_BACKENDS: readonly Backend[] = [MEMORY, SEALED];

/** A request as a scenario shapes it. */
export interface SendInit {
  /** The whole `Cookie` header. */
  readonly cookie?: string | undefined;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent urlencoded. */
  readonly form?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** One running server. */
export interface Node {
  readonly url: string;
  send(method: string, path: string, init?: SendInit): Promise<Result>;
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

/** A browser: a cookie jar and the node it talks to. */
export class Browser {
  readonly jar = new Jar();
  readonly #node: Node;

  constructor(node: Node) {
    this.#node = node;
  }

  /** The session cookie's value in the jar. */
  get session(): string | undefined {
    return this.jar.get(NAME);
  }

  /** Puts a cookie in the jar as an attacker with access to it would. */
  plant(value: string, name = NAME): void {
    this.jar.store([`${name}=${value}`]);
  }

  /** Sends with the jar's cookies and keeps what comes back; `via` another node. */
  async browse(
    method: string,
    path: string,
    init: SendInit & { readonly via?: Node } = {},
  ): Promise<Result> {
    const result = await (init.via ?? this.#node).send(method, path, {
      ...init,
      cookie: this.jar.header(),
    });
    this.jar.store(result.setCookies);
    return result;
  }
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
  const wrapped = new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]): Promise<unknown> => {
        counts.set(key, (counts.get(key) ?? 0) + 1);
        const hold = holds.get(key)?.shift();
        if (hold !== undefined) {
          hold.arrive();
          await hold.released;
        }
        return (value as (...rest: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
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

/** Sends one request to `url` and reads the answer, JSON or not. */
async function send(url: string, method: string, path: string, init: SendInit = {}) {
  const form = init.form === undefined ? undefined : new URLSearchParams(init.form);
  const response = await fetch(url + path, {
    method,
    headers: { ...init.headers, ...(init.cookie !== undefined && { cookie: init.cookie }) },
    ...((form ?? init.body) !== undefined && { body: form ?? init.body }),
  });
  const raw = await response.text();
  let body: unknown = raw;
  try {
    body = JSON.parse(raw);
  } catch {
    // Not JSON (a 431 from Node, an HTML error page): the text is the body.
  }
  return {
    status: response.status,
    body,
    headers: response.headers,
    setCookies: response.headers.getSetCookie(),
  };
}

/** Opens `backend`, starts `adapter` on it and closes everything when the test ends. */
export async function openWorld(
  adapter: Mount,
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
    const served = await adapter.serve(manager, app);
    onTestFinished(served.close);
    return {
      url: served.url,
      send: (method, path, init) => send(served.url, method, path, init),
    };
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
  readonly adapter: Mount;
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
export const REFERENCE_ADAPTER = 'fetch handler';

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
          if (!EVERY_ADAPTER_BACKENDS.includes(backend) && adapter.name !== REFERENCE_ADAPTER)
            continue;
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
