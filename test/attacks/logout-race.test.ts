/**
 * S5 logout undone by a concurrent slow request: request A loads the session, request B logs
 * out, then A writes, renews or regenerates. Logout must win (checklist RL-01, SS-12).
 * The store's next call of one method is held so the interleaving is exact, not timed.
 * Sealed cookies are left out: with nothing on the server, a later response's cookie is the
 * session (the residual that sealed-strategy.ts documents).
 */
import { expect } from 'vitest';
import type { SessionStore } from '../../src/session/index.js';
import {
  describeMatrix,
  expectAnonymous,
  expectCookieCleared,
  NAME,
  sessionCookieIn,
  STORES,
  type World,
} from './harness.js';

const TOUCH_INTERVAL_MS = 60_000;

/** Logs a browser in and returns it with its cookie. */
async function loggedIn(world: World) {
  const user = world.browser();
  await user.browse('POST', '/login');
  return { user, captured: user.session! };
}

/**
 * Starts `slow` with its store call `method` held, runs a logout to completion meanwhile,
 * then lets `slow` finish, and returns its response.
 */
async function raceLogout(
  world: World,
  method: keyof SessionStore,
  slow: () => Promise<Awaited<ReturnType<World['node']['send']>>>,
  logout: () => Promise<unknown>,
) {
  const hold = world.hold(method);
  const pending = slow();
  await hold.reached;
  await logout();
  hold.release();
  return pending;
}

describeMatrix('logout raced by a slow request', STORES, ({ it, setup }) => {
  it('a slow write that loaded the session before logout expires the cookie instead of saving it', async () => {
    const world = await setup();
    const { user, captured } = await loggedIn(world);
    const cookie = `${NAME}=${captured}`;
    const slow = await raceLogout(
      world,
      'update',
      () => world.node.send('POST', '/counter', { cookie }),
      () => user.browse('POST', '/logout'),
    );
    expectCookieCleared(slow);
    expect(await world.record(captured)).toBeUndefined();
    expectAnonymous(await world.node.send('GET', '/data', { cookie }));
  });

  it('a slow read whose rolling renewal lands after logout does not renew the destroyed session', async () => {
    const world = await setup();
    const { user, captured } = await loggedIn(world);
    const cookie = `${NAME}=${captured}`;
    world.clock.advance(TOUCH_INTERVAL_MS);
    const slow = await raceLogout(
      world,
      'touch',
      () => world.node.send('GET', '/data', { cookie }),
      () => user.browse('POST', '/logout'),
    );
    // It loaded before the logout, so it may answer as the user; it must not keep the session.
    expect(sessionCookieIn(slow)).toBeUndefined();
    expect(await world.record(captured)).toBeUndefined();
    expectAnonymous(await world.node.send('GET', '/data', { cookie }));
  });

  it('a login racing a logout does not mint a new session from the destroyed one', async () => {
    const world = await setup();
    const { user, captured } = await loggedIn(world);
    const cookie = `${NAME}=${captured}`;
    // regenerate() retires the old record with a touch before it creates the new one.
    const slow = await raceLogout(
      world,
      'touch',
      () => world.node.send('POST', '/login/mallory', { cookie }),
      () => user.browse('POST', '/logout'),
    );
    expect(sessionCookieIn(slow)).toBeUndefined();
    expect(world.calls('create')).toBe(1); // the first login's only
    expect(await world.record(captured)).toBeUndefined();
  });

  it('a slow write on one node cannot bring back a session logged out on another node', async () => {
    const world = await setup();
    const second = await world.start({ store: world.peer! });
    const { user, captured } = await loggedIn(world);
    const cookie = `${NAME}=${captured}`;
    const slow = await raceLogout(
      world,
      'update',
      () => world.node.send('POST', '/counter', { cookie }),
      () => user.browse('POST', '/logout', { via: second }),
    );
    expectCookieCleared(slow);
    for (const node of [world.node, second])
      expectAnonymous(await node.send('GET', '/data', { cookie }));
  });
});
