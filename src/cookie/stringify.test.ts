import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCookie } from './parse.js';
import { stringifyCookie } from './stringify.js';

describe('stringifyCookie', () => {
  it.each([
    ['one cookie', { a: 'b' }, 'a=b'],
    ['several cookies in insertion order', { b: '2', a: '1' }, 'b=2; a=1'],
    ['undefined values skipped', { a: undefined, b: '2', c: undefined }, 'b=2'],
    ['an empty object', {}, ''],
    ['encoded values', { a: 'x y;z', b: 'é' }, 'a=x%20y%3Bz; b=%C3%A9'],
    ['an empty value', { a: '' }, 'a='],
  ])('writes %s', (_what, cookies, expected) => {
    expect(stringifyCookie(cookies)).toBe(expected);
  });

  it.each([
    ['a name with a space', { 'a b': 'c' }, {}, 'ERR_COOKIE_NAME'],
    ['a name with "="', { 'a=b': 'c' }, {}, 'ERR_COOKIE_NAME'],
    ['an empty name', { '': 'c' }, {}, 'ERR_COOKIE_NAME'],
    ['an encoder returning ";"', { a: 'c' }, { encode: () => 'x;y' }, 'ERR_COOKIE_VALUE'],
    ['a value that is not a string', { a: 1 as unknown as string }, {}, 'ERR_COOKIE_VALUE'],
  ])('throws for %s', (_what, cookies, options, code) => {
    expect(() => stringifyCookie(cookies, options)).toThrow(expect.objectContaining({ code }));
  });

  it('uses own enumerable entries only', () => {
    const cookies = Object.assign(Object.create({ inherited: 'x' }) as Record<string, string>, {
      own: 'y',
    });
    expect(stringifyCookie(cookies)).toBe('own=y');
  });

  it('ignores an inherited encode option', () => {
    const options = Object.create({ encode: () => 'polluted' }) as {
      encode?: (value: string) => string;
    };
    expect(stringifyCookie({ a: 'b c' }, options)).toBe('a=b%20c');
  });

  it('round-trips through parseCookie', () => {
    const name = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,10}$/);
    fc.assert(
      fc.property(
        fc.dictionary(name, fc.string({ unit: 'grapheme', maxLength: 20 })),
        (cookies) => {
          expect({ ...parseCookie(stringifyCookie(cookies)) }).toEqual(cookies);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
