/**
 * The HTTP scenario suite every adapter runs (hono's `runTest({ newRouter })`, h3's
 * `describeMatrix`): one framework-free application, served through each adapter on a real
 * server, driven by `fetch` with a browser-like cookie jar, on every backend it is given.
 * An adapter's test file only names its mount (`test/adapters/servers.ts`) and calls
 * {@link describeAdapterContract}. The attack scenarios (`test/attacks/harness.ts`) reuse its
 * server, browser and store helpers.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import {
  parseSetCookie,
  type ExpireSetCookieOptions,
  type SetCookieOptions,
} from '../cookie/index.js';
import {
  cookieParam,
  csrfProtection,
  csrfToken,
  requireSession,
  verifyCsrf,
  type CookieSource,
  type CsrfRequest,
  type FormLike,
} from '../http/index.js';
import {
  createSessionManager,
  StoreError,
  type Session,
  type SessionManager,
  type SessionStore,
} from '../session/index.js';

/** The session data of the scenario application. */
export interface AppData {
  count: number;
}

/** One request as {@link route} sees it, with the adapter's own plain-cookie helpers. */
export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly session: Session<AppData>;
  /** The request's cookies, as the framework gives them: the `Cookie` header or a record. */
  readonly cookies: CookieSource;
  readonly setCookie: (name: string, value: string, attributes?: SetCookieOptions) => void;
  readonly deleteCookie: (name: string, attributes?: ExpireSetCookieOptions) => void;
}

/** What {@link route} answers: the adapter sends `body` as JSON with `status`. */
export interface Reply {
  readonly status: number;
  readonly body: unknown;
}

/** A framework-free application, as {@link route} is: what an adapter under test serves. */
export type App = (exchange: Exchange) => Promise<Reply>;

/** A required cookie parameter with a schema: `page=3` reads as the number 3. */
const page = cookieParam('page', z.coerce.number().int().min(1));

/**
 * The application's routes, free of any HTTP library (the FastAPI tutorial's, reduced).
 * The adapter guards `/guarded/*` and checks CSRF on `/csrf/*` in its framework's idiom.
 */
export async function route(exchange: Exchange): Promise<Reply> {
  const { session, setCookie, deleteCookie } = exchange;
  const ok = (body: unknown): Reply => ({ status: 200, body });
  const increment = (): Promise<number> => session.update('count', (n) => (n ?? 0) + 1);
  switch (`${exchange.method} ${exchange.path}`) {
    case 'POST /login':
      await session.logIn('alice');
      return ok({ message: 'Logged in successfully' });
    case 'GET /data': {
      const userId = await session.userId();
      return userId === undefined
        ? { status: 401, body: { detail: 'Not authenticated' } }
        : ok({ user_id: userId });
    }
    case 'POST /logout':
      await session.destroy();
      return ok({ message: 'Logged out' });
    case 'POST /counter':
      return ok({ count: await increment() });
    case 'POST /flash':
      // Touches no store until the commit.
      session.flash('notice', 'saved');
      return ok({ message: 'Saved' });
    case 'POST /theme':
      setCookie('theme', 'dark');
      return ok({ count: await increment() });
    case 'GET /set-cookie/':
      setCookie('mycookie', 'hello_world');
      return ok({ message: 'Cookie set successfully!' });
    case 'GET /set-cookie/insecure':
      setCookie('mycookie', 'hello_world', { secure: false });
      return ok({ message: 'Cookie set successfully!' });
    case 'GET /delete-cookie/':
      deleteCookie('mycookie');
      return ok({ message: 'Cookie deleted' });
    case 'GET /prefs':
      return ok({ page: await page.read(exchange.cookies) });
    case 'GET /guarded/data':
      return ok({ user_id: (await session.userId()) ?? null });
    case 'GET /csrf/token':
      return ok({ token: await csrfToken(session) });
    case 'POST /csrf/counter':
      return ok({ count: await increment() });
    default:
      return ok({ message: 'Hello' });
  }
}

const CSRF = csrfProtection();

/**
 * The guard and the CSRF check of {@link route}'s protected paths, called in the handler:
 * the idiom of adapters without middleware (fetch, node:http).
 */
export async function protectByHand(
  path: string,
  session: Session<AppData>,
  request: CsrfRequest,
  form?: FormLike,
): Promise<void> {
  if (path.startsWith('/guarded/')) await requireSession(session);
  if (path.startsWith('/csrf/')) await verifyCsrf(CSRF, session, request, form);
}

/** A running server for one test. */
export interface Served {
  /** `http://127.0.0.1:port`, no trailing slash. */
  readonly url: string;
  readonly close: () => Promise<void>;
}

/** Starts a node:http server on 127.0.0.1, port 0. */
export async function listen(server: Server): Promise<Served> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = (): Promise<void> =>
    new Promise((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  return { url: `http://127.0.0.1:${port}`, close };
}

/**
 * An adapter under test: serves an {@link App} with `manager` on a real server, guarding
 * `/guarded/*` and checking CSRF on `/csrf/*` in its framework's idiom.
 */
export interface AdapterUnderTest {
  readonly name: string;
  readonly serve: (manager: SessionManager<AppData>, app: App) => Promise<Served>;
}

/** Where sessions live in one run of the suite. */
export interface ContractBackend {
  readonly name: string;
  /** Why the service is absent; the run is then skipped with this reason in its name. */
  readonly skip?: string | undefined;
  /** Opens a fresh store for one test, dropped when it ends; absent for sealed cookies. */
  readonly open?: (now: () => number) => Promise<{ readonly store: SessionStore }>;
}

/** Stateless sealed cookies: no store at all. */
export const SEALED_COOKIE: ContractBackend = { name: 'sealed cookie' };

const SECRET = 'a-test-secret-of-at-least-32-bytes-0001';
const NAME = '__Host-sid';
const ATTRIBUTES = 'Path=/; HttpOnly; Secure; SameSite=Lax';

/** A browser's cookie jar, reduced to what the scenarios need. */
export class Jar {
  readonly #cookies = new Map<string, string>();

  header(): string | undefined {
    return this.#cookies.size === 0
      ? undefined
      : [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  store(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const { name, value, maxAge } = parseSetCookie(line);
      if (maxAge !== undefined && maxAge <= 0) this.#cookies.delete(name);
      else this.#cookies.set(name, value ?? '');
    }
  }
}

/** A response as a scenario sees it. */
export interface Result {
  readonly status: number;
  /** The JSON body, or its text when it is not JSON (a 431 from Node, an HTML error page). */
  readonly body: unknown;
  readonly headers: Headers;
  readonly setCookies: string[];
}

/** A request as a scenario shapes it. */
export interface SendInit {
  /** The whole `Cookie` header. */
  readonly cookie?: string | undefined;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent urlencoded. */
  readonly form?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A running server, as a scenario's requests reach it. */
export interface Node {
  readonly url: string;
  send(method: string, path: string, init?: SendInit): Promise<Result>;
}

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
    // Not JSON: the text is the body.
  }
  return {
    status: response.status,
    body,
    headers: response.headers,
    setCookies: response.headers.getSetCookie(),
  };
}

/** Serves `app` through `adapter` with `manager` until the running test ends. */
export async function serveForTest(
  adapter: AdapterUnderTest,
  manager: SessionManager<AppData>,
  app: App = route,
): Promise<Node> {
  const { url, close } = await adapter.serve(manager, app);
  onTestFinished(close);
  return { url, send: (method, path, init) => send(url, method, path, init) };
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

/** `value`, which the scenario's previous step must have produced. */
function present(value: string | undefined): string {
  if (value === undefined) throw new Error('the previous step set no cookie');
  return value;
}

/**
 * `store`, with `before(method)` awaited ahead of every method call: its rejection fails the
 * call as an unreachable backend's would, and the call waits while it is pending.
 */
export function interceptStore(
  store: SessionStore,
  before: (method: keyof SessionStore) => Promise<void>,
): SessionStore {
  return new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]): Promise<unknown> => {
        await before(key as keyof SessionStore);
        return (value as (...rest: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
}

/** `store`, with every method failing as an unreachable backend's do while `isDown()`. */
function flaky(store: SessionStore, isDown: () => boolean): SessionStore {
  return interceptStore(store, () =>
    isDown() ? Promise.reject(new StoreError('Connection refused')) : Promise.resolve(),
  );
}

/** Runs every scenario through `adapter`, once per backend. */
export function describeAdapterContract(
  adapter: AdapterUnderTest,
  backends: readonly ContractBackend[],
): void {
  describe.each(backends)(`${adapter.name} with $name`, (backend) => {
    const { skip, open } = backend;
    const test = it.skipIf(skip !== undefined);
    // Sealed cookies cannot be revoked before their expiry, and have no store to fail.
    const stateful = it.skipIf(skip !== undefined || open === undefined);
    if (skip !== undefined) test(`(skipped: ${skip})`, () => undefined);
    const sessionCookie =
      open === undefined
        ? new RegExp(`^${NAME}=v1\\.[\\w.-]+; ${ATTRIBUTES}$`)
        : new RegExp(`^${NAME}=[\\w-]{43}; ${ATTRIBUTES}$`);

    /** A fresh server, backend, clock and browser for one test, closed when it ends. */
    async function setup() {
      let time = Date.UTC(2030, 0, 1);
      let down = false;
      const now = (): number => time;
      const manager =
        open === undefined
          ? createSessionManager<AppData>({ secrets: [SECRET], now })
          : createSessionManager<AppData>({
              store: flaky((await open(now)).store, () => down),
              now,
            });
      const node = await serveForTest(adapter, manager);
      const browser = new Browser(node);
      return {
        jar: browser.jar,
        send: (method: string, path: string, cookie?: string, init?: SendInit) =>
          node.send(method, path, { ...init, cookie }),
        /** Sends with the jar's cookies and keeps what comes back, as a browser does. */
        browse: (method: string, path: string, init?: SendInit) =>
          browser.browse(method, path, init),
        advance: (ms: number) => {
          time += ms;
        },
        storeDown: () => {
          down = true;
        },
      };
    }

    test('logs in with a new session ID and serves the protected route', async () => {
      const { browse } = await setup();
      expect((await browse('GET', '/data')).status).toBe(401);
      const login = await browse('POST', '/login');
      expect(login).toMatchObject({ status: 200, body: { message: 'Logged in successfully' } });
      expect(login.setCookies).toEqual([expect.stringMatching(sessionCookie)]);
      expect(await browse('GET', '/data')).toMatchObject({
        status: 200,
        body: { user_id: 'alice' },
      });
    });

    test('never gives the pre-login session the login’s privileges', async () => {
      const { browse, send, jar } = await setup();
      await browse('POST', '/counter');
      const before = present(jar.get(NAME));
      await browse('POST', '/login');
      expect(jar.get(NAME)).not.toBe(before);
      expect((await send('GET', '/data', `${NAME}=${before}`)).status).toBe(401);
    });

    stateful('kills the pre-login ID once the grace window has passed (fixation)', async () => {
      const { browse, send, jar, advance } = await setup();
      await browse('POST', '/counter');
      const before = present(jar.get(NAME));
      await browse('POST', '/login');
      advance(6_000);
      const replay = await send('POST', '/counter', `${NAME}=${before}`);
      expect(replay.body).toEqual({ count: 1 });
      expect(replay.setCookies[0]).not.toContain(before);
    });

    test('never adopts an unknown, well-formed session ID', async () => {
      const { send } = await setup();
      const planted = 'A'.repeat(43);
      const result = await send('POST', '/counter', `${NAME}=${planted}`);
      expect(result.body).toEqual({ count: 1 });
      expect(result.setCookies).toEqual([expect.stringMatching(sessionCookie)]);
      expect(result.setCookies[0]).not.toContain(planted);
    });

    test('expires the session cookie on logout', async () => {
      const { browse, jar } = await setup();
      await browse('POST', '/login');
      const logout = await browse('POST', '/logout');
      expect(logout.setCookies).toEqual([
        `${NAME}=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax`,
      ]);
      expect(jar.header()).toBeUndefined();
    });

    stateful('stays logged out when a captured cookie is replayed after logout', async () => {
      const { browse, send, jar } = await setup();
      await browse('POST', '/login');
      const captured = present(jar.header());
      await browse('POST', '/logout');
      const replay = await send('GET', '/data', captured);
      expect(replay.status).toBe(401);
      expect(replay.setCookies).toEqual([]);
    });

    test('counts across requests', async () => {
      const { browse } = await setup();
      for (const expected of [1, 2, 3])
        expect((await browse('POST', '/counter')).body).toEqual({ count: expected });
    });

    test('sends no cookie and reads no store for a handler that never touches the session', async () => {
      const { browse, storeDown } = await setup();
      await browse('POST', '/counter');
      storeDown();
      const result = await browse('GET', '/');
      expect(result).toMatchObject({ status: 200, body: { message: 'Hello' } });
      expect(result.setCookies).toEqual([]);
      expect(result.headers.get('vary')).toBeNull();
    });

    test('marks responses that depend on the session as private and varying by cookie', async () => {
      const { browse } = await setup();
      const result = await browse('POST', '/counter');
      expect(result.headers.get('vary')).toBe('Cookie');
      expect(result.headers.get('cache-control')).toBe('private, no-store');
    });

    test.each([
      ['a malformed ID', `${NAME}=not-a-session`],
      ['an injection attempt', `${NAME}=' OR '1'='1`],
      ['a 10 KiB value', `${NAME}=${'x'.repeat(10_240)}`],
      ['a prototype key', `__proto__=1; ${NAME}=%00`],
      ['a forged sealed cookie', `${NAME}=v1.${'A'.repeat(80)}`],
    ])('answers %s with an anonymous 200', async (_name, cookie) => {
      const { send, storeDown } = await setup();
      storeDown(); // any store call would fail: none may happen for a malformed ID
      const result = await send('GET', '/data', cookie);
      expect(result).toMatchObject({ status: 401, body: { detail: 'Not authenticated' } });
    });

    stateful.each([
      ['the handler reads the session', 'POST', '/counter'],
      ['the commit first reads it', 'POST', '/flash'],
      ['the handler also set a cookie', 'POST', '/theme'],
    ])('answers 503 without cookies when the store is down and %s', async (_name, method, path) => {
      const { browse, storeDown } = await setup();
      await browse('POST', '/counter');
      storeDown();
      const result = await browse(method, path);
      expect(result).toMatchObject({ status: 503, body: { detail: 'Session store unavailable' } });
      expect(result.headers.get('content-type')).toMatch(/^application\/json/);
      expect(result.headers.get('cache-control')).toBe('no-store');
      expect(result.setCookies).toEqual([]);
    });

    test.each([
      [
        'sets a cookie with the secure defaults',
        '/set-cookie/',
        `mycookie=hello_world; ${ATTRIBUTES}`,
      ],
      [
        'sets a cookie without Secure when asked to',
        '/set-cookie/insecure',
        'mycookie=hello_world; Path=/; HttpOnly; SameSite=Lax',
      ],
      [
        'deletes a cookie',
        '/delete-cookie/',
        `mycookie=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax`,
      ],
    ])('%s on a JSON response, leaving the session alone', async (_name, path, expected) => {
      const { send } = await setup();
      const result = await send('GET', path);
      expect(result.status).toBe(200);
      expect(result.headers.get('content-type')).toMatch(/^application\/json/);
      expect(result.setCookies).toEqual([expected]);
      expect(result.headers.get('vary')).toBeNull();
    });

    test('keeps a cookie the handler set beside the session’s', async () => {
      const { browse, jar } = await setup();
      const result = await browse('POST', '/theme');
      expect(result.setCookies).toEqual([
        `theme=dark; ${ATTRIBUTES}`,
        expect.stringMatching(sessionCookie),
      ]);
      expect(jar.get('theme')).toBe('dark');
      expect((await browse('POST', '/theme')).body).toEqual({ count: 2 });
    });
    const missingPage = {
      detail: [{ type: 'missing', loc: ['cookie', 'page'], msg: 'Field required', input: null }],
    };
    test.each([
      ['answers 422 with FastAPI’s body for a missing', undefined, 422, missingPage],
      [
        'answers 422 for an invalid',
        'page=abc',
        422,
        { detail: [expect.objectContaining({ loc: ['cookie', 'page'], input: 'abc' })] },
      ],
      ['reads a typed value from a valid', 'page=3', 200, { page: 3 }],
    ])('%s cookie parameter', async (_name, cookie, status, body) => {
      const { send } = await setup();
      const result = await send('GET', '/prefs', cookie);
      expect(result).toMatchObject({ status, body });
      expect(result.headers.get('content-type')).toMatch(/^application\/json/);
    });

    test('guards a route: 401 for an anonymous session, 200 once logged in', async () => {
      const { browse } = await setup();
      expect(await browse('GET', '/guarded/data')).toMatchObject({
        status: 401,
        body: { detail: 'Not authenticated' },
      });
      await browse('POST', '/login');
      expect(await browse('GET', '/guarded/data')).toMatchObject({
        status: 200,
        body: { user_id: 'alice' },
      });
    });

    const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
    test.each([
      [
        'refuses a cross-site post, even with the token',
        { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example', 'x-csrf-token': '$' },
        undefined,
        403,
        { detail: 'Cross-site request refused' },
      ],
      [
        'refuses a same-origin form without the token',
        SAME_ORIGIN,
        { note: 'hi' },
        403,
        { detail: 'CSRF token missing or invalid' },
      ],
      [
        'accepts a same-origin post with the token header',
        { ...SAME_ORIGIN, 'x-csrf-token': '$' },
        undefined,
        200,
        { count: 1 },
      ],
      [
        'accepts a same-origin form with the token field',
        SAME_ORIGIN,
        { note: 'hi', csrf_token: '$' },
        200,
        { count: 1 },
      ],
    ])('CSRF: %s', async (_name, headers, form, status, body) => {
      const { browse } = await setup();
      const issued = await browse('GET', '/csrf/token');
      const { token } = issued.body as { token: string };
      const fill = (fields: Readonly<Record<string, string>>) =>
        Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === '$' ? token : v]));
      const result = await browse('POST', '/csrf/counter', {
        headers: fill(headers),
        ...(form && { form: fill(form) }),
      });
      expect(result).toMatchObject({ status, body });
      if (status === 403) expect(result.headers.get('vary')).toContain('Sec-Fetch-Site');
    });
  });
}
