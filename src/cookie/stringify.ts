import { encodeCookieValue } from './codec.js';
import { CookieError } from './errors.js';
import { isCookieName, isCookieValue } from './grammar.js';
import type { Cookies, StringifyOptions } from './types.js';

/** The `encode` option read from own properties only (checklist SC-06). */
export function encoderOf(
  options: StringifyOptions | undefined,
): ((value: string) => string) | undefined {
  return options !== undefined && Object.hasOwn(options, 'encode') ? options.encode : undefined;
}

/**
 * Encodes one cookie-value: with the default encoder, whose output is always valid; with a
 * custom one, whose output is checked against the cookie-value grammar of RFC 6265bis §4.1.1.
 */
export function encodeValue(
  value: unknown,
  encode: ((value: string) => string) | undefined,
): string {
  if (value === undefined) return '';
  if (typeof value !== 'string')
    throw new CookieError('ERR_COOKIE_VALUE', 'Cookie value must be a string.');
  if (encode === undefined) return encodeCookieValue(value);
  const encoded = encode(value);
  if (typeof encoded !== 'string' || !isCookieValue(encoded)) {
    throw new CookieError(
      'ERR_COOKIE_VALUE',
      'Encoded cookie value is not an RFC 6265bis cookie-value.',
    );
  }
  return encoded;
}

/**
 * Serializes cookies into a `Cookie` request header (`name=value; name2=value2`, RFC 6265bis
 * §4.2.1), like jshttp/cookie's `stringifyCookie`: own enumerable entries in insertion
 * order, `undefined` values skipped.
 *
 * @throws {CookieError} `ERR_COOKIE_NAME` when a name is not an RFC 9110 token;
 *   `ERR_COOKIE_VALUE` when an encoded value is not a cookie-value.
 */
export function stringifyCookie(cookies: Cookies, options?: StringifyOptions): string {
  const encode = encoderOf(options);
  let header = '';
  for (const name of Object.keys(cookies)) {
    const value = cookies[name];
    if (value === undefined) continue;
    if (!isCookieName(name))
      throw new CookieError('ERR_COOKIE_NAME', 'Cookie name is not an RFC 9110 token.');
    if (header !== '') header += '; ';
    header += name + '=' + encodeValue(value, encode);
  }
  return header;
}
