import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isCookieName,
  isCookieValue,
  isDomainValue,
  isPathValue,
  trimmedSlice,
} from './grammar.js';

/** RFC 9110 §5.6.2 tchar, spelled out independently of the implementation's table. */
const TCHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

describe('isCookieName (RFC 9110 token)', () => {
  it.each(['sid', '__Host-sid', 'a', TCHARS, '$Version', 'x.y_z'])('accepts %j', (name) => {
    expect(isCookieName(name)).toBe(true);
  });

  it.each([
    '',
    'a b',
    'a=b',
    'a;b',
    'a,b',
    'a"b',
    'a\\b',
    'a/b',
    'a:b',
    'a(b)',
    'a\tb',
    'a\u007fb',
    'caf\u00e9',
    '\u00a0a',
  ])('refuses %j', (name) => {
    expect(isCookieName(name)).toBe(false);
  });

  it('accepts a name if and only if every character is a tchar', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (name) => {
        let allTchar = name.length > 0;
        for (let i = 0; i < name.length; i++) allTchar &&= TCHARS.includes(name.charAt(i));
        expect(isCookieName(name)).toBe(allTchar);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('isCookieValue (RFC 6265bis cookie-value)', () => {
  it.each(['', 'abc', '""', '"abc"', 'a=b', "!#$%&'()*+-./:<=>?@[]^_`{|}~", 'eyJpZCI6NDJ9.TgPVoQ'])(
    'accepts %j',
    (value) => {
      expect(isCookieValue(value)).toBe(true);
    },
  );

  it.each([
    'a b',
    'a,b',
    'a;b',
    'a\\b',
    'a"b',
    '"',
    '"a',
    'a"',
    '"a"b"',
    'caf\u00e9',
    'a\u0000',
    'a\u007f',
    '"a b"',
  ])('refuses %j', (value) => {
    expect(isCookieValue(value)).toBe(false);
  });
});

describe('isPathValue (RFC 6265bis path-value)', () => {
  it.each(['/', '/app', '/a b/c=d?e:f', '/~user/%20'])('accepts %j', (path) => {
    expect(isPathValue(path)).toBe(true);
  });

  // '/a ': user agents trim trailing spaces from attribute values (RFC 6265bis §5.6).
  it.each(['', 'relative', '/a;b', '/a\nb', '/a\u007f', '/\u00e9', ' /', '/a '])(
    'refuses %j',
    (path) => {
      expect(isPathValue(path)).toBe(false);
    },
  );
});

describe('isDomainValue (RFC 1034/1123 subdomain)', () => {
  it.each([
    'example.com',
    '.example.com',
    'a.b.c.example.co.uk',
    'EXAMPLE.COM',
    'xn--bcher-kva.example',
    '3com.com',
    '127.0.0.1',
    'localhost',
    'a-b.c--d.e',
    'a'.repeat(63) + '.com',
  ])('accepts %j', (domain) => {
    expect(isDomainValue(domain)).toBe(true);
  });

  it.each([
    '',
    '.',
    '..example.com',
    'example.com.',
    'domain..com',
    '-bad.com',
    'bad-.com',
    'example.-com',
    'example.com-',
    'exa mple.com',
    'example.com;',
    'b\u00fccher.example',
    'under_score.com',
    'a'.repeat(64) + '.com',
    'example.' + 'a'.repeat(64),
  ])('refuses %j', (domain) => {
    expect(isDomainValue(domain)).toBe(false);
  });
});

describe('trimmedSlice', () => {
  it.each([
    ['SP and HTAB', ' \t a b \t ', 'a b'],
    ['nothing else', '\u00a0a\u00a0', '\u00a0a\u00a0'],
    ['everything when blank', ' \t ', ''],
  ])('trims %s only', (_what, text, expected) => {
    expect(trimmedSlice(text, 0, text.length)).toBe(expected);
  });
});
