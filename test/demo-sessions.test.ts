import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launch, tempDir, type TestDemo } from './demo/client.js';

interface StoreCase {
  readonly name: string;
  readonly store: (dir: string) => string;
  /** Sessions live on the server, so they can be revoked, listed and counted concurrently. */
  readonly stateful: boolean;
}

const STORES: readonly StoreCase[] = [
  { name: 'sqlite', store: (dir) => `sqlite:${join(dir, 'db', 'demo.db')}`, stateful: true },
  { name: 'memory', store: () => 'memory', stateful: true },
  { name: 'cookie', store: () => 'cookie', stateful: false },
];

async function start(store: StoreCase, lines?: string[]): Promise<TestDemo> {
  const dataDir = await tempDir();
  return launch({ store: store.store(dataDir), dataDir }, lines);
}

describe.each(STORES)('the demo with the $name store', (store) => {
  it('logs alice in with JSON and serves her data', async () => {
    const { client } = await start(store);
    const alice = client();
    const login = await alice.logIn();
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ message: 'Logged in successfully' });
    expect(alice.session).toBeDefined();
    const data = await alice.send('GET', '/data');
    expect(data.status).toBe(200);
    expect(data.body).toEqual({ data: 'Secure data access granted', user_id: 'alice' });
    expect(data.headers.get('cache-control')).toBe('private, no-store');
  });

  it('logs bob in with a form and redirects the browser home', async () => {
    const { client } = await start(store);
    const bob = client();
    const login = await bob.send('POST', '/login', {
      form: { username: 'bob', password: 'builder', csrf_token: await bob.csrf() },
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/');
    const home = await bob.send('GET', '/');
    expect(home.text).toContain('Logged in as <strong>bob</strong>');
    expect(home.text).toContain('action="/logout"');
    expect((await bob.send('GET', '/data')).body).toMatchObject({ user_id: 'bob' });
  });

  it.each([
    ['a wrong password', 'alice', 'builder'],
    ['an unknown user', 'mallory', 'wonderland'],
    ['another user’s password', 'bob', 'wonderland'],
    ['an empty password', 'alice', ''],
  ])('refuses %s with 401 and no session', async (_case, username, password) => {
    const { client } = await start(store);
    const visitor = client();
    const reply = await visitor.logIn(username, password);
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ detail: 'Incorrect username or password' });
    expect(visitor.session).toBeUndefined();
    expect((await visitor.send('GET', '/data')).status).toBe(401);
  });

  it('answers /data without a session with 401', async () => {
    const { client } = await start(store);
    const reply = await client().send('GET', '/data');
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ detail: 'Not authenticated' });
    expect(reply.setCookies).toEqual([]);
  });

  it('gives a new session ID at login, and the cookie held before stays anonymous', async () => {
    const { client } = await start(store);
    const victim = client();
    await victim.send('POST', '/counter');
    const before = victim.session;
    expect(before).toBeDefined();
    await victim.logIn();
    expect(victim.session).toBeDefined();
    expect(victim.session).not.toBe(before);
    const attacker = client();
    attacker.jar.store([`__Host-sid=${before ?? ''}`]);
    expect((await attacker.send('GET', '/data')).status).toBe(401);
  });

  it('logs out with GET or POST, expiring the cookie', async () => {
    const { client } = await start(store);
    for (const method of ['GET', 'POST']) {
      const alice = client();
      await alice.logIn();
      const reply = await alice.send(method, '/logout');
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ message: 'Logged out' });
      expect(reply.setCookies.join()).toMatch(/^__Host-sid=;.*Max-Age=0/);
      expect(alice.session).toBeUndefined();
      expect((await alice.send('GET', '/data')).status).toBe(401);
    }
  });

  it('counts per session, and separately per client', async () => {
    const { client } = await start(store);
    const one = client();
    const two = client();
    for (const expected of [1, 2, 3]) {
      expect((await one.send('POST', '/counter')).body).toEqual({ count: expected });
    }
    expect((await two.send('POST', '/counter')).body).toEqual({ count: 1 });
    expect((await one.send('POST', '/counter')).body).toEqual({ count: 4 });
  });

  it('keeps a session across a restart on the same data and secret', async () => {
    const dataDir = await tempDir();
    const options = { store: store.store(dataDir), dataDir };
    const first = await launch(options);
    const alice = first.client();
    await alice.logIn();
    await first.demo.close();
    const second = await launch(options);
    const again = second.client();
    again.jar.store([`__Host-sid=${alice.session ?? ''}`]);
    const data = await again.send('GET', '/data');
    // Memory is lost on restart, by definition.
    expect(data.status).toBe(store.name === 'memory' ? 401 : 200);
  });

  it('logs session events as JSON lines without cookie values or secrets', async () => {
    const lines: string[] = [];
    const { client, dataDir } = await start(store, lines);
    const alice = client();
    await alice.send('POST', '/counter');
    const anonymous = alice.session ?? '';
    await alice.logIn();
    const loggedIn = alice.session ?? '';
    await alice.send('GET', '/logout');
    await client().send('GET', '/data', { headers: { cookie: '__Host-sid=forged-value-123' } });
    const events = lines.map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events).toEqual(
      expect.arrayContaining([
        'secret',
        'listening',
        'session.created',
        'session.regenerated',
        'session.rejected',
      ]),
    );
    if (store.stateful) expect(events).toContain('session.destroyed');
    const secretFile = JSON.parse(lines[0] ?? '{}') as { file?: string };
    const secret = (await readFile(secretFile.file ?? join(dataDir, 'secret'), 'utf8')).trim();
    const text = lines.join('\n');
    for (const value of [anonymous, loggedIn, 'forged-value-123', secret]) {
      expect(value.length).toBeGreaterThan(10);
      expect(text).not.toContain(value);
    }
  });
});

describe.each(STORES.filter((store) => store.stateful))(
  'server-side sessions in the $name store',
  (store) => {
    it('refuses a cookie replayed after logout', async () => {
      const { client } = await start(store);
      const alice = client();
      await alice.logIn();
      const stolen = alice.session ?? '';
      await alice.send('POST', '/logout');
      const replay = await client().send('GET', '/data', {
        headers: { cookie: `__Host-sid=${stolen}` },
      });
      expect(replay.status).toBe(401);
    });

    it('counts 50 concurrent increments of one session to 50', async () => {
      const { client } = await start(store);
      const alice = client();
      await alice.logIn();
      const cookie = `__Host-sid=${alice.session ?? ''}`;
      const replies = await Promise.all(
        Array.from({ length: 50 }, () =>
          fetch(`${alice.base}/counter`, { method: 'POST', headers: { cookie } }),
        ),
      );
      expect(replies.map((reply) => reply.status)).toEqual(Array(50).fill(200));
      expect((await alice.send('GET', '/')).text).toContain('Count: 50<');
    });

    it('lists a user’s sessions and logs out the others, keeping this one', async () => {
      const { client } = await start(store);
      const laptop = client('Laptop/1.0');
      const phone = client('Phone/<script>');
      await laptop.logIn();
      await phone.logIn();
      await client().logIn('bob', 'builder');
      const listed = await laptop.send('GET', '/sessions');
      expect(listed.status).toBe(200);
      const { user_id, sessions } = listed.body as {
        user_id: string;
        sessions: Array<{ user_agent: string; current: boolean }>;
      };
      expect(user_id).toBe('alice');
      expect(sessions.map((s) => [s.user_agent, s.current]).sort()).toEqual([
        ['Laptop/1.0', true],
        ['Phone/<script>', false],
      ]);
      const page = await laptop.send('GET', '/sessions', { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toContain('Phone/&lt;script&gt;');
      expect(page.text).not.toContain('<script>');

      const out = await laptop.send('POST', '/sessions/logout-everywhere', {
        json: { keep_current: true },
      });
      expect(out.body).toEqual({ destroyed: 1 });
      expect((await laptop.send('GET', '/data')).status).toBe(200);
      expect((await phone.send('GET', '/data')).status).toBe(401);
    });

    it('logs out everywhere, this session included', async () => {
      const { client } = await start(store);
      const laptop = client();
      const phone = client();
      const bob = client();
      await laptop.logIn();
      await phone.logIn();
      await bob.logIn('bob', 'builder');
      const out = await laptop.send('POST', '/sessions/logout-everywhere', { json: {} });
      expect(out.body).toEqual({ destroyed: 2 });
      expect(laptop.session).toBeUndefined();
      for (const [who, status] of [
        [laptop, 401],
        [phone, 401],
        [bob, 200],
      ] as const) {
        expect((await who.send('GET', '/data')).status).toBe(status);
      }
    });

    it('answers /sessions and logout-everywhere with 401 when anonymous', async () => {
      const { client } = await start(store);
      expect((await client().send('GET', '/sessions')).status).toBe(401);
      expect((await client().send('POST', '/sessions/logout-everywhere')).status).toBe(401);
    });
  },
);
