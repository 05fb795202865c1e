import { decodeCookieValue } from './codec.js';
import { trimmedSlice } from './grammar.js';
import type { Cookies, ParseOptions } from './types.js';

/**
 * An object without a prototype that V8 still creates with a fast, class-like shape
 * (the jshttp/cookie `NullObject` technique): a cookie named `__proto__`, `constructor`
 * or `hasOwnProperty` is an ordinary key (OWASP ASVS 5.0 15.3.6, checklist CP-03).
 */
const NullObject = /* @__PURE__ */ (() => {
  const Cookies = function () {
    // Instances get their (empty, prototype-free) prototype below.
  } as unknown as new () => Cookies;
  Cookies.prototype = Object.create(null) as object;
  return Cookies;
})();

/** The caller's `decode`, read from own properties only (checklist SC-06), if any. */
function customDecoder(
  options: ParseOptions | undefined,
): ((value: string) => string | undefined) | undefined {
  return options !== undefined && Object.hasOwn(options, 'decode') ? options.decode : undefined;
}

/**
 * Parses a `Cookie` request header (RFC 6265bis §4.2.1, §5.8.3) into an object that inherits
 * nothing (its prototype is an empty object without a prototype), like jshttp/cookie's
 * `parseCookie`:
 *
 * - pairs are split on `;` (never on `,`), a name from its value at the first `=`;
 * - only SP and HTAB around names and values are trimmed, so `"\u00a0__Host-sid"` stays a
 *   different cookie from `__Host-sid` (CVE-2026-39410, checklist CP-01);
 * - the first of several cookies with the same name wins, matching the order user agents
 *   send them in (§5.8.3, checklist CP-02); {@link getAllCookies} returns all of them;
 * - pairs without a name or without `=` are ignored (§5.7 steps 2 and 22, checklist CP-08);
 * - names are case-sensitive; double quotes stay part of the value (§4.1.1, checklist CP-05);
 * - values go through `decode`, by default percent-decoding that never throws (CP-04).
 *
 * Never throws, and runs in time linear in the header's length (checklist CP-07). Several
 * `Cookie` header fields can be joined with `"; "` first (§4.2.1, as Node does).
 */
export function parseCookie(header: string, options?: ParseOptions): Cookies {
  const cookies = new NullObject();
  const length = header.length;
  // The shortest cookie is a one-character name and "=".
  if (length < 2) return cookies;
  const decode = customDecoder(options);
  let index = 0;
  // The next "=" and "%" at or after `index`, searched again only once passed: headers full
  // of pairs without "=" stay linear, and a header without "%" is searched for it only once.
  // The first "%" is looked for at the first value, not before the loop: a search up front
  // let V8 compile the loop into a quadratic one after some warm-ups (test "stays linear").
  let eq = -1;
  let percent = decode === undefined ? 0 : -1;
  while (index < length) {
    let end = header.indexOf(';', index);
    if (end === -1) end = length;
    if (eq < index) {
      eq = header.indexOf('=', index);
      if (eq === -1) break;
    }
    if (eq < end) {
      const name = trimmedSlice(header, index, eq);
      if (name !== '' && cookies[name] === undefined) {
        const value = trimmedSlice(header, eq + 1, end);
        if (decode !== undefined) {
          cookies[name] = decode(value);
        } else {
          if (percent !== -1 && percent <= eq) percent = header.indexOf('%', eq + 1);
          cookies[name] = percent !== -1 && percent < end ? decodeCookieValue(value) : value;
        }
      }
    }
    index = end + 1;
  }
  return cookies;
}

/**
 * Every value sent for cookie `name` in a `Cookie` header, in header order, decoded like
 * {@link parseCookie} (whose result for `name` is the first defined entry here). A browser
 * sends several cookies with one name when they differ in `Path` or `Domain`; a sibling
 * subdomain can plant such a shadow cookie (RFC 6265bis §8.6), and this lets a caller notice
 * (checklist CP-02). Names match exactly and case-sensitively. Never throws; linear.
 */
export function getAllCookies(header: string, name: string, options?: ParseOptions): string[] {
  const values: string[] = [];
  const length = header.length;
  if (name === '') return values;
  const decode = customDecoder(options) ?? decodeCookieValue;
  let index = 0;
  let eq = -1;
  while (index < length) {
    let end = header.indexOf(';', index);
    if (end === -1) end = length;
    if (eq < index) {
      eq = header.indexOf('=', index);
      if (eq === -1) break;
    }
    if (eq < end && trimmedSlice(header, index, eq) === name) {
      const value = decode(trimmedSlice(header, eq + 1, end));
      if (value !== undefined) values.push(value);
    }
    index = end + 1;
  }
  return values;
}
