/**
 * The sealed token format, version 1:
 *
 *     v1.<key id>.<base64url(nonce[24] ‖ ciphertext ‖ tag[16])>
 *
 * The plaintext is laid out in `payload.ts`. The additional data is the ASCII `v1.<key id>.` and
 * then the caller's context, so neither the version, the key id nor the purpose can be
 * swapped without failing authentication (AE-02). The key id grammar has no `.`, so the
 * context starts at a fixed place and the additional data cannot be read two ways.
 */
import { KEY_ID_PATTERN } from '../../crypto/keyring.js';
import { NONCE_BYTES, TAG_BYTES } from '../../crypto/xchacha20poly1305.js';
import { SealError } from './errors.js';
import { EXPIRY_BYTES } from './payload.js';

/** The version prefix; another format gets another prefix (KC-02). */
export const VERSION_PREFIX = 'v1.';

/**
 * The longest token `unseal()` reads, in characters, and the longest `seal()` writes. Bounds
 * the work an attacker can cause before authentication; a cookie is at most 4096 bytes anyway
 * (RFC 6265bis §5.6), so a larger token is never a browser's doing.
 * @default 8192
 */
export const MAX_TOKEN_LENGTH = 8192;

/** The most bytes a token body can decode to. */
export const MAX_BOX_BYTES = Math.floor((MAX_TOKEN_LENGTH * 3) / 4);

/** The smallest box: nonce, expiry, one byte of JSON, tag. */
const MIN_BOX_BYTES = NONCE_BYTES + EXPIRY_BYTES + 1 + TAG_BYTES;

/** A token that passed every structural check, before any cryptography. */
export interface ParsedToken {
  readonly keyId: string;
  /** How many bytes of nonce ‖ ciphertext ‖ tag were decoded into the caller's buffer. */
  readonly length: number;
}

const malformed = (why: string): SealError =>
  new SealError('ERR_SEAL_MALFORMED', `Malformed sealed token: ${why}.`);

/**
 * Splits a token and decodes its body into `into` (at least {@link MAX_BOX_BYTES} long), or
 * throws `ERR_SEAL_MALFORMED` (AE-04): a length over {@link MAX_TOKEN_LENGTH}, another
 * version, a missing or extra part, a bad key id, base64url that is not canonical
 * (RFC 4648 §3.5, TK-04) or a body too short to hold a sealed value.
 */
export function parseToken(token: unknown, into: Buffer): ParsedToken {
  if (typeof token !== 'string') throw malformed('not a string');
  if (token.length > MAX_TOKEN_LENGTH) throw malformed('too long');
  if (!token.startsWith(VERSION_PREFIX)) throw malformed('unknown version');
  const dot = token.indexOf('.', VERSION_PREFIX.length);
  if (dot < 0) throw malformed('missing part');
  const keyId = token.slice(VERSION_PREFIX.length, dot);
  if (!KEY_ID_PATTERN.test(keyId)) throw malformed('bad key id');
  const body = token.slice(dot + 1);
  const length = into.write(body, 'base64url');
  // Canonical means "what encoding the bytes gives back", so comparing with the re-encoding
  // rejects padding, '+', '/', '.', whitespace, stray bits and a dangling character at once,
  // in half the time of a character-by-character check.
  if (into.toString('base64url', 0, length) !== body) throw malformed('not canonical base64url');
  if (length < MIN_BOX_BYTES) throw malformed('too short');
  return { keyId, length };
}

/** The additional data for a key id and context: ASCII `v1.<key id>.` then the context in UTF-8. */
export function additionalData(keyId: string, context: string): Buffer {
  return Buffer.from(`${VERSION_PREFIX}${keyId}.${context}`, 'utf8');
}
