import { describe, expect, it } from 'vitest';
import { createSessionManager, SessionError } from '../../src/session/index.js';
import { MAX_SAVE_ATTEMPTS } from '../../src/session/server-strategy.js';
import { MemoryStore } from '../../src/stores/memory.js';
import { cookieIn, requestWith, serverSetup } from './fixtures.js';

async function started(setup: ReturnType<typeof serverSetup>): Promise<string> {
  const session = setup.manager.fromRequest(requestWith());
  await session.set('count', 0);
  return cookieIn((await session.commit()).setCookies)!;
}

describe('concurrent requests on one session', () => {
  it('count every one of 100 concurrent increments', async () => {
    const setup = serverSetup();
    const id = await started(setup);
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        const session = setup.manager.fromRequest(requestWith(id));
        await session.update('count', (n) => (n ?? 0) + 1);
        await session.commit();
      }),
    );
    expect(await setup.manager.fromRequest(requestWith(id)).get('count')).toBe(100);
    expect(setup.store.count('update')).toBeGreaterThan(100); // conflicts happened and were retried
  });

  it('count increments from two processes sharing the store', async () => {
    const store = new MemoryStore({ sweepIntervalMs: 0 });
    const nodes = [
      createSessionManager<{ count: number }>({ store }),
      createSessionManager<{ count: number }>({ store }),
    ];
    const first = nodes[0]!.fromRequest(requestWith());
    await first.set('count', 0);
    const id = cookieIn((await first.commit()).setCookies)!;
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const session = nodes[i % 2]!.fromRequest(requestWith(id));
        await session.update('count', (n) => (n ?? 0) + 1);
        await session.commit();
      }),
    );
    expect(await nodes[0]!.fromRequest(requestWith(id)).get('count')).toBe(40);
  });

  it('keep both keys when two requests set different ones', async () => {
    const setup = serverSetup();
    const id = await started(setup);
    const a = setup.manager.fromRequest(requestWith(id));
    const b = setup.manager.fromRequest(requestWith(id));
    await a.set('a', 1);
    await b.set('b', 2);
    await Promise.all([a.commit(), b.commit()]);
    const after = setup.manager.fromRequest(requestWith(id));
    expect([await after.get('a'), await after.get('b'), await after.get('count')]).toEqual([
      1, 2, 0,
    ]);
  });

  it('stay logged out when logout races a slow request', async () => {
    const setup = serverSetup();
    const id = await started(setup);
    const slow = setup.manager.fromRequest(requestWith(id));
    await slow.set('name', 'late write');
    await setup.manager.fromRequest(requestWith(id)).destroy();
    const { setCookies } = await slow.commit();
    expect(setCookies).toEqual([expect.stringMatching(/^__Host-sid=; Max-Age=0/)]);
    expect(await setup.manager.fromRequest(requestWith(id)).get('count')).toBeUndefined();
  });

  it('stay logged out when logout lands between a conflict and its retry', async () => {
    const setup = serverSetup();
    const id = await started(setup);
    const slow = setup.manager.fromRequest(requestWith(id));
    await slow.update('count', (n) => (n ?? 0) + 1);
    const other = setup.manager.fromRequest(requestWith(id));
    await other.set('name', 'x');
    await other.commit();
    const get = setup.store.get.bind(setup.store);
    setup.store.get = async (key) => {
      await setup.store.destroy(key);
      return get(key);
    };
    expect((await slow.commit()).setCookies).toEqual([
      expect.stringMatching(/^__Host-sid=; Max-Age=0/),
    ]);
  });

  it('give up with ERR_SESSION_CONFLICT when writers keep winning', async () => {
    const setup = serverSetup();
    const id = await started(setup);
    setup.store.update = () => Promise.resolve({ status: 'conflict' });
    const session = setup.manager.fromRequest(requestWith(id));
    await session.set('count', 5);
    await expect(session.commit()).rejects.toMatchObject({ code: 'ERR_SESSION_CONFLICT' });
    // The first load, then one reload after each lost compare-and-set.
    expect(setup.store.count('get')).toBe(1 + MAX_SAVE_ATTEMPTS);
  });
});

describe('session ID collisions', () => {
  it('draw another ID when the first is taken', async () => {
    const taken = 'A'.repeat(43);
    const other = 'B'.repeat(42) + 'A';
    const ids = [taken, taken, other];
    const store = new MemoryStore({ sweepIntervalMs: 0 });
    const manager = createSessionManager<{ count: number }>({
      store,
      generateId: () => ids.shift()!,
    });
    const values: Array<string | undefined> = [];
    for (const count of [1, 2]) {
      const session = manager.fromRequest(requestWith());
      await session.set('count', count);
      values.push(cookieIn((await session.commit()).setCookies));
    }
    expect(values).toEqual([taken, other]);
    expect(await manager.fromRequest(requestWith('A'.repeat(43))).get('count')).toBe(1);
  });

  it('give up after five taken IDs', async () => {
    const store = new MemoryStore({ sweepIntervalMs: 0 });
    const manager = createSessionManager<{ count: number }>({
      store,
      generateId: () => 'A'.repeat(43),
    });
    for (const expected of [undefined, 'ERR_SESSION_ID_COLLISION']) {
      const session = manager.fromRequest(requestWith());
      await session.set('count', 1);
      const outcome = await session.commit().then(
        () => undefined,
        (error: unknown) => (error as SessionError).code,
      );
      expect(outcome).toBe(expected);
    }
  });

  it('refuse an ID generator that returns a malformed ID', async () => {
    const manager = createSessionManager({
      store: new MemoryStore({ sweepIntervalMs: 0 }),
      generateId: () => 'short',
    });
    const session = manager.fromRequest(requestWith());
    await session.set('x', 1);
    await expect(session.commit()).rejects.toMatchObject({ code: 'ERR_CONFIG' });
  });
});
