/**
 * Character classes of the cookie grammar.
 *
 * Short strings (names, paths, domains) are checked by a `charCodeAt` loop over a 128-entry
 * table, one bit per class; code units ≥ 0x80 belong to no class. Values, which can be
 * kilobytes long, are checked by a regular expression made of one anchored character class:
 * it cannot backtrack, and V8 scans it about twice as fast as the loop (bench/cookie.bench.ts).
 */

/**
 * RFC 6265bis §4.1.1:
 * ```
 * cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
 *              ; US-ASCII characters excluding CTLs, whitespace,
 *              ; DQUOTE, comma, semicolon, and backslash
 * ```
 */
const COOKIE_OCTETS = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;

/** The same in double quotes, which then belong to the value. */
const QUOTED_COOKIE_OCTETS = /^"[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*"$/;

/**
 * The cookie-octets the default encoder emits as they are: all but `%`, which it encodes so
 * that decoding the result gives back the original string.
 */
const VERBATIM_OCTETS = /^[\x21\x23\x24\x26-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;

/**
 * RFC 9110 §5.6.2 (cookie-name = token, RFC 6265bis §4.1.1):
 * ```
 * token = 1*tchar
 * tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
 *         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
 * ```
 */
const TCHAR = 1;

/**
 * RFC 6265bis §4.1.1:
 * ```
 * path-value = *av-octet
 * av-octet   = %x20-3A / %x3C-7E ; any CHAR except CTLs or ";"
 * ```
 */
const PATH_OCTET = 2;

/**
 * RFC 1034 §3.5 as amended by RFC 1123 §2.1 (domain-value = subdomain, RFC 6265bis §4.1.1):
 * ```
 * let-dig-hyp = let-dig / "-"
 * let-dig     = ALPHA / DIGIT
 * ```
 */
const LET_DIG = 4;

const TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

function classesOf(code: number): number {
  const letDig =
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a);
  const tchar = letDig || TCHAR_SYMBOLS.includes(String.fromCharCode(code));
  const pathOctet = (code >= 0x20 && code <= 0x3a) || (code >= 0x3c && code <= 0x7e);
  return (tchar ? TCHAR : 0) | (pathOctet ? PATH_OCTET : 0) | (letDig ? LET_DIG : 0);
}

/** Indexed by char code; a code unit ≥ 0x80 reads as `undefined`, in no class. */
const TABLE = Uint8Array.from({ length: 128 }, (_, code) => classesOf(code));

function every(text: string, from: number, to: number, flag: number): boolean {
  for (let i = from; i < to; i++) {
    if (((TABLE[text.charCodeAt(i)] ?? 0) & flag) === 0) return false;
  }
  return true;
}

/** True when `name` is an RFC 9110 token, the only cookie-name RFC 6265bis §4.1.1 allows. */
export function isCookieName(name: string): boolean {
  return name.length > 0 && every(name, 0, name.length, TCHAR);
}

/**
 * True when `value` is an RFC 6265bis §4.1.1 cookie-value: cookie-octets, optionally wrapped
 * in one pair of double quotes (which then belong to the value).
 */
export function isCookieValue(value: string): boolean {
  return COOKIE_OCTETS.test(value) || QUOTED_COOKIE_OCTETS.test(value);
}

/** True when the default encoder can emit `value` unchanged (cookie-octets other than `%`). */
export function isVerbatimValue(value: string): boolean {
  return VERBATIM_OCTETS.test(value);
}

/**
 * True when `path` is an RFC 6265bis §4.1.1 path-value that starts with `/` (§5.6.4) and does
 * not end in SP: user agents trim it from attribute values (§5.6), so `Path=/a ` would be
 * stored as `/a`, another path than the one asked for.
 */
export function isPathValue(path: string): boolean {
  return (
    path.charCodeAt(0) === 0x2f &&
    path.charCodeAt(path.length - 1) !== 0x20 &&
    every(path, 1, path.length, PATH_OCTET)
  );
}

/**
 * True when `domain` is an RFC 6265bis §4.1.1 domain-value: dot-separated LDH labels of
 * 1–63 characters that neither start nor end with a hyphen (RFC 1123 §2.1 allows a leading
 * digit), with at most one leading dot, which user agents ignore (§5.6.3). A trailing dot
 * would make user agents ignore the attribute, so it is refused too.
 */
export function isDomainValue(domain: string): boolean {
  const length = domain.length;
  let i = domain.charCodeAt(0) === 0x2e ? 1 : 0;
  let labelStart = i;
  let previous = 0x2e;
  for (; i < length; i++) {
    const code = domain.charCodeAt(i);
    if (code === 0x2e) {
      // An empty label or one ending in a hyphen.
      if (previous === 0x2e || previous === 0x2d) return false;
      labelStart = i + 1;
    } else if (code === 0x2d) {
      if (previous === 0x2e) return false;
    } else if (((TABLE[code] ?? 0) & LET_DIG) === 0) {
      return false;
    }
    if (i - labelStart >= 63) return false;
    previous = code;
  }
  // Also refuses "", ".", a trailing dot and a trailing hyphen.
  return previous !== 0x2e && previous !== 0x2d;
}

/** True for SP and HTAB, the only whitespace RFC 6265bis §5.6 and §5.8.3 trim (WSP). */
function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * `text.slice(start, end)` without leading and trailing SP/HTAB. Never `String#trim()`,
 * which also strips U+00A0 and other Unicode spaces that browsers keep in a cookie name
 * (CVE-2026-39410).
 */
export function trimmedSlice(text: string, start: number, end: number): string {
  while (start < end && isWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}
