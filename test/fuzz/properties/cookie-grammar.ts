/**
 * Arbitraries for the cookie grammar of RFC 6265bis §4.1.1 and RFC 9110 §5.6.2, written from
 * the RFCs rather than from src/cookie/grammar.ts so that the properties check the code against
 * the standard: every valid name, value and attribute, and pieces that break exactly one rule.
 */
import fc from 'fast-check';
import { MAX_AGE_SECONDS } from '../../../src/cookie/limits.js';
import type { Priority, SameSite, SetCookie } from '../../../src/cookie/types.js';
import { wellFormedText } from './property.js';

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** RFC 9110 §5.6.2: `tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA`. */
const TCHARS = Array.from("!#$%&'*+-.^_`|~" + DIGITS + LETTERS);

/** Characters outside tchar: CTLs, SP, DEL, the RFC 9110 delimiters, and non-ASCII. */
export const NON_TCHARS = [
  ...Array.from({ length: 0x21 }, (_, code) => String.fromCharCode(code)),
  '\u007f',
  ...Array.from('"(),/:;<=>?@[\\]{}'),
  '\u0080',
  '\u00a0',
  '\u00e9',
  '\u2028',
  '\ufeff',
  '\ud800',
  '\u{1f36a}',
];

/** RFC 6265bis §4.1.1 `av-octet = %x20-3A / %x3C-7E`. */
export const AV_OCTETS = Array.from({ length: 0x7f - 0x20 }, (_, i) =>
  String.fromCharCode(0x20 + i),
).filter((char) => char !== ';');

/** Cookie names: any RFC 9110 token, with the prefixes and prototype names mixed in. */
export const cookieName = fc.oneof(
  fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength: 24 }),
  fc
    .tuple(
      fc.constantFrom(
        '__Secure-',
        '__Host-',
        '__Http-',
        '__Host-Http-',
        '__SECURE-',
        '__host-',
        '__proto__',
        'constructor',
      ),
      fc.string({ unit: fc.constantFrom(...TCHARS), maxLength: 8 }),
    )
    .map(([prefix, rest]) => prefix + rest),
);

/** A name with a character outside tchar, an empty one, or not a string at all. */
export const badCookieName = fc.oneof(
  fc.constant(''),
  fc
    .tuple(cookieName, fc.constantFrom(...NON_TCHARS), fc.nat())
    .map(
      ([name, char, at]) =>
        name.slice(0, at % (name.length + 1)) + char + name.slice(at % (name.length + 1)),
    ),
  fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.object()),
);

const letDig = fc.constantFrom(...Array.from(LETTERS + DIGITS));
/** An RFC 1034/1123 label: 1–63 letters, digits and inner hyphens. */
const label = fc.oneof(
  letDig,
  fc
    .tuple(
      letDig,
      fc.string({ unit: fc.constantFrom(...Array.from(LETTERS + DIGITS + '-')), maxLength: 61 }),
      letDig,
    )
    .map(([first, middle, last]) => first + middle + last),
);
/** RFC 6265bis §4.1.2.3 domain-value, with the optional leading dot user agents ignore. */
export const domain = fc
  .tuple(fc.boolean(), fc.array(label, { minLength: 1, maxLength: 4 }))
  .map(([dot, labels]) => (dot ? '.' : '') + labels.join('.'));

/**
 * RFC 6265bis §4.1.2.4 path-value starting with "/" (§5.6.4), not ending in SP, which user
 * agents would trim (§5.6).
 */
export const path = fc
  .string({ unit: fc.constantFrom(...AV_OCTETS), maxLength: 40 })
  .map((rest) => '/' + rest.replace(/ +$/, ''));

/** Dates an IMF-fixdate can carry (RFC 6265bis §5.1.1: years 1601–9999), in whole seconds. */
export const expires = fc
  .date({
    min: new Date('1601-01-01T00:00:00Z'),
    max: new Date('9999-12-31T23:59:59Z'),
    noInvalidDate: true,
  })
  .map((date) => new Date(Math.floor(date.getTime() / 1000) * 1000));

const anyCase = (words: readonly string[]): fc.Arbitrary<string> =>
  fc.constantFrom(
    ...words.flatMap((word) => [word, word.toUpperCase(), word[0]!.toUpperCase() + word.slice(1)]),
  );

export const sameSite = anyCase(['strict', 'lax', 'none']);
export const priority = anyCase(['low', 'medium', 'high']);

const optional = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arbitrary, { nil: undefined });

/** The fields of `stringifySetCookie`'s object form, untyped as JavaScript callers may pass them. */
export type Init = Record<string, unknown> & { name: unknown };

/** Makes an init satisfy the cross-attribute rules: prefixes, `SameSite=None` and `Partitioned` need `Secure`. */
export function satisfyRules(init: Init): Init {
  const fixed = { ...init };
  const head = typeof fixed.name === 'string' ? fixed.name.toLowerCase() : '';
  const host = head.startsWith('__host-');
  const http = head.startsWith('__http-') || head.startsWith('__host-http-');
  if (host || http || head.startsWith('__secure-')) fixed['secure'] = true;
  if (http) fixed['httpOnly'] = true;
  if (host) {
    fixed['path'] = '/';
    delete fixed['domain'];
  }
  if (fixed['partitioned'] === true || String(fixed['sameSite']).toLowerCase() === 'none') {
    fixed['secure'] = true;
  }
  return fixed;
}

/** Any valid cookie: every attribute present or absent, in any combination the rules allow. */
export const validInit: fc.Arbitrary<Init> = fc
  .record({
    name: cookieName,
    value: optional(wellFormedText),
    maxAge: optional(fc.integer({ min: 0, max: MAX_AGE_SECONDS })),
    domain: optional(domain),
    path: optional(path),
    expires: optional(expires),
    httpOnly: fc.boolean(),
    secure: fc.boolean(),
    partitioned: fc.boolean(),
    sameSite: optional(sameSite),
    priority: optional(priority),
  })
  .map(satisfyRules);

/** What `parseSetCookie` must read back from a valid cookie's line (RFC 6265bis §5.6). */
export function expectedParse(init: Init): SetCookie {
  const expected: SetCookie = {
    name: init.name as string,
    value: (init['value'] as string | undefined) ?? '',
  };
  if (init['maxAge'] !== undefined) expected.maxAge = init['maxAge'] as number;
  if (init['domain'] !== undefined)
    expected.domain = (init['domain'] as string).replace(/^\./, '').toLowerCase();
  if (init['path'] !== undefined) expected.path = init['path'] as string;
  if (init['expires'] !== undefined) expected.expires = init['expires'] as Date;
  if (init['httpOnly'] === true) expected.httpOnly = true;
  if (init['secure'] === true) expected.secure = true;
  if (init['partitioned'] === true) expected.partitioned = true;
  if (init['sameSite'] !== undefined)
    expected.sameSite = (init['sameSite'] as string).toLowerCase() as SameSite;
  if (init['priority'] !== undefined)
    expected.priority = (init['priority'] as string).toLowerCase() as Priority;
  return expected;
}

export const insertAt = (text: string, char: string, at: number): string => {
  const index = at % (text.length + 1);
  return text.slice(0, index) + char + text.slice(index);
};

/** A string with a lone surrogate, which has no UTF-8 encoding. */
export const illFormedText = fc
  .tuple(wellFormedText, fc.integer({ min: 0xd800, max: 0xdfff }), fc.nat())
  .map(([text, code, at]) => insertAt(text, String.fromCharCode(code), at));

export const notWord =
  (words: readonly string[]) =>
  (value: unknown): boolean =>
    typeof value !== 'string' || !words.includes(value.toLowerCase());
