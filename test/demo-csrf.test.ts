import { describe, expect, it } from 'vitest';
import { type Client, launch, tempDir } from './demo/client.js';

async function loggedIn(): Promise<{ alice: Client; token: string; base: string }> {
  const { client, base } = await launch({ store: 'memory', dataDir: await tempDir() });
  const alice = client();
  await alice.logIn();
  return { alice, token: await alice.csrf(), base };
}

/** The counter after one more `POST /counter` that passes the policy. */
async function count(alice: Client): Promise<unknown> {
  return (await alice.send('POST', '/counter', { json: {} })).body;
}

describe('the demo’s CSRF policy', () => {
  it.each<
    [string, (token: string, base: string) => Parameters<Client['send']>[2], number, unknown]
  >([
    [
      'a cross-site form, even with the token',
      (token) => ({
        form: { csrf_token: token },
        headers: { 'sec-fetch-site': 'cross-site', origin: 'http://evil.example' },
      }),
      403,
      { detail: 'Cross-site request refused' },
    ],
    [
      'a form without the token',
      () => ({ form: {} }),
      403,
      { detail: 'CSRF token missing or invalid' },
    ],
    [
      'a form with a forged token',
      () => ({ form: { csrf_token: 'A'.repeat(43) } }),
      403,
      { detail: 'CSRF token missing or invalid' },
    ],
    [
      'a text/plain body, which a cross-site form can send',
      () => ({ headers: { 'content-type': 'text/plain' } }),
      403,
      { detail: 'CSRF token missing or invalid' },
    ],
    [
      'JSON from another origin',
      () => ({ json: {}, headers: { origin: 'http://evil.example' } }),
      403,
      { detail: 'Origin not allowed' },
    ],
    [
      'a same-origin form with the token',
      (token) => ({ form: { csrf_token: token } }),
      303,
      undefined,
    ],
    ['JSON from a client without Origin (curl)', () => ({ json: {} }), 200, { count: 1 }],
    [
      'JSON from the demo’s own origin',
      (_token, base) => ({ json: {}, headers: { origin: base } }),
      200,
      { count: 1 },
    ],
    ['a body-less post without Origin', () => ({}), 200, { count: 1 }],
  ])('answers %s with %i', async (_name, options, status, body) => {
    const { alice, token, base } = await loggedIn();
    const reply = await alice.send('POST', '/counter', options(token, base));
    expect(reply.status).toBe(status);
    expect(reply.body).toEqual(body);
    expect(await count(alice)).toEqual({ count: status === 403 ? 1 : 2 });
  });

  it('refuses a form login without the pre-session token (login CSRF, CS-07)', async () => {
    const { client } = await launch({ store: 'memory', dataDir: await tempDir() });
    const visitor = client();
    const credentials = { username: 'alice', password: 'wonderland' };
    const forged = await visitor.send('POST', '/login', { form: credentials });
    expect([forged.status, forged.body]).toEqual([
      403,
      { detail: 'CSRF token missing or invalid' },
    ]);
    expect(visitor.session).toBeUndefined();

    const preSession = await visitor.csrf();
    const planted = visitor.session;
    const login = await visitor.send('POST', '/login', {
      form: { ...credentials, csrf_token: preSession },
    });
    expect(login.status).toBe(303);
    expect(visitor.session).not.toBe(planted);
    // The token is bound to the user: the pre-session's is worth nothing after login.
    const stale = await visitor.send('POST', '/counter', { form: { csrf_token: preSession } });
    expect(stale.status).toBe(403);
  });

  it('lets a JSON client log out, and asks the browser to clear the site’s cookies', async () => {
    const { alice } = await loggedIn();
    const out = await alice.send('POST', '/logout');
    expect([out.status, out.headers.get('clear-site-data')]).toEqual([200, '"cookies"']);
    expect((await alice.send('GET', '/data')).status).toBe(401);
  });
});
