/** The http core through the reference adapter: real Requests, real Responses, a cookie jar. */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { withSessions } from '../../src/adapters/fetch.js';
import {
  cookieParam,
  csrfProtection,
  csrfToken,
  logOut,
  requireSession,
  submittedCsrfToken,
  verifyCsrfToken,
} from '../../src/http/index.js';
import { createSessionManager } from '../../src/session/index.js';
import { MemoryStore } from '../../src/stores/memory.js';

const ORIGIN = 'https://app.example';
const sessionId = cookieParam('session_id');
const page = cookieParam('page', z.coerce.number().int().min(1), { default: 1 });

function newApp() {
  const manager = createSessionManager<{ role: string }>({ store: new MemoryStore() });
  const csrf = csrfProtection();
  return withSessions(manager, async (request, { session }) => {
    const { pathname } = new URL(request.url);
    const cookie = request.headers.get('cookie') ?? undefined;
    csrf.check(request);
    switch (`${request.method} ${pathname}`) {
      case 'GET /cookie-required/':
        return Response.json({ session_id: await sessionId.read(cookie) });
      case 'GET /page':
        return Response.json({ page: await page.read(cookie) });
      case 'GET /data': {
        const { userId } = await requireSession(session);
        return Response.json({ data: 'Secure data access granted', user_id: userId });
      }
      case 'GET /form':
        return Response.json({ csrf_token: await csrfToken(session) });
      case 'POST /login': {
        const form = new URLSearchParams(await request.text());
        await verifyCsrfToken(session, submittedCsrfToken(request.headers, form));
        await session.logIn(form.get('username') ?? '');
        return Response.json({ message: 'Logged in successfully' });
      }
      case 'POST /transfer':
        await verifyCsrfToken(session, submittedCsrfToken(request.headers));
        return Response.json({ ok: true });
      case 'POST /logout':
        return Response.json(
          { message: 'Logged out' },
          { headers: await logOut(session, { clearSiteData: true }) },
        );
      default:
        return new Response(null, { status: 404 });
    }
  });
}

/** A browser on ORIGIN: keeps the session cookie, sends same-origin fetch metadata. */
function newBrowser(app = newApp()) {
  let cookie: string | undefined;
  return {
    async send(
      path: string,
      init: { method?: string; headers?: Record<string, string>; body?: URLSearchParams } = {},
    ) {
      const headers: Record<string, string> = { ...init.headers };
      if (cookie !== undefined && headers.cookie === undefined) headers.cookie = cookie;
      const response = await app(new Request(`${ORIGIN}${path}`, { ...init, headers }));
      for (const line of response.headers.getSetCookie()) {
        const pair = line.split(';')[0]!;
        cookie = /Max-Age=0/i.test(line) ? undefined : pair;
      }
      return response;
    },
  };
}

const sameOrigin = { 'sec-fetch-site': 'same-origin', origin: ORIGIN };

describe('cookie parameters through withSessions', () => {
  it.each([
    ['session_id=abc', 200, { session_id: 'abc' }],
    [
      undefined,
      422,
      {
        detail: [
          { type: 'missing', loc: ['cookie', 'session_id'], msg: 'Field required', input: null },
        ],
      },
    ],
  ])('GET /cookie-required/ with %j → %i', async (cookie, status, body) => {
    const headers: Record<string, string> = cookie === undefined ? {} : { cookie };
    const response = await newBrowser().send('/cookie-required/', { headers });
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual(body);
  });

  it.each([
    [undefined, 200, { page: 1 }],
    ['page=4', 200, { page: 4 }],
    [
      'page=0',
      422,
      {
        detail: [
          expect.objectContaining({ type: 'value_error', loc: ['cookie', 'page'], input: '0' }),
        ],
      },
    ],
  ])('GET /page with %j → %i', async (cookie, status, body) => {
    const headers: Record<string, string> = cookie === undefined ? {} : { cookie };
    const response = await newBrowser().send('/page', { headers });
    expect([response.status, await response.json()]).toEqual([status, body]);
    if (status === 422) expect(response.headers.get('content-type')).toBe('application/json');
  });
});

describe('guards and CSRF through withSessions', () => {
  it('answers 401 without a session, then 200 after a CSRF-proof login', async () => {
    const browser = newBrowser();
    const refused = await browser.send('/data');
    expect([refused.status, await refused.json()]).toEqual([401, { detail: 'Not authenticated' }]);
    expect(refused.headers.get('cache-control')).toBe('no-store');

    const { csrf_token } = (await (await browser.send('/form')).json()) as { csrf_token: string };
    const login = await browser.send('/login', {
      method: 'POST',
      headers: sameOrigin,
      body: new URLSearchParams({ username: 'alice', csrf_token }),
    });
    expect(login.status).toBe(200);
    const data = await browser.send('/data');
    expect(await data.json()).toEqual({ data: 'Secure data access granted', user_id: 'alice' });
  });

  it.each([
    [
      'a cross-site form post',
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      'Cross-site request refused',
    ],
    ['a sandboxed iframe', { origin: 'null' }, 'Origin not allowed'],
    ['no Origin or Referer', {}, 'Origin or Referer required'],
    ['a same-origin post without the token', sameOrigin, 'CSRF token missing or invalid'],
  ])('answers 403 to %s', async (_name, headers: Record<string, string>, detail) => {
    const browser = newBrowser();
    await browser.send('/form');
    const response = await browser.send('/transfer', { method: 'POST', headers });
    expect([response.status, await response.json()]).toEqual([403, { detail }]);
    expect(response.headers.get('vary')).toBe('Sec-Fetch-Site, Origin');
  });

  it('refuses the pre-login token after login (login CSRF, CS-07)', async () => {
    const browser = newBrowser();
    const { csrf_token } = (await (await browser.send('/form')).json()) as { csrf_token: string };
    await browser.send('/login', {
      method: 'POST',
      headers: sameOrigin,
      body: new URLSearchParams({ username: 'alice', csrf_token }),
    });
    const stale = await browser.send('/transfer', {
      method: 'POST',
      headers: { ...sameOrigin, 'x-csrf-token': csrf_token },
    });
    expect(stale.status).toBe(403);
    const fresh = (await (await browser.send('/form')).json()) as { csrf_token: string };
    const ok = await browser.send('/transfer', {
      method: 'POST',
      headers: { ...sameOrigin, 'x-csrf-token': fresh.csrf_token },
    });
    expect(ok.status).toBe(200);
  });

  it('logs out with Clear-Site-Data and kills the token (CS-08)', async () => {
    const browser = newBrowser();
    const { csrf_token } = (await (await browser.send('/form')).json()) as { csrf_token: string };
    const response = await browser.send('/logout', {
      method: 'POST',
      headers: { ...sameOrigin, 'x-csrf-token': csrf_token },
    });
    expect(response.headers.get('clear-site-data')).toBe('"cookies"');
    expect(response.headers.getSetCookie()[0]).toMatch(/Max-Age=0/i);
    const replay = await browser.send('/transfer', {
      method: 'POST',
      headers: { ...sameOrigin, 'x-csrf-token': csrf_token },
    });
    expect(replay.status).toBe(403);
  });
});
