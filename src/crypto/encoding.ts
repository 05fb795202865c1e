/**
 * Strict base64url (RFC 4648 §5, unpadded) shared by every token format.
 *
 * Decoding accepts only the canonical encoding: the URL-safe alphabet, no padding, no
 * whitespace, a length that is not 1 mod 4, and zero bits after the last byte. Node's own
 * decoder silently skips invalid characters and ignores trailing bits, so several strings
 * decode to the same bytes; a token format must not have that many spellings (a denylist
 * keyed on the token string could be bypassed by re-encoding it).
 */

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
  const bytes = Buffer.from(text, 'base64url');
  // Node skips what it cannot read; the one canonical spelling is what it writes back.
  return bytes.toString('base64url') === text ? bytes : undefined;
}

/** True when `text` is the one canonical unpadded base64url spelling of some bytes. */
export function isCanonicalBase64Url(text: string): boolean {
  return decodeBase64Url(text) !== undefined;
}
