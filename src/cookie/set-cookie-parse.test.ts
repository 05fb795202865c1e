import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RATIO, scalingRatio } from '../../test/fuzz/properties/linearity.js';
import { parseSetCookie } from './set-cookie-parse.js';
import type { SetCookie } from './types.js';

describe('parseSetCookie (RFC 6265bis §5.6)', () => {
  it.each<[string, string, SetCookie]>([
    ['a bare pair', 'sid=abc', { name: 'sid', value: 'abc' }],
    ['a trailing ";"', 'sid=abc;', { name: 'sid', value: 'abc' }],
    [
      'a pair without "=" as a nameless value',
      'noequals; Path=/',
      { name: '', value: 'noequals', path: '/' },
    ],
    ['"=" inside the value', 'a=b=c; Path=/', { name: 'a', value: 'b=c', path: '/' }],
    ['a "=" only in an attribute', 'plain; Max-Age=5', { name: '', value: 'plain', maxAge: 5 }],
    ['trimmed SP and HTAB', ' a \t= b ;\tPath = /x ', { name: 'a', value: 'b', path: '/x' }],
    ['percent-decoding of the value', 'a=%20b%C3%A9', { name: 'a', value: ' bé' }],
    ['double quotes kept', 'a="b c"', { name: 'a', value: '"b c"' }],
    [
      'every attribute in canonical spelling',
      'a=b; Max-Age=60; Domain=example.com; Path=/app; Expires=Sun, 06 Nov 1994 08:49:37 GMT; HttpOnly; Secure; Partitioned; Priority=High; SameSite=None',
      {
        name: 'a',
        value: 'b',
        maxAge: 60,
        domain: 'example.com',
        path: '/app',
        expires: new Date('1994-11-06T08:49:37Z'),
        httpOnly: true,
        secure: true,
        partitioned: true,
        priority: 'high',
        sameSite: 'none',
      },
    ],
    [
      'attribute names in any case',
      'a=b; max-age=1; DOMAIN=x.org; pAtH=/; HTTPONLY; secure; PARTITIONED; priority=LOW; samesite=STRICT',
      {
        name: 'a',
        value: 'b',
        maxAge: 1,
        domain: 'x.org',
        path: '/',
        httpOnly: true,
        secure: true,
        partitioned: true,
        priority: 'low',
        sameSite: 'strict',
      },
    ],
    [
      'flags with a value',
      'a=b; Secure=no; HttpOnly=0',
      { name: 'a', value: 'b', secure: true, httpOnly: true },
    ],
    [
      'a leading dot and upper case in Domain',
      'a=b; Domain=.Example.COM',
      { name: 'a', value: 'b', domain: 'example.com' },
    ],
    ['negative and zero Max-Age', 'a=b; Max-Age=-5', { name: 'a', value: 'b', maxAge: -5 }],
    ['"-0" as zero', 'a=b; Max-Age=-0', { name: 'a', value: 'b', maxAge: 0 }],
    [
      'Max-Age clamped to 400 days',
      'a=b; Max-Age=99999999999999999999',
      { name: 'a', value: 'b', maxAge: 34_560_000 },
    ],
    [
      'the last valid attribute winning',
      'a=b; Path=/1; Path=/2; Max-Age=1; Max-Age=x',
      { name: 'a', value: 'b', path: '/2', maxAge: 1 },
    ],
    ['unknown attributes ignored', 'a=b; Version=1; Comment=hi; Foo', { name: 'a', value: 'b' }],
    [
      'invalid values ignored',
      'a=b; Max-Age=1e3; Max-Age=-; Max-Age=; Expires=garbage; Domain=; Path=relative; Path=; SameSite=weird; SameSite=; Priority=urgent; Priority=',
      { name: 'a', value: 'b' },
    ],
    [
      'a value-less Domain or SameSite ignored',
      'a=b; Domain; SameSite; Max-Age',
      { name: 'a', value: 'b' },
    ],
    [
      'an attribute value over 1024 octets ignored',
      `a=b; Path=/${'x'.repeat(1024)}`,
      { name: 'a', value: 'b' },
    ],
    [
      'an attribute value of 1024 octets kept',
      `a=b; Path=/${'x'.repeat(1023)}`,
      { name: 'a', value: 'b', path: `/${'x'.repeat(1023)}` },
    ],
    ['multi-byte octets counted', `a=b; Path=/${'é'.repeat(512)}`, { name: 'a', value: 'b' }],
    [
      'a wide but short value kept',
      `a=b; Path=/${'é'.repeat(400)}`,
      { name: 'a', value: 'b', path: `/${'é'.repeat(400)}` },
    ],
    ['empty segments', 'a=b;;; ;Secure', { name: 'a', value: 'b', secure: true }],
    ['the empty string', '', { name: '', value: '' }],
  ])('reads %s', (_what, line, expected) => {
    expect(parseSetCookie(line)).toEqual(expected);
  });

  it('uses a custom decode, read from own properties only', () => {
    expect(parseSetCookie('a=%41', { decode: (value) => `<${value}>` }).value).toBe('<%41>');
    const inherited = Object.create({ decode: () => 'polluted' }) as {
      decode?: (value: string) => string;
    };
    expect(parseSetCookie('a=%41', inherited).value).toBe('A');
    expect(parseSetCookie('a=%41', { decode: undefined }).value).toBe('A');
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (line) => {
        expect(typeof parseSetCookie(line).name).toBe('string');
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['attributes', (n: number) => 'a=b' + '; x'.repeat(n / 3)],
    ['semicolons', (n: number) => ';'.repeat(n)],
    ['"=" in attributes', (n: number) => 'a=b;' + 'x='.repeat(n / 2)],
    ['attributes without "=" before one with', (n: number) => 'a;' + 'x;'.repeat(n / 2) + 'Path=/'],
    ['whitespace', (n: number) => 'a=b;' + ' '.repeat(n) + 'Secure'],
  ])('parses %s in linear time', (name, build) => {
    // 16 KiB against 256 KiB, retried on a busy machine: linear ≈ 16, quadratic ≈ 256.
    expect(scalingRatio({ name, parse: parseSetCookie, build }, 16_384)).toBeLessThan(MAX_RATIO);
  });
});
