/**
 * S3/S4 replay after logout: a cookie captured while the user was logged in is sent again
 * after logout, on the same node and on another node sharing the store (ASVS 5.0 7.4.1, SS-09).
 */
import { expect } from 'vitest';
import {
  describeMatrix,
  EVERY_BACKEND,
  expectAnonymous,
  expectCookieCleared,
  NAME,
  sessionCookieIn,
} from './harness.js';

const IDLE_TIMEOUT_MS = 1_800_000;

/** Spellings of `value` a proxy or an attacker might send, none byte-equal to it (§8.I). */
const reencodings = (value: string): Array<[string, string]> => [
  ['quoted', `"${value}"`],
  ['padded', `${value}=`],
  ['percent-padded', `${value}%3D`],
  ['with a space inside', `${value.slice(0, 10)} ${value.slice(10)}`],
  ['with a character appended', `${value}A`],
  ['truncated', value.slice(0, -1)],
];

describeMatrix('replay after logout', EVERY_BACKEND, ({ it, setup, stateful }) => {
  it('quoted, padded or otherwise re-encoded copies of a live cookie are anonymous', async () => {
    const world = await setup();
    const user = world.browser();
    await user.browse('POST', '/login');
    const live = user.session!;
    for (const [, variant] of reencodings(live))
      expectAnonymous(await world.node.send('GET', '/data', { cookie: `${NAME}=${variant}` }));
    expect((await user.browse('GET', '/data')).body).toEqual({ user_id: 'alice' });
  });

  if (stateful) {
    it('a cookie captured before logout is anonymous when replayed, and no Set-Cookie brings its ID back', async () => {
      const world = await setup();
      const user = world.browser();
      await user.browse('POST', '/login');
      const captured = user.session!;
      expectCookieCleared(await user.browse('POST', '/logout'));
      expect(await world.record(captured)).toBeUndefined();
      const cookie = `${NAME}=${captured}`;
      const read = await world.node.send('GET', '/data', { cookie });
      expectAnonymous(read);
      expect(read.setCookies).toEqual([]);
      const write = await world.node.send('POST', '/counter', { cookie });
      expect(write.body).toEqual({ count: 1 });
      expect(sessionCookieIn(write)).not.toBe(captured);
      expect(await world.record(captured)).toBeUndefined();
    });

    it('a cookie captured before logout is anonymous on a second node sharing the store', async () => {
      const world = await setup();
      const second = await world.start({ store: world.peer! });
      const user = world.browser();
      await user.browse('POST', '/login');
      const captured = user.session!;
      expectCookieCleared(await user.browse('POST', '/logout', { via: second }));
      for (const node of [world.node, second]) {
        const replay = await node.send('GET', '/data', { cookie: `${NAME}=${captured}` });
        expectAnonymous(replay);
        expect(replay.setCookies).toEqual([]);
      }
    });

    it('re-encoded copies of a logged-out cookie are anonymous too', async () => {
      const world = await setup();
      const user = world.browser();
      await user.browse('POST', '/login');
      const captured = user.session!;
      await user.browse('POST', '/logout');
      for (const [, variant] of [['as sent', captured], ...reencodings(captured)])
        expectAnonymous(await world.node.send('GET', '/data', { cookie: `${NAME}=${variant}` }));
    });

    it('a cookie superseded by a re-login shortly before logout is anonymous after the logout', async () => {
      const world = await setup();
      const user = world.browser();
      await user.browse('POST', '/login');
      const captured = user.session!;
      await user.browse('POST', '/login');
      expect(user.session).not.toBe(captured);
      expectCookieCleared(await user.browse('POST', '/logout'));
      expectAnonymous(await world.node.send('GET', '/data', { cookie: `${NAME}=${captured}` }));
    });
  } else {
    it('sealed cookies cannot be revoked: a copy replayed after logout opens until its idle deadline, then is refused', async () => {
      const world = await setup();
      const user = world.browser();
      await user.browse('POST', '/login');
      const cookie = `${NAME}=${user.session!}`;
      expectCookieCleared(await user.browse('POST', '/logout'));
      // The residual window sealed-strategy.ts documents (checklist S4, AE-07): no denylist.
      expect((await world.node.send('GET', '/data', { cookie })).body).toEqual({
        user_id: 'alice',
      });
      world.clock.advance(IDLE_TIMEOUT_MS);
      const late = await world.node.send('GET', '/data', { cookie });
      expectAnonymous(late);
      expect(late.setCookies).toEqual([]);
    });
  }
});
