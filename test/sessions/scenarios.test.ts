import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSessionManager, StoreError } from '../../src/session/index.js';
import { MemoryStore } from '../../src/stores/memory.js';
import { type AppData, Jar, type Send, WAYS } from './app.js';

/** A memory store whose backend can be switched off. */
class FlakyStore extends MemoryStore {
  down = false;

  override get(key: string): ReturnType<MemoryStore['get']> {
    return this.down ? Promise.reject(new StoreError('Connection refused')) : super.get(key);
  }
}

const NAME = '__Host-sid';

describe.each(WAYS)('session scenarios through the $name', (way) => {
  let store: FlakyStore;
  let send: Send;
  let close: () => Promise<void>;
  let jar: Jar;
  let time: number;

  /** Sends with the jar's cookies and keeps what comes back, as a browser does. */
  const browse = async (method: string, path: string): ReturnType<Send> => {
    const result = await send(method, path, jar.header());
    jar.store(result.setCookies);
    return result;
  };

  beforeEach(async () => {
    time = Date.UTC(2030, 0, 1);
    store = new FlakyStore({ now: () => time, sweepIntervalMs: 0 });
    const manager = createSessionManager<AppData>({ store, now: () => time });
    ({ send, close } = await way.start(manager));
    jar = new Jar();
  });

  afterEach(async () => {
    await close();
    await store.close();
  });

  it('logs in with a new session ID and serves the protected route', async () => {
    expect((await browse('GET', '/data')).status).toBe(401);
    const login = await browse('POST', '/login');
    expect(login.status).toBe(200);
    expect(login.setCookies).toHaveLength(1);
    expect(login.setCookies[0]).toMatch(
      /^__Host-sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    expect(await browse('GET', '/data')).toMatchObject({ status: 200, body: { user_id: 'alice' } });
  });

  it('kills the pre-login ID once the grace window has passed (fixation)', async () => {
    await browse('POST', '/counter');
    const before = jar.get(NAME)!;
    await browse('POST', '/login');
    const after = jar.get(NAME)!;
    expect(after).not.toBe(before);
    // Within the grace window the old ID still works, but never with the new privileges.
    expect((await send('GET', '/data', `${NAME}=${before}`)).status).toBe(401);
    time += 6_000;
    const replay = await send('POST', '/counter', `${NAME}=${before}`);
    expect(replay.body).toEqual({ count: 1 });
    expect(replay.setCookies[0]).not.toContain(before);
  });

  it('never adopts an unknown, well-formed session ID', async () => {
    const planted = 'A'.repeat(43);
    const result = await send('POST', '/counter', `${NAME}=${planted}`);
    expect(result.body).toEqual({ count: 1 });
    expect(result.setCookies[0]).toMatch(/^__Host-sid=[A-Za-z0-9_-]{43};/);
    expect(result.setCookies[0]).not.toContain(planted);
  });

  it('stays logged out when a captured cookie is replayed after logout', async () => {
    await browse('POST', '/login');
    const captured = jar.header()!;
    const logout = await browse('POST', '/logout');
    expect(logout.setCookies).toEqual([
      `${NAME}=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax`,
    ]);
    expect(jar.header()).toBeUndefined();
    const replay = await send('GET', '/data', captured);
    expect(replay.status).toBe(401);
    expect(replay.setCookies).toEqual([]);
  });

  it('counts across requests', async () => {
    for (const expected of [1, 2, 3])
      expect((await browse('POST', '/counter')).body).toEqual({ count: expected });
  });

  it('sends no cookie and reads no store for a handler that never touches the session', async () => {
    store.down = true;
    const result = await browse('GET', '/');
    expect(result.status).toBe(200);
    expect(result.setCookies).toEqual([]);
    expect(result.headers.get('vary')).toBeNull();
  });

  it('marks responses that depend on the session as private and varying by cookie', async () => {
    const result = await browse('POST', '/counter');
    expect(result.headers.get('vary')).toBe('Cookie');
    expect(result.headers.get('cache-control')).toBe('private, no-store');
  });

  it.each([
    ['a malformed ID', `${NAME}=not-a-session`],
    ['an injection attempt', `${NAME}=' OR '1'='1`],
    ['a 10 KiB value', `${NAME}=${'x'.repeat(10_240)}`],
    ['a prototype key', `__proto__=1; ${NAME}=%00`],
  ])('answers %s with an anonymous 200', async (_name, cookie) => {
    store.down = true; // any store call would fail: none may happen for a malformed ID
    const result = await send('GET', '/data', cookie);
    expect(result.status).toBe(401);
  });

  it('answers 503 when the store is down', async () => {
    await browse('POST', '/counter');
    store.down = true;
    const result = await browse('POST', '/counter');
    expect(result).toMatchObject({ status: 503, body: { detail: 'Session store unavailable' } });
    expect(result.setCookies).toEqual([]);
  });
});
