import { describe, expect, it } from 'vitest';
import { launch, tempDir } from './demo/client.js';

const HTML = { accept: 'text/html' };

async function start(store = 'memory') {
  return launch({ store, dataDir: await tempDir() });
}

describe('the demo through its HTML forms', () => {
  it('walks the home page forms: login, count, sessions, logout', async () => {
    const { client } = await start();
    const browser = client();
    const home = await browser.send('GET', '/', { headers: HTML });
    expect(home.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(home.text).toContain('<form method="post" action="/login">');
    // The login form's token lives in a pre-session (login CSRF, CS-07).
    expect(home.setCookies).toEqual([expect.stringMatching(/^__Host-sid=/)]);
    const preSession = await browser.csrf();

    const login = await browser.send('POST', '/login', {
      form: { username: 'alice', password: 'wonderland', csrf_token: preSession },
    });
    expect([login.status, login.headers.get('location')]).toEqual([303, '/']);
    const token = await browser.csrf();
    expect(token).not.toBe(preSession);

    for (let click = 0; click < 2; click++) {
      const counted = await browser.send('POST', '/counter', { form: { csrf_token: token } });
      expect([counted.status, counted.headers.get('location')]).toEqual([303, '/']);
    }
    expect((await browser.send('GET', '/', { headers: HTML })).text).toContain('Count: 2<');

    const sessions = await browser.send('GET', '/sessions', { headers: HTML });
    expect(sessions.text).toContain('<h1>Sessions of alice</h1>');
    expect(sessions.text).toContain(`name="csrf_token" value="${token}"`);
    const kept = await browser.send('POST', '/sessions/logout-everywhere', {
      form: { keep_current: 'true', csrf_token: token },
    });
    expect([kept.status, kept.headers.get('location')]).toEqual([303, '/sessions']);

    const out = await browser.send('POST', '/logout', { form: { csrf_token: token } });
    expect([out.status, out.headers.get('location')]).toEqual([303, '/']);
    expect(out.headers.get('clear-site-data')).toBe('"cookies"');
    expect(browser.session).toBeUndefined();
    expect((await browser.send('GET', '/', { headers: HTML })).text).toContain('action="/login"');
  });

  it('shows a failed form login on the page, escaped, with 401', async () => {
    const { client } = await start();
    const visitor = client();
    const csrf_token = await visitor.csrf();
    const reply = await visitor.send('POST', '/login', {
      form: { username: '<alice>', password: 'x', csrf_token },
    });
    expect(reply.status).toBe(401);
    expect(reply.text).toContain('<p role="alert">Incorrect username or password</p>');
    expect(reply.text).not.toContain('<alice>');
    expect(reply.setCookies).toEqual([]);
  });

  it('logs out everywhere from a form, back to the login page', async () => {
    const { client } = await start();
    const browser = client();
    const phone = client();
    await browser.logIn();
    await phone.logIn();
    const out = await browser.send('POST', '/sessions/logout-everywhere', {
      form: { csrf_token: await browser.csrf() },
    });
    expect(out.headers.get('clear-site-data')).toBe('"cookies"');
    expect([out.status, out.headers.get('location')]).toEqual([303, '/']);
    expect(browser.session).toBeUndefined();
    expect((await phone.send('GET', '/data')).status).toBe(401);
  });
});

describe('the demo refuses bad login bodies', () => {
  it.each<[string, RequestInit, number, unknown]>([
    [
      'malformed JSON',
      { body: '{"username":', headers: { 'content-type': 'application/json' } },
      400,
      { detail: 'Malformed JSON' },
    ],
    [
      'a JSON array',
      { body: '[]', headers: { 'content-type': 'application/json' } },
      422,
      { detail: 'Expected a JSON object' },
    ],
    [
      'a missing password',
      { body: '{"username":"alice"}', headers: { 'content-type': 'application/json' } },
      422,
      {
        detail: [
          { type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: null },
        ],
      },
    ],
    [
      'a non-string password',
      {
        body: '{"username":"alice","password":{}}',
        headers: { 'content-type': 'application/json' },
      },
      422,
      {
        detail: [
          { type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: null },
        ],
      },
    ],
    [
      'an XML body',
      { body: '<login/>', headers: { 'content-type': 'application/xml' } },
      415,
      { detail: 'Send JSON or a form' },
    ],
    [
      'a body over 16 KiB',
      {
        body: JSON.stringify({ username: 'a'.repeat(17_000), password: 'x' }),
        headers: { 'content-type': 'application/json' },
      },
      413,
      { detail: 'Request body too large' },
    ],
  ])('refuses %s', async (_case, init, status, body) => {
    const { base } = await start();
    const reply = await fetch(`${base}/login`, { method: 'POST', ...init });
    expect(reply.status).toBe(status);
    expect(await reply.json()).toEqual(body);
    expect(reply.headers.getSetCookie()).toEqual([]);
  });

  it('refuses an unknown method with 405 and Allow', async () => {
    const { base } = await start();
    const reply = await fetch(`${base}/login`);
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('POST');
  });
});

describe('the demo with sealed cookie sessions', () => {
  it('cannot list or revoke sessions, and says so with 501', async () => {
    const { client } = await start('cookie');
    const alice = client();
    await alice.logIn();
    for (const [method, path] of [
      ['GET', '/sessions'],
      ['POST', '/sessions/logout-everywhere'],
    ] as const) {
      const reply = await alice.send(method, path);
      expect(reply.status).toBe(501);
      expect(reply.body).toEqual({
        detail: 'Sealed cookie sessions cannot be listed or revoked',
      });
    }
    expect((await alice.send('GET', '/data')).status).toBe(200);
  });
});
