import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TesseraError } from '../errors.js';
import { SECURE_COOKIE_DEFAULTS } from './defaults.js';
import { CookieError, type CookieErrorCode } from './errors.js';
import { parseSetCookie } from './set-cookie-parse.js';
import { expireSetCookie, stringifySetCookie } from './set-cookie-stringify.js';
import type { SetCookie, SetCookieInit } from './types.js';

/** Drops the compile-time prefix check, to test the run-time one. */
const unchecked = (cookie: SetCookieInit): SetCookieInit => cookie;

function codeOf(run: () => unknown): CookieErrorCode | 'no error' {
  try {
    run();
    return 'no error';
  } catch (error) {
    if (error instanceof CookieError) return error.code;
    throw error;
  }
}

describe('stringifySetCookie', () => {
  it.each<[string, SetCookieInit, string]>([
    ['a bare pair', { name: 'sid', value: 'abc' }, 'sid=abc'],
    ['an undefined value as empty', { name: 'sid', value: undefined }, 'sid='],
    [
      'every attribute in canonical order and casing',
      {
        name: 'sid',
        value: 'v',
        sameSite: 'none',
        priority: 'high',
        partitioned: true,
        secure: true,
        httpOnly: true,
        expires: new Date('2026-11-21T09:30:00Z'),
        path: '/app',
        domain: 'example.com',
        maxAge: 86400,
      },
      'sid=v; Max-Age=86400; Domain=example.com; Path=/app; Expires=Sat, 21 Nov 2026 09:30:00 GMT; HttpOnly; Secure; Partitioned; Priority=High; SameSite=None',
    ],
    ['Max-Age 0', { name: 'a', value: 'b', maxAge: 0 }, 'a=b; Max-Age=0'],
    ['Max-Age 400 days', { name: 'a', value: 'b', maxAge: 34_560_000 }, 'a=b; Max-Age=34560000'],
    ['Max-Age -0 as 0', { name: 'a', value: 'b', maxAge: -0 }, 'a=b; Max-Age=0'],
    [
      'a leading-dot Domain',
      { name: 'a', value: 'b', domain: '.example.com' },
      'a=b; Domain=.example.com',
    ],
    [
      'Expires in 1601',
      { name: 'a', value: 'b', expires: new Date('1601-01-01T00:00:00Z') },
      'a=b; Expires=Mon, 01 Jan 1601 00:00:00 GMT',
    ],
    [
      'Expires in 9999',
      { name: 'a', value: 'b', expires: new Date('9999-12-31T23:59:59Z') },
      'a=b; Expires=Fri, 31 Dec 9999 23:59:59 GMT',
    ],
    ['SameSite Lax', { name: 'a', value: 'b', sameSite: 'lax' }, 'a=b; SameSite=Lax'],
    [
      'SameSite Strict, capitalized',
      { name: 'a', value: 'b', sameSite: 'Strict' },
      'a=b; SameSite=Strict',
    ],
    ['SameSite upper case', { name: 'a', value: 'b', sameSite: 'LAX' }, 'a=b; SameSite=Lax'],
    [
      'SameSite Strict, upper case',
      { name: 'a', value: 'b', sameSite: 'STRICT' },
      'a=b; SameSite=Strict',
    ],
    [
      'SameSite in mixed case',
      { name: 'a', value: 'b', sameSite: 'sTrIcT' as 'strict' },
      'a=b; SameSite=Strict',
    ],
    [
      'SameSite None, capitalized',
      { name: 'a', value: 'b', secure: true, sameSite: 'None' },
      'a=b; Secure; SameSite=None',
    ],
    ['Priority Low', { name: 'a', value: 'b', priority: 'low' }, 'a=b; Priority=Low'],
    [
      'Priority Medium, upper case',
      { name: 'a', value: 'b', priority: 'MEDIUM' },
      'a=b; Priority=Medium',
    ],
    [
      'false flags left out',
      { name: 'a', value: 'b', secure: false, httpOnly: false, partitioned: false },
      'a=b',
    ],
    [
      'truthy flags from JavaScript callers',
      {
        name: 'a',
        value: 'b',
        secure: 1,
        httpOnly: 'yes',
        partitioned: {},
      } as unknown as SetCookieInit,
      'a=b; HttpOnly; Secure; Partitioned',
    ],
    [
      'undefined attributes left out',
      { name: 'a', value: 'b', maxAge: undefined, domain: undefined, sameSite: undefined },
      'a=b',
    ],
    [
      'a __Secure- cookie',
      { name: '__Secure-sid', value: 'v', secure: true },
      '__Secure-sid=v; Secure',
    ],
    [
      'a __Host- cookie',
      { name: '__Host-sid', value: 'v', secure: true, path: '/' },
      '__Host-sid=v; Path=/; Secure',
    ],
    [
      'a __Http- cookie',
      { name: '__Http-sid', value: 'v', secure: true, httpOnly: true },
      '__Http-sid=v; HttpOnly; Secure',
    ],
    ['a name that only starts with "__"', { name: '__session', value: 'v' }, '__session=v'],
    ['a name like a prefix without its dash', { name: '__Hostname', value: 'v' }, '__Hostname=v'],
  ])('writes %s', (_what, cookie, expected) => {
    expect(stringifySetCookie(cookie)).toBe(expected);
  });

  it('takes the three-argument form, with encode among the attributes', () => {
    expect(
      stringifySetCookie('sid', 'a b', { path: '/', encode: (value) => value.replace(' ', '_') }),
    ).toBe('sid=a_b; Path=/');
    expect(stringifySetCookie('sid', undefined)).toBe('sid=');
  });

  it('treats null options as none', () => {
    expect(stringifySetCookie({ name: 'a', value: 'b c' }, null as unknown as undefined)).toBe(
      'a=b%20c',
    );
  });

  it('accepts a custom encoder whose output is a cookie-value, quotes included', () => {
    expect(stringifySetCookie({ name: 'a', value: 'x' }, { encode: (value) => `"${value}"` })).toBe(
      'a="x"',
    );
    expect(stringifySetCookie({ name: 'a', value: 'é' }, { encode: undefined })).toBe('a=%C3%A9');
  });

  it.each<[string, () => unknown, CookieErrorCode]>([
    [
      'a name that is not a string',
      () => stringifySetCookie({ name: 42 as unknown as string, value: 'v' }),
      'ERR_COOKIE_NAME',
    ],
    [
      'a missing name',
      () => stringifySetCookie({ value: 'v' } as SetCookieInit),
      'ERR_COOKIE_NAME',
    ],
    [
      'a value that is not a string',
      () => stringifySetCookie({ name: 'a', value: 1 as unknown as string }),
      'ERR_COOKIE_VALUE',
    ],
    [
      'an encoder returning a space',
      () => stringifySetCookie({ name: 'a', value: 'x' }, { encode: () => 'a b' }),
      'ERR_COOKIE_VALUE',
    ],
    [
      'an encoder returning no string',
      () => stringifySetCookie({ name: 'a', value: 'x' }, { encode: () => 1 as unknown as string }),
      'ERR_COOKIE_VALUE',
    ],
    [
      'an encode option that is no function',
      () => stringifySetCookie('a', 'x', { encode: 'no' as unknown as () => string }),
      'ERR_COOKIE_VALUE',
    ],
    [
      'a domain that is not a string',
      () => stringifySetCookie({ name: 'a', value: 'b', domain: 1 as unknown as string }),
      'ERR_COOKIE_DOMAIN',
    ],
    [
      'an empty domain',
      () => stringifySetCookie({ name: 'a', value: 'b', domain: '' }),
      'ERR_COOKIE_DOMAIN',
    ],
    [
      'a domain over 1024 octets',
      () => stringifySetCookie({ name: 'a', value: 'b', domain: 'a.'.repeat(600) + 'com' }),
      'ERR_COOKIE_TOO_LARGE',
    ],
    [
      'an empty path',
      () => stringifySetCookie({ name: 'a', value: 'b', path: '' }),
      'ERR_COOKIE_PATH',
    ],
    [
      'an expiry that is no Date',
      () => stringifySetCookie({ name: 'a', value: 'b', expires: 0 as unknown as Date }),
      'ERR_COOKIE_EXPIRES',
    ],
    [
      'an expiry before 1601',
      () =>
        stringifySetCookie({ name: 'a', value: 'b', expires: new Date('1600-12-31T23:59:59Z') }),
      'ERR_COOKIE_EXPIRES',
    ],
    [
      'an expiry after 9999',
      () =>
        stringifySetCookie({ name: 'a', value: 'b', expires: new Date('+010000-01-01T00:00:00Z') }),
      'ERR_COOKIE_EXPIRES',
    ],
    [
      'a sameSite of false',
      () => stringifySetCookie({ name: 'a', value: 'b', sameSite: false as unknown as 'lax' }),
      'ERR_COOKIE_SAME_SITE',
    ],
    [
      'a priority that is not a string',
      () => stringifySetCookie({ name: 'a', value: 'b', priority: 1 as unknown as 'low' }),
      'ERR_COOKIE_PRIORITY',
    ],
    [
      'SameSite=None, capitalized, without Secure',
      () => stringifySetCookie({ name: 'a', value: 'b', sameSite: 'None' }),
      'ERR_COOKIE_SECURE_REQUIRED',
    ],
    [
      'a __secure- name in lower case',
      () => stringifySetCookie(unchecked({ name: '__secure-a', value: 'b' })),
      'ERR_COOKIE_PREFIX',
    ],
    [
      'a __Host- cookie without Path',
      () => stringifySetCookie(unchecked({ name: '__Host-a', value: 'b', secure: true })),
      'ERR_COOKIE_PREFIX',
    ],
    [
      'a __host-http- cookie without HttpOnly',
      () =>
        stringifySetCookie(
          unchecked({ name: '__host-http-a', value: 'b', secure: true, path: '/' }),
        ),
      'ERR_COOKIE_PREFIX',
    ],
    [
      'a __HTTP- cookie without Secure',
      () => stringifySetCookie(unchecked({ name: '__HTTP-a', value: 'b', httpOnly: true })),
      'ERR_COOKIE_PREFIX',
    ],
  ])('throws for %s', (_what, run, code) => {
    expect(codeOf(run)).toBe(code);
  });

  it('checks a Domain or Path again whenever it changes', () => {
    expect(
      stringifySetCookie({ name: 'a', value: 'b', domain: 'example.com', path: '/x' }),
    ).toContain('Domain=example.com; Path=/x');
    expect(
      codeOf(() => stringifySetCookie({ name: 'a', value: 'b', domain: 'exa mple.com' })),
    ).toBe('ERR_COOKIE_DOMAIN');
    expect(codeOf(() => stringifySetCookie({ name: 'a', value: 'b', path: '/;x' }))).toBe(
      'ERR_COOKIE_PATH',
    );
    expect(
      codeOf(() => stringifySetCookie({ name: 'a', value: 'b', domain: 'exa mple.com' })),
    ).toBe('ERR_COOKIE_DOMAIN');
    expect(
      stringifySetCookie({ name: 'a', value: 'b', domain: 'example.com', path: '/x' }),
    ).toContain('Domain=example.com; Path=/x');
  });

  it('throws a TesseraError whose message holds neither the name nor the value', () => {
    const secret = 'sekrit\u0000token';
    let caught: unknown;
    try {
      stringifySetCookie({ name: 'sid', value: secret }, { encode: (value) => value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TesseraError);
    expect(caught).toMatchObject({ name: 'CookieError', code: 'ERR_COOKIE_VALUE' });
    expect((caught as Error).message).not.toContain('sekrit');
    expect((caught as Error).message).not.toContain('sid');
  });

  describe('reads own properties only (checklist SC-06)', () => {
    it('ignores attributes inherited from another prototype', () => {
      const base = { domain: 'evil.example', secure: true, sameSite: 'none', maxAge: 1 };
      const cookie = Object.assign(Object.create(base) as SetCookieInit, {
        name: 'sid',
        value: 'v',
        path: '/',
      });
      expect(stringifySetCookie(cookie)).toBe('sid=v; Path=/');
      const attributes = Object.assign(
        Object.create({ encode: () => 'x', httpOnly: true }) as object,
        { path: '/' },
      );
      expect(stringifySetCookie('sid', 'a b', attributes)).toBe('sid=a%20b; Path=/');
      const named = Object.create({ name: 'inherited', value: 'v' }) as SetCookieInit;
      expect(codeOf(() => stringifySetCookie(named))).toBe('ERR_COOKIE_NAME');
    });

    it('reads an object without a prototype', () => {
      const cookie = Object.assign(Object.create(null) as SetCookieInit, {
        name: 'sid',
        value: 'v',
        httpOnly: true,
      });
      expect(stringifySetCookie(cookie)).toBe('sid=v; HttpOnly');
    });

    it('ignores a polluted Object.prototype, and the pollution is removed afterwards', () => {
      const prototype = Object.prototype as Record<string, unknown>;
      try {
        prototype['domain'] = 'evil.com';
        prototype['sameSite'] = 'None';
        prototype['name'] = 'hijacked';
        expect(stringifySetCookie({ name: 'sid', value: 'v', secure: true })).toBe('sid=v; Secure');
        expect(stringifySetCookie('sid', 'v', { httpOnly: true })).toBe('sid=v; HttpOnly');
        expect(expireSetCookie('sid')).toBe(
          'sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
        );
      } finally {
        delete prototype['domain'];
        delete prototype['sameSite'];
        delete prototype['name'];
      }
      expect(({} as Record<string, unknown>)['domain']).toBeUndefined();
    });
  });

  it('round-trips every valid cookie through parseSetCookie', () => {
    const tchar = fc.constantFrom(..."!#$%&'*+-.^_`|~09AZaz".split(''));
    const name = fc
      .array(tchar, { minLength: 1, maxLength: 12 })
      .map((chars) => chars.join(''))
      .filter((text) => !text.startsWith('__'));
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
    const domain = fc
      .array(label, { minLength: 1, maxLength: 4 })
      .map((labels) => labels.join('.'));
    const path = fc.stringMatching(/^\/[\x20-\x3a\x3c-\x7e]{0,20}$/).map((text) => text.trimEnd());
    const expires = fc
      .integer({ min: Date.UTC(1601, 0, 1) / 1000, max: Date.UTC(9999, 11, 31) / 1000 })
      .map((seconds) => new Date(seconds * 1000));
    const cookie = fc.record(
      {
        name,
        value: fc.string({ unit: 'grapheme', maxLength: 30 }),
        maxAge: fc.integer({ min: 0, max: 34_560_000 }),
        domain,
        path,
        expires,
        httpOnly: fc.constant(true),
        secure: fc.constant(true),
        partitioned: fc.constant(true),
        sameSite: fc.constantFrom('strict', 'lax', 'none'),
        priority: fc.constantFrom('low', 'medium', 'high'),
      },
      { requiredKeys: ['name', 'value'] },
    );
    fc.assert(
      fc.property(cookie, (input) => {
        const secure =
          input.secure === true || input.partitioned === true || input.sameSite === 'none';
        const valid: SetCookie = secure ? { ...input, secure } : input;
        // A trailing SP/HTAB in Path is trimmed by user agents, so it is not generated above.
        expect(parseSetCookie(stringifySetCookie(valid))).toEqual(valid);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('SECURE_COOKIE_DEFAULTS', () => {
  it('holds HttpOnly, Secure, SameSite=Lax and Path=/ and cannot be changed', () => {
    expect(stringifySetCookie({ ...SECURE_COOKIE_DEFAULTS, name: '__Host-sid', value: 'v' })).toBe(
      '__Host-sid=v; Path=/; HttpOnly; Secure; SameSite=Lax',
    );
    expect(Object.isFrozen(SECURE_COOKIE_DEFAULTS)).toBe(true);
  });

  it('is overridden by later spreads', () => {
    expect(
      stringifySetCookie({
        ...SECURE_COOKIE_DEFAULTS,
        name: 'sid',
        value: 'v',
        sameSite: 'strict',
        path: '/app',
      }),
    ).toBe('sid=v; Path=/app; HttpOnly; Secure; SameSite=Strict');
  });
});

describe('expireSetCookie (checklist SC-13)', () => {
  it.each<[string, string, Parameters<typeof expireSetCookie>[1], string]>([
    ['a plain cookie', 'sid', undefined, 'sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT'],
    [
      'a cookie set with Domain and Path',
      'sid',
      { domain: 'example.com', path: '/app' },
      'sid=; Max-Age=0; Domain=example.com; Path=/app; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    ],
    [
      'a partitioned cross-site cookie',
      'sid',
      { secure: true, sameSite: 'none', partitioned: true },
      'sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; Partitioned; SameSite=None',
    ],
    [
      'a __Host-Http- cookie',
      '__Host-Http-sid',
      { ...SECURE_COOKIE_DEFAULTS },
      '__Host-Http-sid=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax',
    ],
  ])('clears %s', (_what, name, attributes, expected) => {
    expect(expireSetCookie(name, attributes)).toBe(expected);
    const parsed = parseSetCookie(expected);
    expect(parsed).toMatchObject({ name, value: '', maxAge: 0, expires: new Date(0) });
  });

  it('ignores inherited attributes and attributes that do not select the cookie', () => {
    const attributes = Object.assign(Object.create({ domain: 'evil.example' }) as object, {
      path: '/',
      maxAge: 100,
      priority: 'high',
    });
    expect(expireSetCookie('sid', attributes)).toBe(
      'sid=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    );
  });

  it('refuses a clearing cookie that a browser would reject', () => {
    expect(codeOf(() => expireSetCookie('sid', { partitioned: true }))).toBe(
      'ERR_COOKIE_SECURE_REQUIRED',
    );
    expect(codeOf(() => expireSetCookie('bad name'))).toBe('ERR_COOKIE_NAME');
  });
});
