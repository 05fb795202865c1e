/**
 * S13 clock skew between nodes: one node's clock runs 5 minutes ahead, another's 5 minutes
 * behind, the store's (and the test's) is right. Sessions must move between them, and no
 * node's activity may carry a session past the absolute deadline fixed at its creation
 * (OWASP ASVS 5.0 7.3.2, checklist SS-07, RL-05). Every node has its own manager clock.
 */
import { expect } from 'vitest';
import { describeMatrix, EVERY_BACKEND, expectAnonymous, type World } from './harness.js';

const MINUTE = 60_000;
const SKEW = 5 * MINUTE;
const LIFETIMES = { idleTimeout: 600, absoluteTimeout: 3600, touchInterval: 60 };

/** The world's first node with the right clock, and two whose clocks are off by {@link SKEW}. */
async function skewedNodes(world: World) {
  const { now } = world.clock;
  return {
    right: world.node,
    ahead: await world.start({ ...LIFETIMES, now: () => now() + SKEW }),
    behind: await world.start({ ...LIFETIMES, now: () => now() - SKEW }),
  };
}

describeMatrix('clock skew', EVERY_BACKEND, ({ it, setup }) => {
  it('a session created on a node 5 minutes ahead or behind is accepted on a node with the right clock', async () => {
    const world = await setup(LIFETIMES);
    const { right, ahead, behind } = await skewedNodes(world);
    for (const creator of [ahead, behind]) {
      const user = world.browser(creator);
      await user.browse('POST', '/login');
      expect((await user.browse('GET', '/data', { via: right })).body).toEqual({
        user_id: 'alice',
      });
    }
  });

  it('writes and reads every 4 minutes from nodes whose clocks disagree never carry a session past its absolute deadline', async () => {
    const world = await setup(LIFETIMES);
    const { right, behind } = await skewedNodes(world);
    const user = world.browser(right);
    await user.browse('POST', '/login');
    for (let minute = 4; minute < 60; minute += 4) {
      world.clock.advance(4 * MINUTE);
      // The slow node writes, so it stamps the deadlines with its own clock.
      const step =
        minute % 8 === 0
          ? await user.browse('GET', '/data', { via: right })
          : await user.browse('POST', '/counter', { via: behind });
      expect(step.status, `minute ${minute}`).toBe(200);
    }
    world.clock.advance(4 * MINUTE);
    expectAnonymous(await user.browse('GET', '/data', { via: right }));
  });

  it('a node whose clock runs ahead ends a session early, never late', async () => {
    const world = await setup(LIFETIMES);
    const { right, ahead } = await skewedNodes(world);
    const user = world.browser(right);
    await user.browse('POST', '/login');
    for (let minute = 5; minute <= 55; minute += 5) {
      world.clock.advance(5 * MINUTE);
      expect((await user.browse('GET', '/data')).status, `minute ${minute}`).toBe(200);
    }
    world.clock.advance(MINUTE);
    // Within its idle window, but past the absolute deadline by the fast clock.
    expectAnonymous(await user.browse('GET', '/data', { via: ahead }));
  });
});
