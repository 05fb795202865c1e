/**
 * S6 cookie tossing and shadowing: a sibling subdomain or a network attacker adds a second
 * cookie with the session cookie's name (or one that looks like it), hoping the server reads
 * the attacker's session instead of the victim's (RFC 6265bis §8.6, checklist CP-01, CP-02,
 * CP-06, CP-10). Tessera's policy: only the exact name counts, and the first one sent wins.
 */
import { expect } from 'vitest';
import { parseSetCookie } from '../../src/cookie/index.js';
import {
  describeMatrix,
  expectAnonymous,
  HEADER_BACKENDS,
  NAME,
  rawRequest,
  type Browser,
  type World,
} from './harness.js';

/** The victim (alice) and the attacker (mallory), both logged in on the first node. */
async function victimAndAttacker(world: World, name = NAME) {
  const victim: Browser = world.browser();
  const attacker: Browser = world.browser();
  await victim.browse('POST', '/login');
  await attacker.browse('POST', '/login/mallory');
  return { alice: victim.jar.get(name)!, mallory: attacker.jar.get(name)! };
}

describeMatrix('cookie tossing and shadowing', HEADER_BACKENDS, ({ it, setup }) => {
  it('every session cookie is __Host- prefixed, Secure, Path=/ and without Domain, so a sibling subdomain cannot set one', async () => {
    const world = await setup();
    const user = world.browser();
    const lines = [
      ...(await user.browse('POST', '/login')).setCookies,
      ...(await user.browse('POST', '/login/bob')).setCookies,
      ...(await user.browse('POST', '/logout')).setCookies,
    ];
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(parseSetCookie(line)).toMatchObject({ name: NAME, secure: true, path: '/' });
      expect(parseSetCookie(line).domain).toBeUndefined();
    }
  });

  const lookAlikes = [
    ['a non-breaking space before it', `\u00a0${NAME}`],
    ['a different case', NAME.toLowerCase()],
    ['a trailing character', `${NAME}_`],
    ['its prefix dropped', 'sid'],
    ['a __Secure- prefix added', `__Secure-${NAME}`],
  ];
  for (const [label, lookAlike] of lookAlikes) {
    it(`a look-alike cookie name with ${label} is never read as the session cookie`, async () => {
      const world = await setup();
      const { alice, mallory } = await victimAndAttacker(world);
      for (const cookie of [
        `${lookAlike}=${mallory}; ${NAME}=${alice}`,
        `${NAME}=${alice}; ${lookAlike}=${mallory}`,
      ]) {
        const result = await world.node.send('GET', '/data', { cookie });
        expect(result.body).toEqual({ user_id: 'alice' });
      }
      expectAnonymous(await world.node.send('GET', '/data', { cookie: `${lookAlike}=${mallory}` }));
    });
  }

  it('an invalid shadow cookie sent first gives an anonymous 401, not a 500, and leaves the real cookie alone', async () => {
    const world = await setup();
    const { alice } = await victimAndAttacker(world);
    const result = await world.node.send('GET', '/data', {
      cookie: `${NAME}=tossed-garbage; ${NAME}=${alice}`,
    });
    expectAnonymous(result);
    expect(result.setCookies).toEqual([]);
  });

  it('with a prefix-less cookie name, the first of duplicate session cookies decides and a later one is never consulted', async () => {
    // RFC 6265bis §5.8.3: a browser sends the cookie with the longer Path first, so a
    // sibling's `sid; Domain=example.com; Path=/account` comes first on /account pages. This
    // is why the default name is __Host-sid; Tessera has no `reject` policy for duplicates.
    const world = await setup();
    const node = await world.start({ cookie: { name: 'sid' } });
    const victim = world.browser(node);
    const attacker = world.browser(node);
    await victim.browse('POST', '/login');
    await attacker.browse('POST', '/login/mallory');
    const [alice, mallory] = [victim.jar.get('sid')!, attacker.jar.get('sid')!];
    const send = (cookie: string) => node.send('GET', '/data', { cookie });
    expect((await send(`sid=${alice}; sid=${mallory}`)).body).toEqual({ user_id: 'alice' });
    expect((await send(`sid=${mallory}; sid=${alice}`)).body).toEqual({ user_id: 'mallory' });
    expectAnonymous(await send(`sid=garbage; sid=${alice}`));
  });

  it('two Cookie header lines are read as one header joined in order', async () => {
    const world = await setup();
    const { alice, mallory } = await victimAndAttacker(world);
    const read = (first: string, second: string) =>
      rawRequest(world.node.url, ['GET /data HTTP/1.1', `Cookie: ${first}`, `Cookie: ${second}`]);
    const split = await read('theme=dark', `${NAME}=${alice}`);
    expect(split.status).toBe(200);
    expect(split.body).toContain('"user_id":"alice"');
    const shadowed = await read(`${NAME}=${mallory}`, `${NAME}=${alice}`);
    expect(shadowed.body).toContain('"user_id":"mallory"');
  });
});
