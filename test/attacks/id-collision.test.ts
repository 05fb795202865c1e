/**
 * S14 session ID collision: the ID generator (the manager's `generateId` hook) returns an ID
 * that already names a live session. `create` is insert-if-absent, so the newcomer draws
 * again and never shares the victim's session (checklist SS-03, RL-07).
 */
import { expect } from 'vitest';
import { generateSessionId } from '../../src/session/index.js';
import { describeMatrix, expectAnonymous, NAME, sessionCookieIn, STORES } from './harness.js';

/** An ID generator that returns `taken` first, then fresh IDs. */
function collidingOnce(...taken: string[]): () => string {
  const queue = [...taken];
  return () => queue.shift() ?? generateSessionId();
}

describeMatrix('session ID collision', STORES, ({ it, setup }) => {
  it('a new session whose drawn ID names a live session draws again: each keeps their own', async () => {
    const world = await setup();
    const victim = world.browser();
    await victim.browse('POST', '/login');
    const taken = victim.session!;
    const node = await world.start({ generateId: collidingOnce(taken) });
    const created = await node.send('POST', '/counter');
    expect(created.body).toEqual({ count: 1 });
    const own = sessionCookieIn(created);
    expect(own).toBeDefined();
    expect(own).not.toBe(taken);
    expectAnonymous(await node.send('GET', '/data', { cookie: `${NAME}=${own!}` }));
    expect((await victim.browse('GET', '/data')).body).toEqual({ user_id: 'alice' });
    expect((await world.record(taken))?.userId).toBe('alice');
  });

  it('a login whose new ID collides with a live session gets another ID and never takes over the victim’s', async () => {
    const world = await setup();
    const victim = world.browser();
    await victim.browse('POST', '/login');
    const taken = victim.session!;
    const node = await world.start({ generateId: collidingOnce(taken) });
    const attacker = world.browser(node);
    const login = await attacker.browse('POST', '/login/mallory');
    expect(sessionCookieIn(login)).not.toBe(taken);
    expect((await attacker.browse('GET', '/data')).body).toEqual({ user_id: 'mallory' });
    expect((await victim.browse('GET', '/data')).body).toEqual({ user_id: 'alice' });
  });

  it('an ID still in its regenerate grace window is not drawn again', async () => {
    const world = await setup();
    const victim = world.browser();
    await victim.browse('POST', '/counter');
    const retired = victim.session!;
    await victim.browse('POST', '/login');
    const node = await world.start({ generateId: collidingOnce(retired) });
    const created = await node.send('POST', '/counter');
    expect(sessionCookieIn(created)).not.toBe(retired);
    expect((await victim.browse('GET', '/data')).body).toEqual({ user_id: 'alice' });
  });

  it('an ID generator stuck on a live ID fails the request with 500 and no cookie, never sharing the session', async () => {
    const world = await setup();
    const victim = world.browser();
    await victim.browse('POST', '/login');
    const taken = victim.session!;
    const node = await world.start({ generateId: () => taken });
    const stuck = await node.send('POST', '/counter');
    expect(stuck.status).toBe(500);
    expect(stuck.setCookies).toEqual([]);
    expect(JSON.stringify(stuck.body)).not.toContain(taken);
    expect((await victim.browse('GET', '/data')).body).toEqual({ user_id: 'alice' });
    expect(world.calls('update')).toBe(0);
  });
});
