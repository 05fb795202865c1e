/**
 * Strict base64url (RFC 4648 §5, unpadded) shared by every token format.
 *
 * Decoding accepts only the canonical encoding: the URL-safe alphabet, no padding, no
 * whitespace, a length that is not 1 mod 4, and zero bits after the last byte. Node's own
 * decoder silently skips invalid characters and ignores trailing bits, so several strings
 * decode to the same bytes; a token format must not have that many spellings (a denylist
 * keyed on the token string could be bypassed by re-encoding it).
 */

const DECODE_TABLE = buildDecodeTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');

function buildDecodeTable(alphabet: string): Int8Array {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}

/** Encodes bytes as unpadded base64url. */
export function encodeBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Encodes a string's UTF-8 bytes as unpadded base64url. */
export function encodeBase64UrlText(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/**
 * Decodes canonical unpadded base64url, or returns `undefined` for anything else.
 * Never throws: callers turn `undefined` into their own typed error.
 */
export function decodeBase64Url(text: string): Buffer | undefined {
  return isCanonicalBase64Url(text) ? Buffer.from(text, 'base64url') : undefined;
}

/** True when `text` is the one canonical unpadded base64url spelling of some bytes. */
export function isCanonicalBase64Url(text: string): boolean {
  const length = text.length;
  const tail = length % 4;
  if (tail === 1) return false;
  let last = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? (DECODE_TABLE[code] ?? -1) : -1;
    if (value < 0) return false;
    last = value;
  }
  // 2 chars carry 12 bits for 1 byte (4 spare), 3 chars carry 18 bits for 2 bytes (2 spare).
  if (tail === 2) return (last & 0b1111) === 0;
  if (tail === 3) return (last & 0b11) === 0;
  return true;
}
