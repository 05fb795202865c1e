import { describe, expect, it } from 'vitest';
import { cookieIn, requestWith, sealedSetup, serverSetup } from './fixtures.js';

async function logIn(
  setup: ReturnType<typeof serverSetup>,
  userId: string,
  agent: string,
): Promise<string> {
  const session = setup.manager.fromRequest(requestWith(undefined, agent));
  await session.logIn(userId);
  return cookieIn((await session.commit()).setCookies)!;
}

describe("a user's sessions", () => {
  it('are listed with opaque handles, never the session IDs', async () => {
    const setup = serverSetup();
    const laptop = await logIn(setup, 'alice', 'Laptop');
    setup.advance(10);
    const phone = await logIn(setup, 'alice', 'Phone');
    await logIn(setup, 'bob', 'Other');
    const listed = await setup.manager.listUserSessions(
      'alice',
      setup.manager.fromRequest(requestWith(phone)),
    );
    expect(listed.map(({ userAgent, current }) => [userAgent, current]).sort()).toEqual([
      ['Laptop', false],
      ['Phone', true],
    ]);
    for (const entry of listed) {
      expect(entry.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect([laptop, phone].some((id) => id.includes(entry.id) || entry.id.includes(id))).toBe(
        false,
      );
      expect(entry.createdAt).toBeInstanceOf(Date);
    }
    expect(setup.events.map((event) => ('handle' in event ? event.handle : undefined))).toContain(
      listed[0]!.id,
    );
  });

  it('can all be logged out, or all but the current one', async () => {
    const setup = serverSetup();
    const ids = [
      await logIn(setup, 'alice', 'A'),
      await logIn(setup, 'alice', 'B'),
      await logIn(setup, 'alice', 'C'),
    ];
    const current = setup.manager.fromRequest(requestWith(ids[0]));
    expect(await setup.manager.destroyUserSessions('alice', { except: current })).toBe(2);
    expect(await setup.manager.listUserSessions('alice')).toHaveLength(1);
    expect(await setup.manager.fromRequest(requestWith(ids[0])).userId()).toBe('alice');
    expect(await setup.manager.fromRequest(requestWith(ids[1])).userId()).toBeUndefined();
    expect(await setup.manager.destroyUserSessions('alice')).toBe(1);
  });

  it('cannot be enumerated or revoked in sealed mode', async () => {
    const { manager } = sealedSetup();
    await expect(manager.listUserSessions('alice')).rejects.toMatchObject({
      code: 'ERR_SESSION_UNSUPPORTED',
    });
    await expect(manager.destroyUserSessions('alice')).rejects.toMatchObject({
      code: 'ERR_SESSION_UNSUPPORTED',
    });
  });
});
