/**
 * Serialize → parse round trips over the whole valid grammar of RFC 6265bis §4.1.1 (names,
 * values, every attribute and combination), and typed refusals of everything outside it: a
 * `CookieError` with the code of the rule broken, never another error.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CookieError, type CookieErrorCode } from '../../../src/cookie/errors.js';
import { MAX_AGE_SECONDS, MAX_ATTRIBUTE_OCTETS } from '../../../src/cookie/limits.js';
import { parseCookie } from '../../../src/cookie/parse.js';
import { parseSetCookie } from '../../../src/cookie/set-cookie-parse.js';
import { stringifySetCookie } from '../../../src/cookie/set-cookie-stringify.js';
import { stringifyCookie } from '../../../src/cookie/stringify.js';
import type { SetCookieInit } from '../../../src/cookie/types.js';
import {
  AV_OCTETS,
  NON_TCHARS,
  badCookieName,
  cookieName,
  domain,
  expectedParse,
  expires,
  illFormedText,
  insertAt,
  notWord,
  path,
  priority,
  sameSite,
  satisfyRules,
  validInit,
  type Init,
} from './cookie-grammar.js';
import {
  assertThrowsCode,
  codeUnit,
  propertyCase,
  wellFormedText,
  type PropertyCase,
} from './property.js';

/**
 * One field of a valid cookie made invalid, with the code the serializer must throw. Other
 * fields stay valid, and each rule is checked before any rule the change could break.
 */
const oneBadField: fc.Arbitrary<[Init, CookieErrorCode]> = fc.oneof(
  fc
    .tuple(validInit, badCookieName)
    .map(([init, name]): [Init, CookieErrorCode] => [{ ...init, name }, 'ERR_COOKIE_NAME']),
  fc
    .tuple(
      validInit,
      fc.oneof(illFormedText, fc.integer(), fc.boolean(), fc.constant(null), fc.object()),
    )
    .map(([init, value]): [Init, CookieErrorCode] => [{ ...init, value }, 'ERR_COOKIE_VALUE']),
  fc
    .tuple(validInit, fc.integer({ min: 0, max: 64 }))
    .map(([init, extra]): [Init, CookieErrorCode] => [
      { ...init, value: 'v'.repeat(4097 - String(init.name).length + extra) },
      'ERR_COOKIE_TOO_LARGE',
    ]),
  fc
    .tuple(
      validInit,
      fc.oneof(
        fc.double().filter((n) => !Number.isInteger(n) || n < 0 || n > MAX_AGE_SECONDS),
        fc.integer({ min: MAX_AGE_SECONDS + 1 }),
        fc.integer({ max: -1 }),
        fc.constantFrom('60', null, true, 10n),
      ),
    )
    .map(([init, maxAge]): [Init, CookieErrorCode] => [{ ...init, maxAge }, 'ERR_COOKIE_MAX_AGE']),
  fc
    .tuple(
      validInit,
      fc.oneof(
        fc
          .tuple(domain, fc.constantFrom(...NON_TCHARS, '_', '*', ';'), fc.nat())
          .map(([d, c, at]) => insertAt(d, c, at)),
        fc.constantFrom(
          '',
          '.',
          '..',
          'a..b',
          '-a.example',
          'a-.example',
          'a.example.',
          'a.-b',
          `${'a'.repeat(64)}.example`,
        ),
        fc.constantFrom(1, null, true),
      ),
    )
    .filter(([, bad]) => typeof bad !== 'string' || bad.length <= MAX_ATTRIBUTE_OCTETS)
    .map(([init, bad]): [Init, CookieErrorCode] => [{ ...init, domain: bad }, 'ERR_COOKIE_DOMAIN']),
  fc
    .tuple(
      validInit,
      fc.oneof(
        fc
          .string({ unit: fc.constantFrom(...AV_OCTETS), minLength: 1 })
          .filter((p) => !p.startsWith('/')),
        fc
          .tuple(
            path,
            fc.constantFrom(';', '\u0000', '\t', '\n', '\u007f', '\u00e9', '\ud800'),
            fc.nat(),
          )
          .map(([p, c, at]) => '/' + insertAt(p.slice(1), c, at)),
        path.map((p) => p + ' '),
        fc.constantFrom('', 1, null, true),
      ),
    )
    .map(([init, bad]): [Init, CookieErrorCode] => [{ ...init, path: bad }, 'ERR_COOKIE_PATH']),
  fc
    .tuple(
      validInit,
      fc.oneof(
        fc.constant(new Date(NaN)),
        fc.date({ max: new Date('1600-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.date({ min: new Date(Date.UTC(10_000, 0, 1)), noInvalidDate: true }),
        fc.constantFrom(0, '2030-01-01', null, true),
      ),
    )
    .map(([init, bad]): [Init, CookieErrorCode] => [
      { ...init, expires: bad },
      'ERR_COOKIE_EXPIRES',
    ]),
  fc
    .tuple(
      validInit,
      fc.oneof(fc.string(), fc.constantFrom(true, 1, null, 'lax ', 'Strict;x', 'none\r\n')),
    )
    .filter(([, bad]) => notWord(['strict', 'lax', 'none'])(bad))
    .map(([init, bad]): [Init, CookieErrorCode] => [
      { ...init, sameSite: bad },
      'ERR_COOKIE_SAME_SITE',
    ]),
  fc
    .tuple(validInit, fc.oneof(fc.string(), fc.constantFrom(true, 1, null, 'High;x')))
    .filter(([, bad]) => notWord(['low', 'medium', 'high'])(bad))
    .map(([init, bad]): [Init, CookieErrorCode] => [
      { ...init, priority: bad },
      'ERR_COOKIE_PRIORITY',
    ]),
  validInit.map((init): [Init, CookieErrorCode] => [
    { ...init, secure: false, partitioned: false, sameSite: 'None' },
    'ERR_COOKIE_SECURE_REQUIRED',
  ]),
  validInit.map((init): [Init, CookieErrorCode] => [
    { ...init, secure: false, partitioned: true },
    'ERR_COOKIE_SECURE_REQUIRED',
  ]),
  fc
    .tuple(validInit, fc.constantFrom('__Secure-', '__Host-', '__Http-', '__SECURE-', '__host-'))
    .map(([init, prefix]): [Init, CookieErrorCode] => [
      { ...init, name: prefix + 'x', secure: false, partitioned: false, sameSite: 'Lax' },
      'ERR_COOKIE_PREFIX',
    ]),
  fc
    .tuple(
      validInit,
      fc.oneof(
        domain.map((d) => ({ domain: d })),
        path.filter((p) => p !== '/').map((p) => ({ path: p })),
      ),
    )
    .map(([init, scope]): [Init, CookieErrorCode] => [
      { ...satisfyRules({ ...init, name: '__Host-x' }), ...scope },
      'ERR_COOKIE_PREFIX',
    ]),
);

/** `stringifySetCookie` as a JavaScript caller sees it: any object goes in. */
const serialize = (init: object): string => stringifySetCookie(init as unknown as SetCookieInit);

const COOKIE_ERROR_CODES: ReadonlySet<string> = new Set<CookieErrorCode>([
  'ERR_COOKIE_NAME',
  'ERR_COOKIE_VALUE',
  'ERR_COOKIE_DOMAIN',
  'ERR_COOKIE_PATH',
  'ERR_COOKIE_MAX_AGE',
  'ERR_COOKIE_EXPIRES',
  'ERR_COOKIE_SAME_SITE',
  'ERR_COOKIE_PRIORITY',
  'ERR_COOKIE_PREFIX',
  'ERR_COOKIE_SECURE_REQUIRED',
  'ERR_COOKIE_TOO_LARGE',
]);

/** Each field either valid or anything at all. */
const anyInit = fc.record(
  {
    name: fc.oneof(cookieName, fc.anything()),
    value: fc.oneof(wellFormedText, fc.string({ unit: codeUnit }), fc.anything()),
    maxAge: fc.oneof(fc.integer({ min: 0, max: MAX_AGE_SECONDS }), fc.anything()),
    domain: fc.oneof(domain, fc.anything()),
    path: fc.oneof(path, fc.anything()),
    expires: fc.oneof(expires, fc.date(), fc.anything()),
    httpOnly: fc.anything(),
    secure: fc.anything(),
    partitioned: fc.anything(),
    sameSite: fc.oneof(sameSite, fc.anything()),
    priority: fc.oneof(priority, fc.anything()),
  },
  { requiredKeys: ['name'] },
);

/** Serializer properties: `stringifyCookie`, `stringifySetCookie`, and their parsers. */
export const cookieSerializeProperties: readonly PropertyCase[] = [
  propertyCase(
    'stringifyCookie → parseCookie gives back every valid name and any well-formed value',
    300,
    fc.property(
      fc.uniqueArray(fc.tuple(cookieName, wellFormedText), {
        maxLength: 8,
        selector: ([name]) => name,
      }),
      (entries) => {
        const header = stringifyCookie(Object.fromEntries(entries));
        assert.deepEqual(new Map(Object.entries(parseCookie(header))), new Map(entries));
      },
    ),
  ),
  propertyCase(
    'stringifyCookie refuses a name outside the token grammar with ERR_COOKIE_NAME',
    200,
    fc.property(
      badCookieName.filter((name) => typeof name === 'string'),
      wellFormedText,
      (name, value) => {
        assertThrowsCode(
          () => stringifyCookie(Object.fromEntries([[name, value]])),
          CookieError,
          'ERR_COOKIE_NAME',
        );
      },
    ),
  ),
  propertyCase(
    'stringifySetCookie → parseSetCookie round-trips every valid name, value and attribute combination',
    400,
    fc.property(validInit, (init) => {
      const line = serialize(init);
      assert.deepStrictEqual(parseSetCookie(line), expectedParse(init));
    }),
  ),
  propertyCase(
    'stringifySetCookie refuses one invalid field with the CookieError code of the rule it breaks',
    400,
    fc.property(oneBadField, ([init, code]) => {
      assertThrowsCode(() => serialize(init), CookieError, code);
    }),
  ),
  propertyCase(
    'stringifySetCookie given anything returns a line parseSetCookie reads under the same name, or throws a CookieError',
    400,
    fc.property(anyInit, (init) => {
      let line: string;
      try {
        line = serialize(init);
      } catch (error) {
        assert.ok(error instanceof CookieError, `not a CookieError: ${String(error)}`);
        assert.ok(COOKIE_ERROR_CODES.has(error.code), error.code);
        return;
      }
      assert.equal(parseSetCookie(line).name, init.name);
      assert.ok(!/[\r\n\0]/.test(line), 'a control character reached the header');
    }),
  ),
];
