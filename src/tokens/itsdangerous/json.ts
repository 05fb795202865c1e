/**
 * The two JSON dialects itsdangerous tokens carry, so that a value signed on either side
 * is byte for byte the same:
 *
 * - {@link compactJson}: `_CompactJSON` of the URL-safe serializers, `json.dumps(v,
 *   separators=(",", ":"), ensure_ascii=False)`: `JSON.stringify` output, with numbers
 *   respelled where the two languages differ (`1e-05` for `0.00001`).
 * - {@link pythonJson}: Python's `json.dumps(v)` with its defaults, used by the plain
 *   `Serializer`, `TimedSerializer` and Starlette's session cookie: `", "` and `": "`
 *   separators, every character outside printable ASCII escaped as `\uXXXX`.
 *
 * Both print what `JSON.stringify` would (same `toJSON`, same skipped `undefined`
 * members, `NaN` → `null`); only the spelling differs. A JavaScript number does not
 * remember whether Python had an `int` or a `float`: integral numbers print as Python
 * ints (`1`, where a Python float prints `1.0`), the others as Python's `repr(float)`.
 */

/** A pluggable text serializer, the shape of Python's `json` module. */
export interface TextSerializer {
  dumps(value: unknown): string;
  loads(text: string): unknown;
}

/**
 * Deeper payloads are refused before parsing, so that code walking the result cannot
 * overflow its stack (OWASP ASVS 5.0 1.5.2). Python's own `json` stops near 1000.
 */
export const MAX_JSON_DEPTH = 512;

const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function tooDeep(text: string): boolean {
  // A nesting depth of d needs at least 2d characters.
  if (text.length <= 2 * MAX_JSON_DEPTH) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (code === CLOSE_BRACKET || code === CLOSE_BRACE) depth--;
  }
  return false;
}

/**
 * `JSON.parse` with a depth limit. A `__proto__` key becomes an own property, never a
 * prototype; callers must still never merge the result onto live objects (ASVS 15.3.6).
 */
export function parseJson(text: string): unknown {
  if (tooDeep(text)) throw new RangeError(`JSON nested deeper than ${MAX_JSON_DEPTH} levels.`);
  return JSON.parse(text) as unknown;
}

function stringify(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) throw new TypeError('The value has no JSON representation.');
  return text;
}

/** Python's `repr(float)`: exponent form below 1e-4, the shortest round-trip digits. */
function pythonNumber(token: string): string {
  const value = Number(token);
  if (Number.isInteger(value)) {
    return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
  }
  if (Math.abs(value) >= 1e-4) return String(value);
  // Below 1e-4 the exponent is negative: "1.5e-7" becomes "1.5e-07".
  const text = value.toExponential();
  const e = text.indexOf('e');
  return `${text.slice(0, e)}e-${text.slice(e + 2).padStart(2, '0')}`;
}

const NUMBER_CHAR = /[\d.eE+-]/;
// Only these spellings differ from Python's: exponents, and small fractions.
const JS_ONLY_NUMBER = /\de|\.0000/;

/**
 * Respells compact `JSON.stringify` output the way Python's `json.dumps` prints it:
 * numbers always; separators and non-ASCII escapes too when `ascii` (the defaults).
 */
function respell(compact: string, ascii: boolean): string {
  let out = '';
  let i = 0;
  while (i < compact.length) {
    const code = compact.charCodeAt(i);
    if (code === QUOTE) {
      let j = i + 1;
      for (let c = compact.charCodeAt(j); c !== QUOTE; c = compact.charCodeAt(++j)) {
        if (c === BACKSLASH) j++;
      }
      out += ascii ? escapeNonAscii(compact.slice(i, j + 1)) : compact.slice(i, j + 1);
      i = j + 1;
    } else if (code === 0x2d || (code >= 0x30 && code <= 0x39)) {
      let j = i + 1;
      while (NUMBER_CHAR.test(compact.charAt(j))) j++;
      out += pythonNumber(compact.slice(i, j));
      i = j;
    } else {
      out += ascii && code === 0x2c ? ', ' : ascii && code === 0x3a ? ': ' : compact.charAt(i);
      i++;
    }
  }
  return out;
}

// Python's ensure_ascii escapes everything outside printable ASCII, DEL included.
const NON_ASCII = /[^\x20-\x7e]/g;

function escapeNonAscii(quoted: string): string {
  return quoted.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Python's `json.dumps(value)` with default arguments (`ensure_ascii=True`). */
export function pythonJsonDumps(value: unknown): string {
  return respell(stringify(value), true);
}

/** Python's `json.dumps(value, separators=(",", ":"), ensure_ascii=False)`. */
export function compactJsonDumps(value: unknown): string {
  const text = stringify(value);
  return JS_ONLY_NUMBER.test(text) ? respell(text, false) : text;
}

/** `_CompactJSON`: the URL-safe serializers' JSON. */
export const compactJson: TextSerializer = { dumps: compactJsonDumps, loads: parseJson };

/** Python's `json` module with default arguments: the plain serializers' JSON. */
export const pythonJson: TextSerializer = { dumps: pythonJsonDumps, loads: parseJson };
