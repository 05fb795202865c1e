/**
 * S9 key rotation edges for sealed cookies: secrets newest first, the newest seals, all open,
 * and a cookie opened with an older key is re-sealed with the newest on that response
 * (checklist TK-08, AE-05). "Rotation never logs users out" — unless a key is removed.
 */
import { expect } from 'vitest';
import {
  describeMatrix,
  expectAnonymous,
  keyIdOf,
  NAME,
  SEALED,
  sessionCookieIn,
} from './harness.js';

const OLD = { id: 'k2029', secret: 'a-test-secret-of-at-least-32-bytes-2029' };
const NEW = { id: 'k2030', secret: 'a-test-secret-of-at-least-32-bytes-2030' };
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

describeMatrix('key rotation', [SEALED], ({ it, setup }) => {
  it('a cookie sealed with the previous key is accepted and re-sealed under the newest key on that response', async () => {
    const world = await setup({ secrets: [OLD] });
    const rotated = await world.start({ secrets: [NEW, OLD] });
    const newOnly = await world.start({ secrets: [NEW] });
    const user = world.browser();
    await user.browse('POST', '/login');
    expect(keyIdOf(user.session)).toBe(OLD.id);
    const read = await user.browse('GET', '/data', { via: rotated });
    expect(read).toMatchObject({ status: 200, body: { user_id: 'alice' } });
    expect(keyIdOf(sessionCookieIn(read))).toBe(NEW.id);
    // Re-sealed, the session survives the old key's removal.
    expect((await user.browse('GET', '/data', { via: newOnly })).body).toEqual({
      user_id: 'alice',
    });
  });

  it('a cookie sealed with a removed key is anonymous with no 500 and no Set-Cookie, while the remaining key’s cookies still open', async () => {
    const world = await setup({ secrets: [OLD] });
    const rotated = await world.start({ secrets: [NEW, OLD] });
    const newOnly = await world.start({ secrets: [NEW] });
    const compromised = world.browser();
    await compromised.browse('POST', '/login');
    const current = world.browser(rotated);
    await current.browse('POST', '/login/bob');
    const refused = await compromised.browse('GET', '/data', { via: newOnly });
    expectAnonymous(refused);
    expect(refused.setCookies).toEqual([]);
    expect((await current.browse('GET', '/data', { via: newOnly })).body).toEqual({
      user_id: 'bob',
    });
    const fresh = await compromised.browse('POST', '/counter', { via: newOnly });
    expect(fresh.body).toEqual({ count: 1 });
    expect(keyIdOf(sessionCookieIn(fresh))).toBe(NEW.id);
  });

  it('a staged rollout (new key verify-only on every node, then promoted node by node) logs no one out', async () => {
    const world = await setup({ secrets: [OLD, NEW] });
    const staged = await world.start({ secrets: [OLD, NEW] });
    const promoted = await world.start({ secrets: [NEW, OLD] });
    const user = world.browser(staged);
    await user.browse('POST', '/login');
    for (const via of [promoted, staged, world.node, promoted, staged]) {
      const read = await user.browse('GET', '/data', { via });
      expect(read).toMatchObject({ status: 200, body: { user_id: 'alice' } });
    }
  });

  it('promoting a new key before every node can open it logs users out on the nodes that lack it', async () => {
    const world = await setup({ secrets: [OLD] });
    const early = await world.start({ secrets: [NEW, OLD] });
    const user = world.browser(early);
    await user.browse('POST', '/login');
    expect(keyIdOf(user.session)).toBe(NEW.id);
    expectAnonymous(await user.browse('GET', '/data', { via: world.node }));
  });

  it('key ids such as __proto__, toString and constructor name no key: anonymous, no 500', async () => {
    const world = await setup();
    const user = world.browser();
    await user.browse('POST', '/login');
    const [version, , body] = user.session!.split('.');
    for (const kid of ['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'k999']) {
      const forged = `${version}.${kid}.${body}`;
      expectAnonymous(await world.node.send('GET', '/data', { cookie: `${NAME}=${forged}` }));
    }
  });

  it('a CSRF token issued before a rotation verifies after it, and stops with the old key’s removal', async () => {
    const world = await setup({ secrets: [OLD] });
    const rotated = await world.start({ secrets: [NEW, OLD] });
    const newOnly = await world.start({ secrets: [NEW] });
    const user = world.browser();
    await user.browse('POST', '/login');
    const { token } = (await user.browse('GET', '/csrf/token')).body as { token: string };
    const underOld = user.session!;
    const headers = { ...SAME_ORIGIN, 'x-csrf-token': token };
    const after = await user.browse('POST', '/csrf/counter', { via: rotated, headers });
    expect(after).toMatchObject({ status: 200, body: { count: 1 } });
    expect(keyIdOf(user.session)).toBe(NEW.id);
    const removed = await newOnly.send('POST', '/csrf/counter', {
      cookie: `${NAME}=${underOld}`,
      headers,
    });
    expect(removed).toMatchObject({
      status: 403,
      body: { detail: 'CSRF token missing or invalid' },
    });
  });
});
