import { describe, expect, it } from 'vitest';
import { createSessionManager, StoreError, type SessionStore } from '../session/index.js';
import { withSessions } from './fetch.js';

const secrets = ['a-test-secret-of-at-least-32-bytes-0001'];
const manager = createSessionManager<{ count: number }>({ secrets });

/** A store whose every call fails as a backend outage does. */
const downStore = new Proxy({} as SessionStore, {
  get: () => () => Promise.reject(new StoreError('down')),
});

describe('fetch withSessions', () => {
  it('appends the session cookie after the handler’s own', async () => {
    const handler = withSessions(manager, async (_request, { session }) => {
      await session.set('count', 1);
      const response = new Response('ok');
      response.headers.append('set-cookie', 'theme=dark');
      return response;
    });
    const response = await handler(new Request('http://localhost/'));
    expect(response.headers.getSetCookie()).toEqual([
      'theme=dark',
      expect.stringMatching(/^__Host-sid=v1\./),
    ]);
  });

  it.each([
    ['adds Vary and Cache-Control', {}, 'Cookie', 'private, no-store'],
    ['extends the handler’s Vary', { vary: 'Accept' }, 'Accept, Cookie', 'private, no-store'],
    ['keeps a Vary that already names Cookie', { vary: 'cookie' }, 'cookie', 'private, no-store'],
    ['keeps Vary: *', { vary: '*' }, '*', 'private, no-store'],
    ['keeps the handler’s Cache-Control', { 'cache-control': 'no-cache' }, 'Cookie', 'no-cache'],
  ])('%s', async (_name, headers: Record<string, string>, vary, cacheControl) => {
    const handler = withSessions(manager, async (_request, { session }) => {
      await session.get('count');
      return new Response('ok', { headers });
    });
    const response = await handler(new Request('http://localhost/'));
    expect([response.headers.get('vary'), response.headers.get('cache-control')]).toEqual([
      vary,
      cacheControl,
    ]);
  });

  it('returns an untouched response as it is', async () => {
    const original = new Response('ok');
    const response = await withSessions(manager, () => original)(new Request('http://localhost/'));
    expect(response).toBe(original);
  });

  it('copies a response whose headers are immutable', async () => {
    const handler = withSessions(manager, async (_request, { session }) => {
      await session.set('count', 1);
      return Response.redirect('http://localhost/next', 303);
    });
    const response = await handler(new Request('http://localhost/'));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('http://localhost/next');
    expect(response.headers.getSetCookie()).toHaveLength(1);
  });

  it('answers 503 when the store is down', async () => {
    const failing = createSessionManager({ store: downStore });
    const handler = withSessions(failing, async (_request, { session }) => {
      await session.get('count');
      return new Response('never');
    });
    const response = await handler(
      new Request('http://localhost/', { headers: { cookie: `__Host-sid=${'A'.repeat(43)}` } }),
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ detail: 'Session store unavailable' });
  });

  it('lets other handler errors through', async () => {
    const handler = withSessions(manager, () => {
      throw new RangeError('bug');
    });
    await expect(handler(new Request('http://localhost/'))).rejects.toThrow(RangeError);
  });
});
