/**
 * XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03) over node:crypto alone.
 *
 * Node ships the IETF ChaCha20-Poly1305 AEAD (RFC 8439) with a 96-bit nonce, too short to draw
 * at random for the life of a key. XChaCha20 extends it to 192 bits: HChaCha20 turns the key
 * and the first 16 nonce bytes into a subkey, and the last 8 nonce bytes, behind four zero
 * bytes, become the RFC 8439 nonce (§2.3). The bytes are identical to libsodium's
 * `crypto_aead_xchacha20poly1305_ietf_*`, so either can open what the other sealed.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

/** Key length in bytes (256 bits). */
export const KEY_BYTES = 32;
/** Nonce length in bytes (192 bits): random nonces stay unique far past 2^32 seals per key. */
export const NONCE_BYTES = 24;
/** Poly1305 tag length in bytes. */
export const TAG_BYTES = 16;

const HCHACHA_NONCE_BYTES = 16;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function rotl(value: number, shift: number): number {
  return (value << shift) | (value >>> (32 - shift));
}

/**
 * HChaCha20 (draft-irtf-cfrg-xchacha-03 §2.2): twenty ChaCha rounds over the constants, the
 * key and a 16-byte input, without the final addition; words 0–3 and 12–15 form the subkey.
 * Writes the 32-byte subkey into `out` (allocated when omitted) and returns it.
 */
export function hchacha20(
  key: Uint8Array,
  input: Uint8Array,
  out: Buffer = Buffer.allocUnsafe(KEY_BYTES),
): Buffer {
  if (key.byteLength !== KEY_BYTES) {
    throw new RangeError(`HChaCha20 needs a ${KEY_BYTES}-byte key.`);
  }
  if (input.byteLength < HCHACHA_NONCE_BYTES) {
    throw new RangeError('HChaCha20 needs a 16-byte input.');
  }
  const k = asBuffer(key);
  const n = asBuffer(input);
  // "expand 32-byte k", RFC 8439 §2.3.
  let x0 = 0x61707865;
  let x1 = 0x3320646e;
  let x2 = 0x79622d32;
  let x3 = 0x6b206574;
  let x4 = k.readUInt32LE(0);
  let x5 = k.readUInt32LE(4);
  let x6 = k.readUInt32LE(8);
  let x7 = k.readUInt32LE(12);
  let x8 = k.readUInt32LE(16);
  let x9 = k.readUInt32LE(20);
  let x10 = k.readUInt32LE(24);
  let x11 = k.readUInt32LE(28);
  let x12 = n.readUInt32LE(0);
  let x13 = n.readUInt32LE(4);
  let x14 = n.readUInt32LE(8);
  let x15 = n.readUInt32LE(12);
  // Unrolled quarter rounds (RFC 8439 §2.1) on locals: V8 keeps them in registers.
  // prettier-ignore
  for (let round = 0; round < 10; round++) {
    // Columns.
    x0 = (x0 + x4) | 0; x12 = rotl(x12 ^ x0, 16); x8 = (x8 + x12) | 0; x4 = rotl(x4 ^ x8, 12);
    x0 = (x0 + x4) | 0; x12 = rotl(x12 ^ x0, 8); x8 = (x8 + x12) | 0; x4 = rotl(x4 ^ x8, 7);
    x1 = (x1 + x5) | 0; x13 = rotl(x13 ^ x1, 16); x9 = (x9 + x13) | 0; x5 = rotl(x5 ^ x9, 12);
    x1 = (x1 + x5) | 0; x13 = rotl(x13 ^ x1, 8); x9 = (x9 + x13) | 0; x5 = rotl(x5 ^ x9, 7);
    x2 = (x2 + x6) | 0; x14 = rotl(x14 ^ x2, 16); x10 = (x10 + x14) | 0; x6 = rotl(x6 ^ x10, 12);
    x2 = (x2 + x6) | 0; x14 = rotl(x14 ^ x2, 8); x10 = (x10 + x14) | 0; x6 = rotl(x6 ^ x10, 7);
    x3 = (x3 + x7) | 0; x15 = rotl(x15 ^ x3, 16); x11 = (x11 + x15) | 0; x7 = rotl(x7 ^ x11, 12);
    x3 = (x3 + x7) | 0; x15 = rotl(x15 ^ x3, 8); x11 = (x11 + x15) | 0; x7 = rotl(x7 ^ x11, 7);
    // Diagonals.
    x0 = (x0 + x5) | 0; x15 = rotl(x15 ^ x0, 16); x10 = (x10 + x15) | 0; x5 = rotl(x5 ^ x10, 12);
    x0 = (x0 + x5) | 0; x15 = rotl(x15 ^ x0, 8); x10 = (x10 + x15) | 0; x5 = rotl(x5 ^ x10, 7);
    x1 = (x1 + x6) | 0; x12 = rotl(x12 ^ x1, 16); x11 = (x11 + x12) | 0; x6 = rotl(x6 ^ x11, 12);
    x1 = (x1 + x6) | 0; x12 = rotl(x12 ^ x1, 8); x11 = (x11 + x12) | 0; x6 = rotl(x6 ^ x11, 7);
    x2 = (x2 + x7) | 0; x13 = rotl(x13 ^ x2, 16); x8 = (x8 + x13) | 0; x7 = rotl(x7 ^ x8, 12);
    x2 = (x2 + x7) | 0; x13 = rotl(x13 ^ x2, 8); x8 = (x8 + x13) | 0; x7 = rotl(x7 ^ x8, 7);
    x3 = (x3 + x4) | 0; x14 = rotl(x14 ^ x3, 16); x9 = (x9 + x14) | 0; x4 = rotl(x4 ^ x9, 12);
    x3 = (x3 + x4) | 0; x14 = rotl(x14 ^ x3, 8); x9 = (x9 + x14) | 0; x4 = rotl(x4 ^ x9, 7);
  }
  out.writeInt32LE(x0, 0);
  out.writeInt32LE(x1, 4);
  out.writeInt32LE(x2, 8);
  out.writeInt32LE(x3, 12);
  out.writeInt32LE(x12, 16);
  out.writeInt32LE(x13, 20);
  out.writeInt32LE(x14, 24);
  out.writeInt32LE(x15, 28);
  return out;
}

// Both scratch buffers are consumed synchronously by createCipheriv, which copies them.
const subkey = Buffer.alloc(KEY_BYTES);
const shortNonce = Buffer.alloc(12);

function prepare(key: Uint8Array, nonce: Uint8Array): void {
  if (nonce.byteLength !== NONCE_BYTES) {
    throw new RangeError(`XChaCha20 needs a ${NONCE_BYTES}-byte nonce.`);
  }
  hchacha20(key, nonce, subkey);
  shortNonce.set(nonce.subarray(HCHACHA_NONCE_BYTES), 4);
}

/**
 * Encrypts and authenticates `plaintext` and `aad`: returns ciphertext ‖ 16-byte tag, as
 * libsodium's `crypto_aead_xchacha20poly1305_ietf_encrypt` does. The caller must never use a
 * nonce twice with one key; 24 random bytes per call meet that.
 */
export function seal(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
): Buffer {
  prepare(key, nonce);
  const cipher = createCipheriv('chacha20-poly1305', subkey, shortNonce, {
    authTagLength: TAG_BYTES,
  });
  subkey.fill(0);
  cipher.setAAD(aad, { plaintextLength: plaintext.byteLength });
  const head = cipher.update(plaintext);
  cipher.final();
  return Buffer.concat([head, cipher.getAuthTag()]);
}

/**
 * Checks the tag of ciphertext ‖ tag against `aad` and returns the plaintext, or `undefined`
 * when anything was altered, the key or nonce is wrong, or the input is shorter than a tag.
 * No plaintext is released before the tag has been verified.
 */
export function open(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  aad: Uint8Array,
): Buffer | undefined {
  if (sealed.byteLength < TAG_BYTES) return undefined;
  prepare(key, nonce);
  const decipher = createDecipheriv('chacha20-poly1305', subkey, shortNonce, {
    authTagLength: TAG_BYTES,
  });
  subkey.fill(0);
  const end = sealed.byteLength - TAG_BYTES;
  decipher.setAuthTag(sealed.subarray(end));
  decipher.setAAD(aad, { plaintextLength: end });
  const head = decipher.update(sealed.subarray(0, end));
  try {
    // A stream cipher holds nothing back: final() only checks the tag and returns no bytes.
    decipher.final();
    return head;
  } catch {
    head.fill(0);
    return undefined;
  }
}
