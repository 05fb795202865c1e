import { decodeCookieValue } from './codec.js';
import { parseCookieDate } from './cookie-date.js';
import { trimmedSlice } from './grammar.js';
import { MAX_AGE_SECONDS, MAX_ATTRIBUTE_OCTETS } from './limits.js';
import type { ParseOptions, SetCookie } from './types.js';

/** Octets of `value` in UTF-8, counted only when the UTF-16 length cannot rule out the limit. */
function exceedsAttributeLimit(value: string): boolean {
  // A UTF-16 code unit is at most 3 UTF-8 octets.
  return (
    value.length * 3 > MAX_ATTRIBUTE_OCTETS &&
    Buffer.byteLength(value, 'utf8') > MAX_ATTRIBUTE_OCTETS
  );
}

/** RFC 6265bis §5.6.2: `-`? DIGIT+, else the attribute is ignored. */
function parseMaxAge(value: string): number | undefined {
  const start = value.charCodeAt(0) === 0x2d ? 1 : 0;
  if (start === value.length) return undefined;
  for (let i = start; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return undefined;
  }
  // Clamp as user agents do; `|| 0` turns "-0" into 0.
  return Math.min(Number(value), MAX_AGE_SECONDS) || 0;
}

function applyAttribute(cookie: SetCookie, name: string, value: string | undefined): void {
  switch (name) {
    case 'secure':
      cookie.secure = true;
      return;
    case 'httponly':
      cookie.httpOnly = true;
      return;
    case 'partitioned':
      cookie.partitioned = true;
      return;
  }
  if (value === undefined || value === '' || exceedsAttributeLimit(value)) return;
  switch (name) {
    case 'max-age': {
      const maxAge = parseMaxAge(value);
      if (maxAge !== undefined) cookie.maxAge = maxAge;
      return;
    }
    case 'expires': {
      const expires = parseCookieDate(value);
      if (expires !== undefined) cookie.expires = expires;
      return;
    }
    case 'domain':
      cookie.domain = (value.charCodeAt(0) === 0x2e ? value.slice(1) : value).toLowerCase();
      return;
    case 'path':
      if (value.charCodeAt(0) === 0x2f) cookie.path = value;
      return;
    case 'samesite': {
      const sameSite = value.toLowerCase();
      if (sameSite === 'strict' || sameSite === 'lax' || sameSite === 'none')
        cookie.sameSite = sameSite;
      return;
    }
    case 'priority': {
      const priority = value.toLowerCase();
      if (priority === 'low' || priority === 'medium' || priority === 'high')
        cookie.priority = priority;
      return;
    }
  }
}

/**
 * Parses one `Set-Cookie` header line the way a user agent reads it (RFC 6265bis §5.6),
 * with jshttp/cookie's `parseSetCookie` call shape:
 *
 * - the name/value pair ends at the first `;` and splits at its first `=`; without `=` the
 *   name is empty and the whole pair is the value; SP/HTAB are trimmed; `decode` applies;
 * - attribute names are case-insensitive; unknown attributes, attributes with a value over
 *   1024 octets, and invalid `Max-Age`, `Expires`, `SameSite`, `Priority` or `Path` values
 *   are ignored; of repeated attributes the last valid one wins (§5.7);
 * - `Max-Age` is clamped to 400 days, `Expires` read with the cookie-date algorithm (§5.1.1),
 *   `Domain` loses a leading dot and is lower-cased (§5.6.3).
 *
 * It never throws and runs in linear time. It does not judge the cookie as a whole (for
 * instance whether a user agent would store it); {@link stringifySetCookie} does that when
 * the result is serialized again.
 */
export function parseSetCookie(header: string, options?: ParseOptions): SetCookie {
  const decode =
    options !== undefined && Object.hasOwn(options, 'decode') && options.decode !== undefined
      ? options.decode
      : decodeCookieValue;
  const length = header.length;
  let end = header.indexOf(';');
  if (end === -1) end = length;
  let eq = header.indexOf('=');
  const cookie: SetCookie =
    eq !== -1 && eq < end
      ? { name: trimmedSlice(header, 0, eq), value: decode(trimmedSlice(header, eq + 1, end)) }
      : { name: '', value: decode(trimmedSlice(header, 0, end)) };
  let index = end + 1;
  while (index < length) {
    end = header.indexOf(';', index);
    if (end === -1) end = length;
    // As in parseCookie: search for "=" again only once passed, to stay linear.
    if (eq !== -1 && eq < index) eq = header.indexOf('=', index);
    const hasValue = eq !== -1 && eq < end;
    const name = trimmedSlice(header, index, hasValue ? eq : end).toLowerCase();
    applyAttribute(cookie, name, hasValue ? trimmedSlice(header, eq + 1, end) : undefined);
    index = end + 1;
  }
  return cookie;
}
