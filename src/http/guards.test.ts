import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { NotAuthenticatedError } from './errors.js';
import { requireSession, type Authenticated } from './guards.js';
import { newJar, type AppData } from './__fixtures__/sessions.js';

/** A jar whose session has `user` logged in (or none) and `data` set. */
async function jarWith(user: string | undefined, data: Partial<AppData> = {}) {
  const jar = newJar();
  await jar.visit(async (session) => {
    if (user !== undefined) await session.logIn(user);
    for (const [key, value] of Object.entries(data) as [keyof AppData, never][])
      await session.set(key, value);
  });
  return jar;
}

describe('requireSession', () => {
  it('resolves the user of a logged-in session', async () => {
    const jar = await jarWith('alice');
    const result = await jar.visit((session) => requireSession(session));
    expect([result.userId, { ...result.data }]).toEqual(['alice', {}]);
  });

  it.each([
    ['no cookie', undefined],
    ['an anonymous session with data', { cart: ['book'] }],
  ])('answers 401 for %s', async (_name, data) => {
    const jar = data === undefined ? newJar() : await jarWith(undefined, data);
    await expect(jar.visit((session) => requireSession(session))).rejects.toBeInstanceOf(
      NotAuthenticatedError,
    );
  });

  it('answers 401 after logout', async () => {
    const jar = await jarWith('alice');
    const before = jar.cookie;
    await jar.visit((session) => session.destroy());
    jar.cookie = before;
    await expect(jar.visit((session) => requireSession(session))).rejects.toMatchObject({
      status: 401,
      body: { detail: 'Not authenticated' },
    });
  });

  it('never writes to the session', async () => {
    const jar = await jarWith('alice');
    const before = jar.cookie;
    await jar.visit(async (session) => {
      await requireSession(session, { keys: ['role'] });
      expect((await session.commit()).setCookies).toEqual([]);
    });
    expect(jar.cookie).toBe(before);
  });
});

describe('requireSession where', () => {
  it.each([
    ['admin', 'admin', true],
    ['staff', 'staff', false],
    ['no role', undefined, false],
  ] as const)('with role %s, passes: %s', async (_name, role, passes) => {
    const jar = await jarWith('alice', role === undefined ? {} : { role });
    const attempt = jar.visit((session) =>
      requireSession(session, { keys: ['role'], where: (s) => s.data.role === 'admin' }),
    );
    if (passes) await expect(attempt).resolves.toMatchObject({ userId: 'alice' });
    else await expect(attempt).rejects.toBeInstanceOf(NotAuthenticatedError);
  });

  it('still needs a user, whatever the predicate says', async () => {
    const jar = await jarWith(undefined, { role: 'admin' });
    await expect(
      jar.visit((session) => requireSession(session, { keys: ['role'], where: () => true })),
    ).rejects.toBeInstanceOf(NotAuthenticatedError);
  });

  it('awaits an async predicate that reads the session', async () => {
    const jar = await jarWith('alice', { cart: ['book'] });
    const where = async ({ session }: Authenticated<AppData>) =>
      ((await session.get('cart')) ?? []).length > 0;
    await expect(jar.visit((session) => requireSession(session, { where }))).resolves.toMatchObject(
      { userId: 'alice' },
    );
  });
});

describe.each([
  [
    'zod',
    z.object({ userId: z.string(), data: z.object({ role: z.literal('admin') }) }),
    z.object({ data: z.object({ cart: z.array(z.string()).min(1) }) }),
  ],
  [
    'valibot',
    v.object({ userId: v.string(), data: v.object({ role: v.literal('admin') }) }),
    v.object({ data: v.object({ cart: v.pipe(v.array(v.string()), v.minLength(1)) }) }),
  ],
])('requireSession with a %s schema', (_vendor, admin, withCart) => {
  it('resolves the schema output', async () => {
    const jar = await jarWith('alice', { role: 'admin' });
    const result = await jar.visit((session) =>
      requireSession(session, { keys: ['role'], schema: admin }),
    );
    expect(result).toEqual({ userId: 'alice', data: { role: 'admin' } });
  });

  it.each([
    ['a staff user', 'alice', 'staff'],
    ['an anonymous admin role', undefined, 'admin'],
  ] as const)('answers 401 for %s', async (_name, user, role) => {
    const jar = await jarWith(user, { role });
    await expect(
      jar.visit((session) => requireSession(session, { keys: ['role'], schema: admin })),
    ).rejects.toBeInstanceOf(NotAuthenticatedError);
  });

  it('lets a schema admit an anonymous session', async () => {
    const jar = await jarWith(undefined, { cart: ['book'] });
    const result = await jar.visit((session) =>
      requireSession(session, { keys: ['cart'], schema: withCart }),
    );
    expect(result).toEqual({ data: { cart: ['book'] } });
  });
});

describe('requireSession types', () => {
  it('infers what it resolves', () => {
    const jar = newJar();
    void jar
      .visit(async (session) => {
        expectTypeOf(await requireSession(session)).toEqualTypeOf<Authenticated<AppData>>();
        const picked = await requireSession(session, { keys: ['role'] });
        expectTypeOf(picked.userId).toEqualTypeOf<string>();
        expectTypeOf(picked.data.role).toEqualTypeOf<'admin' | 'staff' | undefined>();
        const parsed = await requireSession(session, {
          schema: z.object({ userId: z.string().transform(Number) }),
        });
        expectTypeOf(parsed).toEqualTypeOf<{ userId: number }>();
      })
      .catch(() => undefined);
  });
});
