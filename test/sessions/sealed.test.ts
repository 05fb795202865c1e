import { describe, expect, it } from 'vitest';
import { createSessionManager, SessionTooLargeError } from '../../src/session/index.js';
import { Sealer } from '../../src/tokens/sealed/index.js';
import { NAME, OLD_SECRET, SECRET, START, cookieIn, requestWith, sealedSetup } from './fixtures.js';

async function sealed(setup: ReturnType<typeof sealedSetup>, count = 1): Promise<string> {
  const session = setup.manager.fromRequest(requestWith());
  await session.set('count', count);
  return cookieIn((await session.commit()).setCookies)!;
}

describe('a sealed session', () => {
  it('round-trips its data in the cookie, encrypted', async () => {
    const setup = sealedSetup();
    const token = await sealed(setup, 42);
    expect(token).toMatch(/^v1\./);
    expect(Buffer.from(token.split('.')[2]!, 'base64url').toString('latin1')).not.toContain(
      'count',
    );
    expect(await setup.manager.fromRequest(requestWith(token)).get('count')).toBe(42);
  });

  it('does not carry the User-Agent, which only a store can list', async () => {
    const setup = sealedSetup();
    const sizes = await Promise.all(
      ['A', 'A'.repeat(200)].map(async (agent) => {
        const session = setup.manager.fromRequest(requestWith(undefined, agent));
        await session.set('count', 1);
        return cookieIn((await session.commit()).setCookies)!.length;
      }),
    );
    expect(sizes[1]).toBe(sizes[0]);
  });

  it('sends a new cookie after each change', async () => {
    const setup = sealedSetup();
    const token = await sealed(setup);
    const session = setup.manager.fromRequest(requestWith(token));
    await session.update('count', (n) => (n ?? 0) + 1);
    const next = cookieIn((await session.commit()).setCookies)!;
    expect(next).not.toBe(token);
    expect(await setup.manager.fromRequest(requestWith(next)).get('count')).toBe(2);
  });

  it('re-seals a cookie opened with an older key, so rotation logs nobody out', async () => {
    const before = sealedSetup({ secrets: [OLD_SECRET] });
    const token = await sealed(before);
    const after = sealedSetup({ secrets: [SECRET, OLD_SECRET], touchInterval: 600 });
    const session = after.manager.fromRequest(requestWith(token));
    expect(await session.get('count')).toBe(1);
    const resealed = cookieIn((await session.commit()).setCookies)!;
    const retired = sealedSetup({ secrets: [SECRET] });
    expect(await retired.manager.fromRequest(requestWith(resealed)).get('count')).toBe(1);
    expect(await retired.manager.fromRequest(requestWith(token)).get('count')).toBeUndefined();
    expect(retired.events.at(-1)).toEqual({ type: 'rejected', reason: 'unknown' });
  });

  it.each([
    [
      'a forged token',
      (token: string) => token.slice(0, -2) + (token.endsWith('AA') ? 'BA' : 'AA'),
      'forged',
    ],
    ['a malformed token', () => 'v1.nope', 'malformed'],
  ])('treats %s as anonymous', async (_name, tamper, reason) => {
    const setup = sealedSetup();
    const token = await sealed(setup);
    const session = setup.manager.fromRequest(requestWith(tamper(token)));
    expect(await session.get('count')).toBeUndefined();
    expect(setup.events.at(-1)).toEqual({ type: 'rejected', reason });
  });

  it('refuses a token sealed for another cookie name', async () => {
    const setup = sealedSetup();
    const other = createSessionManager<{ count: number }>({
      secrets: [SECRET],
      cookie: { name: '__Host-other' },
    });
    const session = other.fromRequest(requestWith());
    await session.set('count', 1);
    const token = (await session.commit()).setCookies[0]!.split(';')[0]!.split('=')[1]!;
    expect(await setup.manager.fromRequest(requestWith(token)).get('count')).toBeUndefined();
  });

  it('treats an authentic token without a session envelope as anonymous', async () => {
    const setup = sealedSetup();
    const token = new Sealer([SECRET], { context: NAME, now: () => START }).seal({
      e: { v: 2 },
      s: 0,
    });
    expect(await setup.manager.fromRequest(requestWith(token)).get('count')).toBeUndefined();
    expect(setup.events.at(-1)).toEqual({ type: 'rejected', reason: 'malformed' });
  });

  it('expires inside the seal after the idle timeout', async () => {
    const setup = sealedSetup({ idleTimeout: 60 });
    const token = await sealed(setup);
    setup.advance(61);
    expect(await setup.manager.fromRequest(requestWith(token)).get('count')).toBeUndefined();
    expect(setup.events.at(-1)).toEqual({ type: 'rejected', reason: 'expired' });
  });

  it('renews the seal on use once per touchInterval, never past the absolute deadline', async () => {
    const setup = sealedSetup({ idleTimeout: 60, absoluteTimeout: 150, touchInterval: 30 });
    let token = await sealed(setup);
    for (const step of [40, 40, 40]) {
      setup.advance(step);
      const session = setup.manager.fromRequest(requestWith(token));
      expect(await session.get('count')).toBe(1);
      token = cookieIn((await session.commit()).setCookies) ?? token;
    }
    setup.advance(40);
    expect(await setup.manager.fromRequest(requestWith(token)).get('count')).toBeUndefined();
  });

  it('fails loudly at commit when the session outgrows a cookie', async () => {
    const setup = sealedSetup();
    const session = setup.manager.fromRequest(requestWith());
    await session.set('name', 'x'.repeat(5000));
    await expect(session.commit()).rejects.toBeInstanceOf(SessionTooLargeError);
  });

  it('fails loudly when the sealer itself refuses the size', async () => {
    const setup = sealedSetup();
    const session = setup.manager.fromRequest(requestWith());
    await session.set('name', 'x'.repeat(9000));
    await expect(session.commit()).rejects.toMatchObject({
      code: 'ERR_SESSION_TOO_LARGE',
      cause: { code: 'ERR_SEAL_VALUE' },
    });
  });

  it('keeps nothing on logout but expires the cookie', async () => {
    const setup = sealedSetup();
    const session = setup.manager.fromRequest(requestWith(await sealed(setup)));
    await session.destroy();
    expect((await session.commit()).setCookies).toEqual([
      expect.stringMatching(/^__Host-sid=; Max-Age=0/),
    ]);
  });

  it('logs in with a fresh token', async () => {
    const setup = sealedSetup();
    const token = await sealed(setup);
    const session = setup.manager.fromRequest(requestWith(token));
    await session.logIn('alice');
    const next = cookieIn((await session.commit()).setCookies)!;
    expect(next).not.toBe(token);
    expect(await setup.manager.fromRequest(requestWith(next)).userId()).toBe('alice');
  });
});

describe('a sealed cookie with an authentic but unexpected payload', () => {
  it.each([
    ['null', null],
    [
      'a payload without a last-seen time',
      { e: { v: 1, c: START, a: START + 1e6, d: {} }, s: 'x' },
    ],
  ])('is anonymous: %s', async (_name, payload) => {
    const setup = sealedSetup();
    const token = new Sealer([SECRET], { context: NAME, now: () => START }).seal(payload);
    expect(await setup.manager.fromRequest(requestWith(token)).get('count')).toBeUndefined();
    expect(setup.events).toEqual([{ type: 'rejected', reason: 'malformed' }]);
  });

  it('lets a broken clock fail loudly rather than pass as anonymous', async () => {
    const setup = sealedSetup();
    const token = await sealed(setup);
    const broken = createSessionManager({ secrets: [SECRET], now: () => NaN });
    await expect(broken.fromRequest(requestWith(token)).get('count')).rejects.toMatchObject({
      code: 'ERR_CONFIG',
    });
  });
});
