/**
 * S1/S2 session fixation: an attacker plants a session cookie in the victim's browser before
 * the victim logs in, hoping to share the logged-in session (OWASP ASVS 5.0 7.2.4, SS-02, SS-06).
 */
import { expect } from 'vitest';
import { generateSessionId } from '../../src/session/index.js';
import {
  describeMatrix,
  EVERY_BACKEND,
  expectAnonymous,
  NAME,
  sessionCookieIn,
} from './harness.js';

const GRACE_MS = 5_000;

describeMatrix('session fixation', EVERY_BACKEND, ({ it, setup, stateful }) => {
  it('a cookie the server never issued is replaced at login and never becomes a session', async () => {
    const world = await setup();
    const planted = world.stateful ? generateSessionId() : `v1.k1.${'A'.repeat(80)}`;
    const victim = world.browser();
    victim.plant(planted);
    const login = await victim.browse('POST', '/login');
    expect(login.status).toBe(200);
    const issued = sessionCookieIn(login);
    expect(issued).toBeDefined();
    expect(issued).not.toBe(planted);
    if (world.stateful) expect(await world.record(planted)).toBeUndefined();
    expectAnonymous(await world.node.send('GET', '/data', { cookie: `${NAME}=${planted}` }));
    expect((await victim.browse('GET', '/data')).body).toEqual({ user_id: 'alice' });
  });

  it('an attacker’s logged-in cookie planted in the victim’s browser is replaced at login: the victim works in their own account', async () => {
    const world = await setup();
    const attacker = world.browser();
    await attacker.browse('POST', '/login/mallory');
    const planted = attacker.session!;
    const victim = world.browser();
    victim.plant(planted);
    const login = await victim.browse('POST', '/login');
    expect(sessionCookieIn(login)).not.toBe(planted);
    expect((await victim.browse('GET', '/data')).body).toEqual({ user_id: 'alice' });
    // The attacker's cookie never gains the victim's login.
    expect((await attacker.browse('GET', '/data')).body).not.toEqual({ user_id: 'alice' });
  });

  if (stateful) {
    it('a planted anonymous session is replaced at login, never gains the login, and is gone from the store after the grace window', async () => {
      const world = await setup();
      const attacker = world.browser();
      await attacker.browse('POST', '/counter');
      const planted = attacker.session!;
      const victim = world.browser();
      victim.plant(planted);
      const login = await victim.browse('POST', '/login');
      const issued = sessionCookieIn(login);
      expect(issued).toBeDefined();
      expect(issued).not.toBe(planted);
      // Within the grace window the old ID keeps its old, anonymous data only.
      expectAnonymous(await attacker.browse('GET', '/data'));
      expect((await world.record(planted))?.userId).toBeUndefined();
      world.clock.advance(GRACE_MS + 1);
      expect(await world.record(planted)).toBeUndefined();
      expectAnonymous(await attacker.browse('GET', '/data'));
      const write = await attacker.browse('POST', '/counter');
      expect(write.body).toEqual({ count: 1 });
      expect(sessionCookieIn(write)).not.toBe(planted);
      expect(sessionCookieIn(write)).not.toBe(issued);
      expect((await victim.browse('GET', '/data')).body).toEqual({ user_id: 'alice' });
    });

    it('with no grace window the planted session is gone from the store as the login answers', async () => {
      const world = await setup({ regenerateGrace: 0 });
      const attacker = world.browser();
      await attacker.browse('POST', '/counter');
      const planted = attacker.session!;
      const victim = world.browser();
      victim.plant(planted);
      expect(sessionCookieIn(await victim.browse('POST', '/login'))).not.toBe(planted);
      expect(await world.record(planted)).toBeUndefined();
      expectAnonymous(await attacker.browse('GET', '/data'));
    });
  }
});
