/**
 * S8 Secure downgrade: a spoofed proxy header or a plain-HTTP deployment must never make the
 * session cookie lose `Secure` or its `__Host-` prefix, which is what keeps a network attacker
 * from reading or overwriting it (RFC 6265bis §4.1.3, checklist MW-02, SC-10, SC-12).
 * Tessera reads no proxy header at all: the test servers are plain HTTP on 127.0.0.1.
 */
import { describe, expect, it } from 'vitest';
import { parseSetCookie } from '../../src/cookie/index.js';
import { ConfigError } from '../../src/errors.js';
import { createSessionManager, type SessionCookieOptions } from '../../src/session/index.js';
import { MemoryStore } from '../../src/stores/memory.js';
import { describeMatrix, HEADER_BACKENDS, NAME, SECRET } from './harness.js';

const SPOOFED = {
  'x-forwarded-proto': 'http',
  'x-forwarded-ssl': 'off',
  forwarded: 'for=192.0.2.1;proto=http;host=evil.example',
  'x-forwarded-host': 'evil.example',
};

/** A Set-Cookie line without its value, to compare attributes. */
const attributesOf = (line: string): string => line.replace(/^([^=]+)=[^;]*/, '$1=');

describeMatrix('Secure downgrade', HEADER_BACKENDS, ({ it, setup, stateful }) => {
  it('spoofed X-Forwarded-Proto and Forwarded headers never drop Secure or the __Host- prefix', async () => {
    const world = await setup();
    const plain = world.browser();
    const spoofed = world.browser();
    const expected = [
      ...(await plain.browse('POST', '/login')).setCookies,
      ...(await plain.browse('POST', '/logout')).setCookies,
    ];
    const lines = [
      ...(await spoofed.browse('POST', '/login', { headers: SPOOFED })).setCookies,
      ...(await spoofed.browse('POST', '/logout', { headers: SPOOFED })).setCookies,
    ];
    expect(lines.map(attributesOf)).toEqual(expected.map(attributesOf));
    for (const line of lines)
      expect(parseSetCookie(line)).toMatchObject({ name: NAME, secure: true });
  });

  // The browser's headers alone decide this: one backend is enough.
  if (stateful) {
    it('forwarded host and scheme headers cannot make an attacker’s Origin pass as the application’s own', async () => {
      const world = await setup();
      const victim = world.browser();
      await victim.browse('POST', '/login');
      const { token } = (await victim.browse('GET', '/csrf/token')).body as { token: string };
      const forged = await victim.browse('POST', '/csrf/counter', {
        headers: { ...SPOOFED, origin: 'http://evil.example', 'x-csrf-token': token },
      });
      expect(forged).toMatchObject({ status: 403, body: { detail: 'Origin not allowed' } });
    });
  }
});

describe('Secure downgrade at start-up', () => {
  const refused: Array<[string, SessionCookieOptions]> = [
    ['the default __Host- name without Secure', { secure: false }],
    ['a __Secure- name without Secure', { name: '__Secure-sid', secure: false }],
    ['a __Host- name with a Domain', { domain: 'example.com' }],
    ['a __Host- name on a narrower Path', { path: '/app' }],
    ['SameSite=None without Secure', { name: 'sid', sameSite: 'none', secure: false }],
  ];
  const modes = [
    ['a store', () => ({ store: new MemoryStore({ sweepIntervalMs: 0 }) })],
    ['sealed cookies', () => ({ secrets: [SECRET] })],
  ] as const;
  for (const [mode, base] of modes) {
    it.each(refused)(
      `refuses %s with ${mode}: the cookie is never sent downgraded`,
      (_name, cookie) => {
        expect(() => createSessionManager({ ...base(), cookie })).toThrow(ConfigError);
      },
    );
  }
});
