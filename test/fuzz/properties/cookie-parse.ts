/**
 * Properties of the cookie parsers (RFC 6265bis §5.6, §5.8.3; security.md CP-01…CP-08): they
 * never throw on any input, return only own data on objects that inherit nothing, and agree
 * with a plain reading of the RFC written here independently.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeCookieValue, encodeCookieValue } from '../../../src/cookie/codec.js';
import { CookieError } from '../../../src/cookie/errors.js';
import { isCookieValue } from '../../../src/cookie/grammar.js';
import { MAX_AGE_SECONDS } from '../../../src/cookie/limits.js';
import { getAllCookies, parseCookie } from '../../../src/cookie/parse.js';
import { parseSetCookie } from '../../../src/cookie/set-cookie-parse.js';
import {
  assertThrowsCode,
  codeUnit,
  latin1Char,
  propertyCase,
  wellFormedText,
  type PropertyCase,
} from './property.js';

/** The characters the cookie grammar turns on, and names that collide with `Object.prototype`. */
const grammarPiece = fc.constantFrom(
  ';',
  '=',
  ' ',
  '\t',
  '%',
  '"',
  ',',
  '\\',
  '\u00a0',
  '\ufeff',
  'a',
  'b',
  '_',
  '%2',
  '%41',
  '%E0',
  '%C3%A9',
  '__proto__',
  'constructor',
  'toString',
  '__Host-sid',
);

/**
 * Header text of every kind: whole code points, any UTF-16 units (lone surrogates), Latin-1
 * with controls (what Node hands over for raw bytes), and dense mixes of the grammar's own
 * characters.
 */
export const anyHeader = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: codeUnit, maxLength: 200 }),
  fc.string({ unit: latin1Char, maxLength: 200 }),
  fc.string({ unit: grammarPiece, maxLength: 60 }),
);

// With the `u` flag a surrogate pair is one code point, so this matches lone surrogates only.
const LONE_SURROGATE = /\p{Cs}/u;

const isWsp = (char: string): boolean => char === ' ' || char === '\t';

/** SP/HTAB trimmed, and nothing else (RFC 6265bis §5.6, CVE-2026-39410). */
function trimWsp(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWsp(text.charAt(start))) start++;
  while (end > start && isWsp(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}

/** Every named pair of a Cookie header in order, values decoded: the RFC read plainly. */
function referencePairs(header: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    const name = trimWsp(pair.slice(0, eq));
    if (name !== '') pairs.push([name, decodeCookieValue(trimWsp(pair.slice(eq + 1)))]);
  }
  return pairs;
}

/** Asserts that nothing is inherited: no prototype in the chain has a key or is `Object.prototype`. */
function assertInheritsNothing(cookies: object): void {
  for (let proto: unknown = Object.getPrototypeOf(cookies); proto !== null;) {
    assert.notEqual(proto, Object.prototype);
    assert.deepEqual(Reflect.ownKeys(proto as object), []);
    proto = Object.getPrototypeOf(proto);
  }
  for (const key in cookies) assert.ok(Object.hasOwn(cookies, key), `inherited key ${key}`);
  assert.deepEqual(Object.getOwnPropertySymbols(cookies), []);
}

const decodeUriOrRaw = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

const SET_COOKIE_KEYS = new Set([
  'name',
  'value',
  'maxAge',
  'expires',
  'domain',
  'path',
  'secure',
  'httpOnly',
  'sameSite',
  'partitioned',
  'priority',
]);

/** The properties of `parseCookie`, `getAllCookies`, `parseSetCookie` and the codec. */
export const cookieParseProperties: readonly PropertyCase[] = [
  propertyCase(
    'parseCookie never throws and returns own string values on an object that inherits nothing',
    400,
    fc.property(anyHeader, (header) => {
      const cookies = parseCookie(header);
      assertInheritsNothing(cookies);
      for (const name of Object.keys(cookies)) {
        assert.equal(typeof cookies[name], 'string');
        assert.ok(name !== '' && trimWsp(name) === name && !/[;=]/.test(name), name);
      }
    }),
  ),
  propertyCase(
    'parseCookie agrees with the RFC 6265bis read plainly: split on ";", first "=", SP/HTAB trimmed, first name wins',
    400,
    fc.property(anyHeader, (header) => {
      const expected = new Map<string, string>();
      for (const [name, value] of referencePairs(header)) {
        if (!expected.has(name)) expected.set(name, value);
      }
      assert.deepEqual(new Map(Object.entries(parseCookie(header))), expected);
    }),
  ),
  propertyCase(
    'getAllCookies lists every value of a name in order, the first being what parseCookie returns',
    300,
    fc.property(
      anyHeader,
      fc.oneof(fc.string(), fc.constantFrom('a', '__proto__')),
      (header, other) => {
        const names = [other, ...Object.keys(parseCookie(header))];
        for (const name of names) {
          const all = getAllCookies(header, name);
          const expected = referencePairs(header)
            .filter(([key]) => key === name)
            .map(([, value]) => value);
          assert.deepEqual(all, expected);
          assert.equal(parseCookie(header)[name], all[0]);
        }
      },
    ),
  ),
  propertyCase(
    'parseSetCookie never throws and returns only well-typed, normalized attributes',
    400,
    fc.property(anyHeader, (header) => {
      const cookie = parseSetCookie(header);
      for (const key of Object.keys(cookie)) assert.ok(SET_COOKIE_KEYS.has(key), key);
      assert.equal(typeof cookie.name, 'string');
      assert.equal(typeof cookie.value, 'string');
      const { maxAge, expires, domain, path, sameSite, priority } = cookie;
      if (maxAge !== undefined)
        assert.ok(Number.isSafeInteger(maxAge) && maxAge <= MAX_AGE_SECONDS);
      if (expires !== undefined) assert.ok(expires.getUTCFullYear() >= 1601, String(expires));
      if (domain !== undefined)
        assert.ok(domain === domain.toLowerCase() && !domain.startsWith('.'));
      if (path !== undefined) assert.ok(path.startsWith('/'));
      if (sameSite !== undefined) assert.ok(['strict', 'lax', 'none'].includes(sameSite));
      if (priority !== undefined) assert.ok(['low', 'medium', 'high'].includes(priority));
      for (const flag of [cookie.secure, cookie.httpOnly, cookie.partitioned]) {
        assert.ok(flag === undefined || flag);
      }
    }),
  ),
  propertyCase(
    'decodeCookieValue never throws: decodeURIComponent where that succeeds, else the raw value',
    400,
    fc.property(anyHeader, (value) => {
      assert.equal(decodeCookieValue(value), decodeUriOrRaw(value));
    }),
  ),
  propertyCase(
    'encodeCookieValue gives a cookie-value that decodes back, and refuses lone surrogates with ERR_COOKIE_VALUE',
    400,
    fc.property(fc.oneof(wellFormedText, fc.string({ unit: codeUnit, maxLength: 64 })), (value) => {
      if (LONE_SURROGATE.test(value)) {
        assertThrowsCode(() => encodeCookieValue(value), CookieError, 'ERR_COOKIE_VALUE');
        return;
      }
      const encoded = encodeCookieValue(value);
      assert.ok(isCookieValue(encoded) && !encoded.startsWith('"'), encoded);
      assert.equal(decodeCookieValue(encoded), value);
    }),
  ),
];
