import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as cookie2 from 'cookie';
import { MAX_RATIO, scalingRatio } from '../../test/fuzz/properties/linearity.js';
import { getAllCookies, parseCookie } from './parse.js';

describe('parseCookie', () => {
  it.each([
    ['one cookie', 'foo=bar', { foo: 'bar' }],
    ['several cookies', 'foo=bar; baz=qux', { foo: 'bar', baz: 'qux' }],
    ['no space after ;', 'a=1;b=2;c=3', { a: '1', b: '2', c: '3' }],
    ['SP and HTAB around names and values', ' a =\t1\t; b= 2 ', { a: '1', b: '2' }],
    ['an empty value', 'a=; b=2', { a: '', b: '2' }],
    ['"=" inside a value', 'token=abc==; b=x=y', { token: 'abc==', b: 'x=y' }],
    ['double quotes kept (RFC 6265bis §4.1.1)', 'a="b c"; d=""', { a: '"b c"', d: '""' }],
    ['percent-decoding', 'a=%20b%3D; b=%E2%82%AC', { a: ' b=', b: '€' }],
    [
      'a malformed escape kept raw',
      'a=%; b=%zz; c=%E0%A4%A; d=%C3',
      { a: '%', b: '%zz', c: '%E0%A4%A', d: '%C3' },
    ],
    ['a "%" in a name not decoded', 'a%20b=c; d=e%21', { 'a%20b': 'c', d: 'e!' }],
    [
      'escapes in an earlier name before a plain value',
      'x%41=1; y=2; z=%41',
      { 'x%41': '1', y: '2', z: 'A' },
    ],
    ['case-sensitive names', 'sid=1; SID=2; Sid=3', { sid: '1', SID: '2', Sid: '3' }],
    ['first duplicate wins', 'a=1; a=2; a=3', { a: '1' }],
    ['comma is no separator', 'a=1,b=2', { a: '1,b=2' }],
    ['a one-character header', 'a', {}],
    ['a pair without "=" then a pair', 'flag; a=1', { a: '1' }],
    ['pairs without "=" at the end', 'a=1; flag; other', { a: '1' }],
    ['a nameless pair', '=x; = y; a=1', { a: '1' }],
    ['a whitespace-only name', ' \t=x; a=1', { a: '1' }],
  ])('parses %s', (_what, header, expected) => {
    expect({ ...parseCookie(header) }).toEqual(expected);
  });

  it('returns an object that inherits nothing, where prototype names are plain keys', () => {
    const cookies = parseCookie('__proto__=a; constructor=b; toString=c');
    expect(Object.entries(cookies)).toEqual([
      ['__proto__', 'a'],
      ['constructor', 'b'],
      ['toString', 'c'],
    ]);
    expect('hasOwnProperty' in parseCookie('x=1')).toBe(false);
    expect(({} as Record<string, unknown>)['a']).toBeUndefined();
  });

  it('uses a custom decode, and a cookie it maps to undefined yields to a later one', () => {
    const decode = (value: string): string | undefined =>
      value.startsWith('!') ? undefined : value.toUpperCase();
    expect({ ...parseCookie('a=!bad; a=good; b=%41', { decode }) }).toEqual({
      a: 'GOOD',
      b: '%41',
    });
  });

  it('passes a custom decode every value, escapes or not', () => {
    const seen: string[] = [];
    parseCookie('a=1; b=%41', { decode: (value) => (seen.push(value), value) });
    expect(seen).toEqual(['1', '%41']);
  });

  it('ignores an inherited decode option (checklist SC-06)', () => {
    const options = Object.create({ decode: () => 'polluted' }) as {
      decode?: (value: string) => string;
    };
    expect(parseCookie('a=%41', options)['a']).toBe('A');
    expect(parseCookie('a=%41', { decode: undefined })['a']).toBe('A');
  });

  describe('agrees with jshttp/cookie v2', () => {
    // cookie@2 keeps nameless pairs under the key ""; RFC 6265bis §5.7 step 2 drops them.
    const reference = (header: string): Record<string, string | undefined> =>
      Object.fromEntries(
        Object.entries(cookie2.parseCookie(header)).filter(([name]) => name !== ''),
      );
    const headerChars = fc.constantFrom(
      ...'ab=; \t%20"é\u00a0,='.split(''),
      '%',
      '%4',
      '%C3%A9',
      'sid',
      '__Host-',
    );

    it('on arbitrary headers made of cookie syntax', () => {
      fc.assert(
        fc.property(
          fc.array(headerChars, { maxLength: 40 }).map((parts) => parts.join('')),
          (header) => {
            expect({ ...parseCookie(header) }).toEqual(reference(header));
          },
        ),
        { numRuns: 2000 },
      );
    });

    it('on arbitrary strings', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (header) => {
          expect({ ...parseCookie(header) }).toEqual(reference(header));
        }),
        { numRuns: 1000 },
      );
    });
  });
});

describe('getAllCookies', () => {
  it.each([
    ['every duplicate in header order', 'sid=a; x=1; sid=b; sid=c', 'sid', ['a', 'b', 'c']],
    ['nothing for an absent name', 'a=1', 'sid', []],
    ['nothing for the empty name', '=x; a=1', '', []],
    ['exact, case-sensitive matches only', 'SID=1; sid=2; sid2=3; \u00a0sid=4', 'sid', ['2']],
    ['decoded values', 'a=%41; a=%zz; a=', 'a', ['A', '%zz', '']],
    ['names after pairs without "="', 'flag; a=1; other; a=2', 'a', ['1', '2']],
    ['nothing once no "=" is left', 'a=1; b; c', 'b', []],
  ])('returns %s', (_what, header, name, expected) => {
    expect(getAllCookies(header, name)).toEqual(expected);
  });

  it('skips values a custom decode maps to undefined', () => {
    const decode = (value: string): string | undefined => (value === 'skip' ? undefined : value);
    expect(getAllCookies('a=1; a=skip; a=2', 'a', { decode })).toEqual(['1', '2']);
  });

  it('agrees with parseCookie on the first value of every name (checklist CP-02)', () => {
    const header = fc.array(
      fc.constantFrom('a=1', 'a=2', 'b=', ' a = 3 ', 'a', '=a', 'b=%41', 'c=%zz'),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(header, (pairs) => {
        const joined = pairs.join(';');
        const parsed = parseCookie(joined);
        for (const name of ['a', 'b', 'c'])
          expect(getAllCookies(joined, name)[0]).toBe(parsed[name]);
      }),
    );
  });
});

describe('robustness (checklist CP-07)', () => {
  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme-composite', maxLength: 300 }),
        fc.string(),
        (header, name) => {
          parseCookie(header);
          getAllCookies(header, name);
        },
      ),
    );
  });

  /** Milliseconds for the fastest of five runs, to damp a noisy machine. */
  const time = (run: () => unknown): number => {
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      run();
      best = Math.min(best, performance.now() - start);
    }
    return best;
  };

  it.each([
    ['semicolons', (n: number) => ';'.repeat(n)],
    // Names cycle through 100: past about 1000 keys V8's objects slow down on their own.
    ['pairs', (n: number) => Array.from({ length: n / 8 }, (_, i) => `a${i % 100}=1`).join('; ')],
    ['one long value', (n: number) => 'a=' + 'x'.repeat(n)],
    ['pairs without "=" before one "="', (n: number) => 'x;'.repeat(n / 2) + 'a=1'],
    ['"=" without ";"', (n: number) => '='.repeat(n)],
    ['names without values', (n: number) => 'ab'.repeat(n / 2)],
    ['percent signs', (n: number) => 'a=' + '%'.repeat(n)],
  ])('parses %s in linear time', (name, build) => {
    // 16 KiB against 256 KiB, retried on a busy machine: linear ≈ 16, quadratic ≈ 256.
    expect(scalingRatio({ name, parse: parseCookie, build }, 16_384)).toBeLessThan(MAX_RATIO);
    expect(time(() => getAllCookies(build(1_000_000), 'a'))).toBeLessThan(1000);
  });

  it('stays linear after V8 optimised it on other shapes first', () => {
    // This warm-up once left the up-front `indexOf('%')` making every later parse quadratic.
    const semicolons = ';'.repeat(1000);
    for (let i = 0; i < 200_000; i++) parseCookie(semicolons);
    const distinct = Array.from({ length: 2000 }, (_, i) => `a${i}=1`).join('; ');
    for (let i = 0; i < 50; i++) parseCookie(distinct);
    const build = (n: number): string => 'x;'.repeat(n / 2) + 'a=1';
    expect(scalingRatio({ name: 'after warm-up', parse: parseCookie, build }, 16_384)).toBeLessThan(
      MAX_RATIO,
    );
  });

  it('parses ";" × 1e6, 10 000 pairs and a 1 MiB value in well under a second each', () => {
    const pairs = Array.from({ length: 10_000 }, (_, i) => `a${i}=1`).join('; ');
    expect(time(() => parseCookie(';'.repeat(1e6)))).toBeLessThan(1000);
    expect(Object.keys(parseCookie(pairs))).toHaveLength(10_000);
    expect(time(() => parseCookie(pairs))).toBeLessThan(1000);
    expect(time(() => parseCookie('a=' + 'x'.repeat(1 << 20)))).toBeLessThan(1000);
  });
});
