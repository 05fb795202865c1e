import { describe, expect, it } from 'vitest';
import { SessionError } from '../../src/session/index.js';
import { NAME, cookieIn, requestWith, serverSetup } from './fixtures.js';

/** A committed session with `count: 1`, and its cookie value. */
async function started(setup: ReturnType<typeof serverSetup>): Promise<string> {
  const session = setup.manager.fromRequest(requestWith());
  await session.set('count', 1);
  return cookieIn((await session.commit()).setCookies)!;
}

describe('a server-side session', () => {
  it('reads nothing and sends nothing when the handler never touches it', async () => {
    const setup = serverSetup();
    const id = await started(setup);
    const reads = setup.store.count('get');
    const result = await setup.manager.fromRequest(requestWith(id)).commit();
    expect(result).toEqual({ setCookies: [], headers: {} });
    expect(setup.store.count('get')).toBe(reads);
  });

  it('reads as untouched until something reads or changes it', async () => {
    const { manager } = serverSetup();
    const read = manager.fromRequest(requestWith());
    expect(read.untouched).toBe(true);
    const reading = read.get('count');
    expect(read.untouched).toBe(false);
    await reading;
    const flashed = manager.fromRequest(requestWith());
    flashed.flash('notice', 'saved');
    expect(flashed.untouched).toBe(false);
    const committed = manager.fromRequest(requestWith());
    await committed.commit();
    expect(committed.untouched).toBe(true);
  });

  it('creates no record for an anonymous session that is only read', async () => {
    const { manager, store } = serverSetup();
    const session = manager.fromRequest(requestWith());
    expect(await session.get('count')).toBeUndefined();
    const result = await session.commit();
    expect(result.setCookies).toEqual([]);
    expect(result.headers).toEqual({ vary: 'Cookie', 'cache-control': 'private, no-store' });
    expect(store.writes()).toBe(0);
  });

  it('keeps a new session under the SHA-256 of its ID, never the ID itself', async () => {
    const setup = serverSetup();
    const id = await started(setup);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { createHash } = await import('node:crypto');
    expect(await setup.store.get(id)).toBeUndefined();
    expect(
      await setup.store.get(createHash('sha256').update(id).digest('base64url')),
    ).toBeDefined();
    expect(setup.events).toEqual([{ type: 'created', handle: expect.any(String) as string }]);
  });

  it('reads back what an earlier request wrote', async () => {
    const setup = serverSetup();
    const id = await started(setup);
    const session = setup.manager.fromRequest(requestWith(id));
    expect(await session.get('count')).toBe(1);
    await session.set('tags', ['a']);
    await session.delete('count');
    const result = await session.commit();
    expect(result.setCookies).toEqual([]); // same ID, browser-session cookie: nothing to resend
    const again = setup.manager.fromRequest(requestWith(id));
    expect(await again.get('count')).toBeUndefined();
    expect(await again.get('tags')).toEqual(['a']);
  });

  it('writes nothing when the changes leave the data as it was', async () => {
    const setup = serverSetup();
    const id = await started(setup);
    const writes = setup.store.writes();
    const session = setup.manager.fromRequest(requestWith(id));
    await session.set('count', 1);
    await session.commit();
    expect(setup.store.writes()).toBe(writes);
  });

  it('returns the updated value from update()', async () => {
    const { manager } = serverSetup();
    const session = manager.fromRequest(requestWith());
    expect(await session.update('count', (n) => (n ?? 10) + 1)).toBe(11);
  });

  it('shows a flash message once', async () => {
    const setup = serverSetup();
    const first = setup.manager.fromRequest(requestWith());
    first.flash('notice', 'Saved');
    const id = cookieIn((await first.commit()).setCookies)!;
    const second = setup.manager.fromRequest(requestWith(id));
    expect(await second.takeFlash('notice')).toBe('Saved');
    expect(await second.takeFlash('notice')).toBeUndefined();
    second.flash('next', 'Again');
    await second.commit();
    const third = setup.manager.fromRequest(requestWith(id));
    expect(await third.takeFlash('notice')).toBeUndefined();
    expect(await third.takeFlash('next')).toBe('Again');
  });

  it('keeps a __proto__ key as plain data', async () => {
    const setup = serverSetup();
    const session = setup.manager.fromRequest(requestWith());
    await (session as unknown as { set: (key: string, value: unknown) => Promise<void> }).set(
      '__proto__',
      { polluted: true },
    );
    const id = cookieIn((await session.commit()).setCookies)!;
    const again = setup.manager.fromRequest(requestWith(id));
    expect(
      await (again as unknown as { get: (key: string) => Promise<unknown> }).get('__proto__'),
    ).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses changes after commit', async () => {
    const { manager } = serverSetup();
    const session = manager.fromRequest(requestWith());
    await session.set('count', 1);
    const result = await session.commit();
    expect(await session.commit()).toBe(result);
    await expect(session.set('count', 2)).rejects.toMatchObject({ code: 'ERR_SESSION_COMMITTED' });
    expect(() => {
      session.flash('a', 'b');
    }).toThrow(SessionError);
    expect(await session.get('count')).toBe(1);
  });

  it('sends Max-Age with the remaining lifetime when persistent', async () => {
    const setup = serverSetup({ persistent: true, idleTimeout: 600, touchInterval: 60 });
    const id = await started(setup);
    setup.advance(120);
    const session = setup.manager.fromRequest(requestWith(id));
    await session.get('count');
    const { setCookies } = await session.commit();
    expect(setCookies).toEqual([
      `${NAME}=${id}; Max-Age=600; Path=/; HttpOnly; Secure; SameSite=Lax`,
    ]);
  });

  it('rejects an empty user id at logIn', async () => {
    const { manager } = serverSetup();
    await expect(manager.fromRequest(requestWith()).logIn('')).rejects.toThrow(TypeError);
  });
});

describe('session lifetimes', () => {
  it('ends a session idle for longer than idleTimeout', async () => {
    const setup = serverSetup({ idleTimeout: 600, touchInterval: 60 });
    const id = await started(setup);
    setup.advance(599);
    expect(await setup.manager.fromRequest(requestWith(id)).get('count')).toBe(1);
    setup.advance(601);
    expect(await setup.manager.fromRequest(requestWith(id)).get('count')).toBeUndefined();
  });

  it('renews the idle deadline on use, at most once per touchInterval', async () => {
    const setup = serverSetup({ idleTimeout: 600, touchInterval: 60 });
    const id = await started(setup);
    const use = async (): Promise<void> => {
      const session = setup.manager.fromRequest(requestWith(id));
      expect(await session.get('count')).toBe(1);
      await session.commit();
    };
    setup.advance(30);
    await use();
    expect(setup.store.count('touch')).toBe(0);
    setup.advance(40);
    await use();
    expect(setup.store.count('touch')).toBe(1);
    setup.advance(590); // 660 s after creation, 590 s after the renewal
    await use();
  });

  it('never renews past the absolute deadline', async () => {
    const setup = serverSetup({ idleTimeout: 600, absoluteTimeout: 1000, touchInterval: 0 });
    const id = await started(setup);
    for (let elapsed = 0; elapsed < 900; elapsed += 300) {
      setup.advance(300);
      const session = setup.manager.fromRequest(requestWith(id));
      expect(await session.get('count')).toBe(1);
      await session.commit();
    }
    setup.advance(100);
    const session = setup.manager.fromRequest(requestWith(id));
    expect(await session.get('count')).toBeUndefined();
    expect(setup.events.at(-1)).toMatchObject({ type: 'rejected', reason: 'unknown' });
  });

  it('does not renew an unchanged session when rolling is off', async () => {
    const setup = serverSetup({ rolling: false, idleTimeout: 600, touchInterval: 0 });
    const id = await started(setup);
    setup.advance(300);
    const session = setup.manager.fromRequest(requestWith(id));
    await session.get('count');
    await session.commit();
    expect(setup.store.count('touch')).toBe(0);
  });
});
