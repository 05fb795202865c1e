import { describe, expect, it } from 'vitest';
import { createSessionManager, StoreError } from '../../src/session/index.js';
import { MemoryStore } from '../../src/stores/memory.js';
import { NAME, START, cookieIn, requestWith, serverSetup } from './fixtures.js';

async function started(setup: ReturnType<typeof serverSetup>, userId?: string): Promise<string> {
  const session = setup.manager.fromRequest(requestWith());
  await session.set('count', 1);
  if (userId !== undefined) await session.logIn(userId);
  return cookieIn((await session.commit()).setCookies)!;
}

describe('regenerate() and logIn()', () => {
  it('moves the data to a new ID and lets the old one live only for the grace window', async () => {
    const setup = serverSetup({ regenerateGrace: 5 });
    const old = await started(setup);
    const session = setup.manager.fromRequest(requestWith(old));
    await session.regenerate();
    const fresh = cookieIn((await session.commit()).setCookies)!;
    expect(fresh).not.toBe(old);
    expect(await setup.manager.fromRequest(requestWith(fresh)).get('count')).toBe(1);
    setup.advance(4);
    expect(await setup.manager.fromRequest(requestWith(old)).get('count')).toBe(1);
    setup.advance(2);
    expect(await setup.manager.fromRequest(requestWith(old)).get('count')).toBeUndefined();
    expect(setup.events.map((event) => event.type)).toEqual(['created', 'regenerated', 'rejected']);
  });

  it('gives the new privileges to the new ID only', async () => {
    const setup = serverSetup();
    const old = await started(setup);
    const session = setup.manager.fromRequest(requestWith(old));
    await session.logIn('alice');
    const fresh = cookieIn((await session.commit()).setCookies)!;
    expect(await setup.manager.fromRequest(requestWith(fresh)).userId()).toBe('alice');
    expect(await setup.manager.fromRequest(requestWith(old)).userId()).toBeUndefined();
  });

  it('does not bring back a session destroyed while it was regenerating', async () => {
    const setup = serverSetup();
    const id = await started(setup);
    const slow = setup.manager.fromRequest(requestWith(id));
    await slow.regenerate();
    await setup.manager.fromRequest(requestWith(id)).destroy();
    const { setCookies } = await slow.commit();
    expect(setCookies).toEqual([expect.stringMatching(/^__Host-sid=; Max-Age=0/)]);
    expect(setup.store.count('create')).toBe(1);
  });
});

describe('destroy()', () => {
  it('deletes the record at once and expires the cookie', async () => {
    const setup = serverSetup({ clearSiteData: true });
    const id = await started(setup);
    const session = setup.manager.fromRequest(requestWith(id));
    await session.destroy();
    expect(await setup.manager.fromRequest(requestWith(id)).get('count')).toBeUndefined();
    const { setCookies, headers } = await session.commit();
    expect(setCookies).toEqual([
      `${NAME}=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax`,
    ]);
    expect(headers['clear-site-data']).toBe('"cookies"');
  });

  it('sends no Clear-Site-Data unless asked', async () => {
    const setup = serverSetup();
    const session = setup.manager.fromRequest(requestWith(await started(setup)));
    await session.destroy();
    expect((await session.commit()).headers['clear-site-data']).toBeUndefined();
  });

  it('starts a new session for writes after destroy', async () => {
    const setup = serverSetup();
    const id = await started(setup);
    const session = setup.manager.fromRequest(requestWith(id));
    await session.destroy();
    session.flash('notice', 'Logged out');
    const fresh = cookieIn((await session.commit()).setCookies);
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fresh).not.toBe(id);
  });

  it.each([
    ['idle', 61, 'idle'],
    ['absolute', 30 * 60, 'absolute'],
  ] as const)(
    'enforces the %s deadline itself and expires the cookie',
    async (_name, after, deadline) => {
      const events: unknown[] = [];
      let time = START;
      // The store's clock stands still, so it keeps the record: the session must refuse it.
      const store = new MemoryStore({ now: () => START, sweepIntervalMs: 0 });
      const manager = createSessionManager({
        store,
        now: () => time,
        idleTimeout: deadline === 'idle' ? 60 : 30 * 60,
        absoluteTimeout: 30 * 60,
        onEvent: (event) => events.push(event),
      });
      const first = manager.fromRequest(requestWith());
      await first.set('count', 1);
      const id = cookieIn((await first.commit()).setCookies)!;
      time += after * 1000;
      const late = manager.fromRequest(requestWith(id));
      expect(await late.get('count')).toBeUndefined();
      expect(events.at(-1)).toEqual({
        type: 'expired',
        handle: expect.any(String) as string,
        deadline,
      });
      expect((await late.commit()).setCookies).toEqual([
        expect.stringMatching(/^__Host-sid=; Max-Age=0/),
      ]);
    },
  );
});

describe('store faults', () => {
  it('propagate as StoreError and are reported, never turned into an empty session', async () => {
    const events: unknown[] = [];
    const broken = new MemoryStore({ sweepIntervalMs: 0 });
    broken.get = () => Promise.reject(new StoreError('down'));
    const manager = createSessionManager({ store: broken, onEvent: (event) => events.push(event) });
    const session = manager.fromRequest(requestWith('A'.repeat(43)));
    await expect(session.get('count')).rejects.toBeInstanceOf(StoreError);
    await expect(session.commit()).rejects.toBeInstanceOf(StoreError);
    expect(events).toEqual([{ type: 'store-error', error: expect.any(StoreError) as StoreError }]);
  });

  it('let other errors through unreported', async () => {
    const events: unknown[] = [];
    const broken = new MemoryStore({ sweepIntervalMs: 0 });
    broken.get = () => Promise.reject(new RangeError('bug'));
    const manager = createSessionManager({ store: broken, onEvent: (event) => events.push(event) });
    await expect(manager.fromRequest(requestWith('A'.repeat(43))).get('count')).rejects.toThrow(
      RangeError,
    );
    expect(events).toEqual([]);
  });
});

describe('records the session layer cannot read', () => {
  const planted = 'A'.repeat(43);

  it('are anonymous sessions, and left out of "my sessions"', async () => {
    const setup = serverSetup();
    const { createHash } = await import('node:crypto');
    const key = createHash('sha256').update(planted).digest('base64url');
    const record = {
      data: '{"v":9}',
      expiresAt: START + 60_000,
      lastSeenAt: START,
      userId: 'alice',
    };
    await setup.store.create(key, record);
    expect(await setup.manager.fromRequest(requestWith(planted)).get('count')).toBeUndefined();
    expect(setup.events).toEqual([{ type: 'rejected', reason: 'malformed' }]);
    expect(await setup.manager.listUserSessions('alice')).toEqual([]);
  });

  it('stop a conflict retry instead of being overwritten', async () => {
    const setup = serverSetup();
    const id = await started(setup);
    const slow = setup.manager.fromRequest(requestWith(id));
    await slow.set('count', 2);
    const other = setup.manager.fromRequest(requestWith(id));
    await other.set('count', 3);
    await other.commit();
    setup.store.get = (key) =>
      MemoryStore.prototype.get
        .call(setup.store, key)
        .then((record) => record && { ...record, data: 'garbage' });
    expect((await slow.commit()).setCookies).toEqual([
      expect.stringMatching(/^__Host-sid=; Max-Age=0/),
    ]);
  });
});

describe('a rolling renewal of a session destroyed meanwhile', () => {
  it('does not recreate it and expires the cookie', async () => {
    const setup = serverSetup({ touchInterval: 0 });
    const id = await started(setup);
    setup.advance(1);
    const slow = setup.manager.fromRequest(requestWith(id));
    expect(await slow.get('count')).toBe(1);
    await setup.manager.fromRequest(requestWith(id)).destroy();
    expect((await slow.commit()).setCookies).toEqual([
      expect.stringMatching(/^__Host-sid=; Max-Age=0/),
    ]);
    expect(await setup.manager.fromRequest(requestWith(id)).get('count')).toBeUndefined();
  });
});
