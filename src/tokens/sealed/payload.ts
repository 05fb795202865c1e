/**
 * The sealed plaintext: the expiry as 8 big-endian bytes of milliseconds since the Unix
 * epoch, then the value's UTF-8 JSON. Milliseconds match `Date.now()` and the injected
 * clock, so expiry needs no rounding.
 */
import { SealError } from './errors.js';

/** Bytes of the big-endian expiry that opens the plaintext. */
export const EXPIRY_BYTES = 8;

/** The largest instant a `Date` holds (ECMA-262 §21.4.1.22), in ms. */
const MAX_DATE_MS = 8.64e15;

/** Writes an expiry (ms since the epoch, a safe integer ≥ 0) as 8 big-endian bytes. */
export function writeExpiry(target: Buffer, offset: number, expiresAt: number): void {
  target.writeUInt32BE(Math.floor(expiresAt / 0x1_0000_0000), offset);
  target.writeUInt32BE(expiresAt % 0x1_0000_0000, offset + 4);
}

/** Reads the expiry, or `undefined` when no `Date` can hold it. */
export function readExpiry(source: Buffer, offset: number): number | undefined {
  const expiresAt = source.readUInt32BE(offset) * 0x1_0000_0000 + source.readUInt32BE(offset + 4);
  return expiresAt <= MAX_DATE_MS ? expiresAt : undefined;
}

const stringify: (value: unknown) => string | undefined = JSON.stringify;

/**
 * The value's JSON, or `ERR_SEAL_VALUE` for a value JSON cannot represent: `undefined`, a
 * function or a symbol, a BigInt, a cycle, or a `toJSON` that throws. Members JSON drops
 * (`undefined`, functions) are dropped here too, and dates become ISO strings.
 */
export function toJson(value: unknown): string {
  let json: string | undefined;
  try {
    json = stringify(value);
  } catch (cause) {
    throw new SealError('ERR_SEAL_VALUE', 'The value cannot be sealed: JSON.stringify failed.', {
      cause,
    });
  }
  if (json === undefined) {
    throw new SealError(
      'ERR_SEAL_VALUE',
      'The value cannot be sealed: it has no JSON form (undefined, a function or a symbol).',
    );
  }
  return json;
}

/**
 * Parses the JSON after the expiry. Authenticated bytes are ours, so a failure means a key
 * holder wrote something else: `ERR_SEAL_MALFORMED`. `JSON.parse` makes `__proto__` an own
 * data property, so no prototype is ever touched (OWASP ASVS 5.0 15.3.6).
 */
export function fromJson(plaintext: Buffer): unknown {
  try {
    return JSON.parse(plaintext.toString('utf8', EXPIRY_BYTES)) as unknown;
  } catch (cause) {
    throw new SealError('ERR_SEAL_MALFORMED', 'The sealed value is not valid JSON.', { cause });
  }
}
