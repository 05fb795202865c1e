import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCookieValue, encodeCookieValue } from './codec.js';
import { CookieError } from './errors.js';
import { isCookieValue } from './grammar.js';

/** The reference behaviour: decodeURIComponent, or the raw value where it throws. */
const reference = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

describe('decodeCookieValue', () => {
  it.each([
    ['a value without escapes', 'abc', 'abc'],
    ['ASCII escapes in any case', '%3d%3D%2f%2F', '==//'],
    ['an escaped percent sign', '100%25', '100%'],
    ['escapes between text', 'a%20b%20c', 'a b c'],
    ['UTF-8 escapes', '%E2%82%AC%20%C3%A9', '€ é'],
    ['ASCII then UTF-8 escapes', '%20%C3%A9', ' é'],
    ['a lone "%"', '%', '%'],
    ['"%" and one digit', 'a%4', 'a%4'],
    ['a non-hex digit', '%4g', '%4g'],
    ['a non-hex first digit', '%g4', '%g4'],
    ['a later malformed escape', '%41%zz', '%41%zz'],
    ['a truncated UTF-8 sequence', '%E0%A4%A', '%E0%A4%A'],
    ['an invalid UTF-8 byte', '%FF', '%FF'],
    ['an escaped NUL', '%00', '\u0000'],
  ])('decodes %s', (_what, value, expected) => {
    expect(decodeCookieValue(value)).toBe(expected);
    expect(decodeCookieValue(value)).toBe(reference(value));
  });

  it('matches decodeURIComponent-or-raw on arbitrary escapes', () => {
    const part = fc.oneof(
      fc.string({ maxLength: 3 }),
      fc.integer({ min: 0, max: 255 }).map((byte) => '%' + byte.toString(16).padStart(2, '0')),
      fc.constantFrom('%', '%4', '%G0', '%e2%82%ac', '%C3'),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), (parts) => {
        const value = parts.join('');
        expect(decodeCookieValue(value)).toBe(reference(value));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('encodeCookieValue', () => {
  it.each([
    ['base64url and dots', 'eyJpZCI6NDJ9.TgPVoQ_-', 'eyJpZCI6NDJ9.TgPVoQ_-'],
    ['every cookie-octet but "%"', "!#$&'()*+-./:<=>?@[]^_`{|}~", "!#$&'()*+-./:<=>?@[]^_`{|}~"],
    ['space, comma, semicolon', 'a b,c;d', 'a%20b%2Cc%3Bd'],
    ['DQUOTE and backslash', '"a\\b"', '%22a%5Cb%22'],
    ['a percent sign, so decoding round-trips', '100%', '100%25'],
    ['non-ASCII', 'é€😀', '%C3%A9%E2%82%AC%F0%9F%98%80'],
    ['CTLs', '\u0000\u007f', '%00%7F'],
    ['the empty string', '', ''],
  ])('encodes %s', (_what, value, expected) => {
    expect(encodeCookieValue(value)).toBe(expected);
  });

  it('throws ERR_COOKIE_VALUE for a lone surrogate', () => {
    expect(() => encodeCookieValue('a\ud800')).toThrow(CookieError);
    expect(() => encodeCookieValue('a\ud800')).toThrow(
      expect.objectContaining({ code: 'ERR_COOKIE_VALUE' }),
    );
  });

  it('always yields a cookie-value that decodes back to the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        const encoded = encodeCookieValue(value);
        expect(isCookieValue(encoded)).toBe(true);
        expect(decodeCookieValue(encoded)).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });
});
