/**
 * Prototype-pollution keys (corpus §8.D, checklist CP-03, TK-12, ASVS 5.0 15.3.6): cookie
 * names, form fields and stored or sealed session records named `__proto__`, `constructor`
 * and friends stay ordinary keys. Nothing gains a property, no one gains a login.
 */
import { expect } from 'vitest';
import {
  describeMatrix,
  EVERY_BACKEND,
  expectAnonymous,
  expectPristinePrototypes,
  HEADER_BACKENDS,
  NAME,
  type World,
} from './harness.js';

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
const HOUR = 3_600_000;

/** A logged-in browser's session cookie value. */
async function aliceSession(world: World): Promise<string> {
  const user = world.browser();
  await user.browse('POST', '/login');
  return user.session!;
}

describeMatrix(
  'prototype-pollution keys in requests',
  HEADER_BACKENDS,
  ({ it, setup, stateful }) => {
    it('cookies named __proto__, constructor, toString and the like are ordinary: the session loads and no prototype changes', async () => {
      const world = await setup();
      const alice = await aliceSession(world);
      const hostile = [
        '__proto__={"isAdmin":true}',
        'constructor=y',
        'toString=z',
        'hasOwnProperty=1',
        'valueOf=2',
        'prototype=3',
        '__defineGetter__=4',
      ].join('; ');
      for (const cookie of [`${hostile}; ${NAME}=${alice}`, `${NAME}=${alice}; ${hostile}`]) {
        expect((await world.node.send('GET', '/data', { cookie })).body).toEqual({
          user_id: 'alice',
        });
      }
      expectPristinePrototypes();
    });

    it('a session value sent under the name __proto__ or constructor is not the session cookie', async () => {
      const world = await setup();
      const alice = await aliceSession(world);
      for (const name of ['__proto__', 'constructor', 'toString'])
        expectAnonymous(await world.node.send('GET', '/data', { cookie: `${name}=${alice}` }));
    });

    // Form parsing is the framework's; one backend is enough.
    if (stateful) {
      it('a form with __proto__ and constructor fields is answered by the CSRF check, not a 500, and pollutes nothing', async () => {
        const world = await setup();
        const victim = world.browser();
        await victim.browse('POST', '/login');
        const { token } = (await victim.browse('GET', '/csrf/token')).body as { token: string };
        const hostile = '__proto__[isAdmin]=1&constructor[prototype][isAdmin]=1&__proto__=x';
        const send = (body: string) =>
          victim.browse('POST', '/csrf/counter', {
            headers: { ...SAME_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
            body,
          });
        expect((await send(hostile)).status).toBe(403);
        expect(await send(`${hostile}&csrf_token=${token}`)).toMatchObject({
          status: 200,
          body: { count: 1 },
        });
        expectPristinePrototypes();
      });
    }
  },
);

/** A valid envelope's JSON text whose data, flash and top level carry prototype keys. */
function hostileEnvelope(now: number): string {
  return (
    `{"v":1,"c":${now},"a":${now + HOUR},` +
    '"d":{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":1}},"count":1},' +
    '"f":{"__proto__":"x"},"__proto__":{"u":"admin","userId":"admin"}}'
  );
}

describeMatrix('prototype-pollution keys in session records', EVERY_BACKEND, ({ it, setup }) => {
  it('a record with __proto__ and constructor keys loads as data: it grants no login and pollutes no prototype', async () => {
    const world = await setup();
    const now = world.clock.now();
    const text = hostileEnvelope(now);
    const value = world.stateful
      ? await world.plant(text)
      : world.seal(JSON.parse(`{"e":${text},"s":${now}}`));
    const cookie = `${NAME}=${value}`;
    expectAnonymous(await world.node.send('GET', '/data', { cookie }));
    const write = await world.node.send('POST', '/counter', { cookie });
    expect(write.body).toEqual({ count: 2 });
    expectAnonymous(await world.node.send('GET', '/data', { cookie }));
    expectPristinePrototypes();
  });
});
