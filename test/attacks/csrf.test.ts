/**
 * S7 cross-site request forgery against a logged-in victim: every unsafe request without
 * proof is refused with 403 and changes nothing (OWASP CSRF Prevention Cheat Sheet; checklist
 * CS-01..CS-08, corpus §8.O). The victim's browser holds a valid session and, for the
 * header-only rows, even the right token, so the browser's headers alone must refuse them.
 */
import { expect } from 'vitest';
import {
  describeMatrix,
  HEADER_BACKENDS,
  sessionCookieIn,
  type Browser,
  type SendInit,
} from './harness.js';

const EVIL = 'https://evil.example';
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

/** A victim logged in, with the session's CSRF token. */
async function victimWithToken(browser: Browser): Promise<string> {
  await browser.browse('POST', '/login');
  const { token } = (await browser.browse('GET', '/csrf/token')).body as { token: string };
  return token;
}

/** The counter, read with a valid same-origin request: proves a refused one changed nothing. */
async function counterAfter(browser: Browser, token: string): Promise<unknown> {
  const result = await browser.browse('POST', '/csrf/counter', {
    headers: { ...SAME_ORIGIN, 'x-csrf-token': token },
  });
  return result.body;
}

/** A forged request: its method and what the browser sends, given our origin and port. */
type Forgery = (origin: string, port: string) => SendInit & { readonly method?: string };

const CROSS_SITE = 'Cross-site request refused';
const NOT_ALLOWED = 'Origin not allowed';

const forgeries: Array<[string, Forgery, string]> = [
  [
    'a cross-site form post',
    () => ({ headers: { 'sec-fetch-site': 'cross-site', origin: EVIL }, form: { note: 'x' } }),
    CROSS_SITE,
  ],
  [
    'a text/plain post from another origin without Fetch Metadata',
    () => ({ headers: { origin: EVIL, 'content-type': 'text/plain' }, body: 'note=x' }),
    NOT_ALLOWED,
  ],
  ['a no-cors post without Content-Type', () => ({ headers: { origin: EVIL } }), NOT_ALLOWED],
  [
    'an upper-case Content-Type with parameters',
    () => ({ headers: { origin: EVIL, 'content-type': 'Text/Plain; charset=UTF-8' }, body: 'x' }),
    NOT_ALLOWED,
  ],
  ['a sandboxed iframe (Origin: null)', () => ({ headers: { origin: 'null' } }), NOT_ALLOWED],
  [
    'a sibling subdomain (Sec-Fetch-Site: same-site)',
    (_origin, port) => ({
      headers: { 'sec-fetch-site': 'same-site', origin: `http://app.127.0.0.1.nip.io:${port}` },
    }),
    CROSS_SITE,
  ],
  [
    'an Origin whose host only starts with ours',
    (_origin, port) => ({ headers: { origin: `http://127.0.0.1.evil.example:${port}` } }),
    NOT_ALLOWED,
  ],
  [
    'an unknown Sec-Fetch-Site value from another origin',
    () => ({ headers: { 'sec-fetch-site': 'bogus', origin: EVIL } }),
    NOT_ALLOWED,
  ],
  ['a request with neither Origin nor Referer', () => ({}), 'Origin or Referer required'],
  [
    'a Referer on a look-alike host',
    (_origin, port) => ({ headers: { referer: `http://127.0.0.1.evil.example:${port}/` } }),
    NOT_ALLOWED,
  ],
  [
    'a Referer carrying our origin in its query',
    (origin) => ({ headers: { referer: `${EVIL}/?${origin}/` } }),
    NOT_ALLOWED,
  ],
  [
    'a POST overriding its method to GET by header',
    () => ({ headers: { 'sec-fetch-site': 'cross-site', 'x-http-method-override': 'GET' } }),
    CROSS_SITE,
  ],
  [
    'a POST overriding its method to GET by a _method field',
    () => ({ headers: { 'sec-fetch-site': 'cross-site' }, form: { _method: 'GET' } }),
    CROSS_SITE,
  ],
];

const TOKEN_INVALID = { detail: 'CSRF token missing or invalid' };

describeMatrix('cross-site request forgery', HEADER_BACKENDS, ({ it, setup, stateful }) => {
  // The browser's headers alone decide these: one backend is enough.
  for (const [label, forge, reason] of stateful ? forgeries : []) {
    it(`${label} is refused with 403 even with the token, and changes nothing`, async () => {
      const world = await setup();
      const victim = world.browser();
      const token = await victimWithToken(victim);
      const {
        method = 'POST',
        headers,
        ...init
      } = forge(world.node.url, new URL(world.node.url).port);
      const forged = await victim.browse(method, '/csrf/counter', {
        ...init,
        headers: { ...headers, 'x-csrf-token': token },
      });
      expect(forged).toMatchObject({ status: 403, body: { detail: reason } });
      expect(forged.headers.get('vary')).toContain('Sec-Fetch-Site');
      expect(await counterAfter(victim, token)).toEqual({ count: 1 });
    });
  }

  it('cross-site PUT, PATCH, DELETE and PROPFIND are refused with 403 and change nothing', async () => {
    const world = await setup();
    const victim = world.browser();
    const token = await victimWithToken(victim);
    for (const method of ['PUT', 'PATCH', 'DELETE', 'PROPFIND']) {
      const forged = await victim.browse(method, '/csrf/counter', {
        headers: { 'sec-fetch-site': 'cross-site', origin: EVIL, 'x-csrf-token': token },
      });
      expect(forged, method).toMatchObject({ status: 403, body: { detail: CROSS_SITE } });
    }
    expect(await counterAfter(victim, token)).toEqual({ count: 1 });
  });

  /** What the victim's browser holds, for the token rows. */
  interface Held {
    readonly victim: Browser;
    readonly token: string;
    readonly other: string;
  }
  const tokenForgeries: Array<[string, (held: Held) => { path: string; init: SendInit }]> = [
    ['without a token', () => ({ path: '/csrf/counter', init: { form: { note: 'x' } } })],
    [
      'with the token of another session',
      ({ other }) => ({ path: '/csrf/counter', init: { headers: { 'x-csrf-token': other } } }),
    ],
    [
      'with the session cookie’s value as the token',
      ({ victim }) => ({
        path: '/csrf/counter',
        init: { headers: { 'x-csrf-token': victim.session! } },
      }),
    ],
    [
      'with the token only in a cookie',
      ({ victim, token }) => {
        victim.plant(token, 'csrf_token');
        return { path: '/csrf/counter', init: {} };
      },
    ],
    [
      'with the token only in the query string',
      ({ token }) => ({ path: `/csrf/counter?csrf_token=${token}`, init: {} }),
    ],
  ];
  for (const [label, forge] of tokenForgeries) {
    it(`a same-origin post ${label} is refused with 403 and changes nothing`, async () => {
      const world = await setup();
      const victim = world.browser();
      const token = await victimWithToken(victim);
      const other = await victimWithToken(world.browser());
      const { path, init } = forge({ victim, token, other });
      const forged = await victim.browse('POST', path, {
        ...init,
        headers: { ...SAME_ORIGIN, ...init.headers },
      });
      expect(forged).toMatchObject({ status: 403, body: TOKEN_INVALID });
      expect(await counterAfter(victim, token)).toEqual({ count: 1 });
    });
  }

  it('a same-origin post with the token passes, also when Origin differs only in case', async () => {
    const world = await setup();
    const victim = world.browser();
    const token = await victimWithToken(victim);
    const shouted = world.node.url.toUpperCase();
    const result = await victim.browse('POST', '/csrf/counter', {
      headers: { origin: shouted, 'x-csrf-token': token },
    });
    expect(result).toMatchObject({ status: 200, body: { count: 1 } });
  });

  it('a token issued before login is refused after it (the login rotates it)', async () => {
    const world = await setup();
    const victim = world.browser();
    const { token } = (await victim.browse('GET', '/csrf/token')).body as { token: string };
    await victim.browse('POST', '/login');
    const forged = await victim.browse('POST', '/csrf/counter', {
      headers: { ...SAME_ORIGIN, 'x-csrf-token': token },
    });
    expect(forged).toMatchObject({ status: 403, body: TOKEN_INVALID });
  });

  it('a token from before logout is refused after it, also once the user logs in again', async () => {
    const world = await setup();
    const victim = world.browser();
    const token = await victimWithToken(victim);
    await victim.browse('POST', '/logout');
    const headers = { ...SAME_ORIGIN, 'x-csrf-token': token };
    const anonymous = await victim.browse('POST', '/csrf/counter', { headers });
    expect(anonymous).toMatchObject({ status: 403, body: TOKEN_INVALID });
    await victim.browse('POST', '/login');
    const again = await victim.browse('POST', '/csrf/counter', { headers });
    expect(again).toMatchObject({ status: 403, body: TOKEN_INVALID });
  });

  it('a cross-site login (login CSRF) is refused with 403 and sets no session cookie', async () => {
    const world = await setup();
    const victim = world.browser();
    const forged = await victim.browse('POST', '/csrf/login', {
      headers: { 'sec-fetch-site': 'cross-site', origin: EVIL },
      form: { username: 'mallory' },
    });
    expect(forged).toMatchObject({ status: 403, body: { detail: CROSS_SITE } });
    expect(forged.setCookies).toEqual([]);
    expect((await victim.browse('GET', '/data')).status).toBe(401);
  });

  it('a login form needs its pre-session token, and the login replaces that session and token', async () => {
    const world = await setup();
    const victim = world.browser();
    const issued = await victim.browse('GET', '/csrf/token');
    const { token } = issued.body as { token: string };
    const preSession = sessionCookieIn(issued);
    expect(preSession).toBeDefined();
    const withoutToken = await victim.browse('POST', '/csrf/login', { headers: SAME_ORIGIN });
    expect(withoutToken).toMatchObject({ status: 403, body: TOKEN_INVALID });
    const login = await victim.browse('POST', '/csrf/login', {
      headers: SAME_ORIGIN,
      form: { csrf_token: token },
    });
    expect(login.status).toBe(200);
    expect(sessionCookieIn(login)).not.toBe(preSession);
    const reused = await victim.browse('POST', '/csrf/counter', {
      headers: { ...SAME_ORIGIN, 'x-csrf-token': token },
    });
    expect(reused).toMatchObject({ status: 403, body: TOKEN_INVALID });
  });
});
