import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_BYTES, NONCE_BYTES, TAG_BYTES, hchacha20, open, seal } from './xchacha20poly1305.js';

interface Sodium {
  crypto_aead_xchacha20poly1305_ietf_encrypt(
    c: Uint8Array,
    m: Uint8Array,
    ad: Uint8Array,
    nsec: null,
    npub: Uint8Array,
    k: Uint8Array,
  ): number;
  crypto_aead_xchacha20poly1305_ietf_decrypt(
    m: Uint8Array,
    nsec: null,
    c: Uint8Array,
    ad: Uint8Array,
    npub: Uint8Array,
    k: Uint8Array,
  ): number;
}
// libsodium is the reference implementation the construction must match byte for byte.
const sodium = createRequire(import.meta.url)('sodium-native') as Sodium;

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const counting = (length: number, start: number): Buffer =>
  Buffer.from(Array.from({ length }, (_, i) => start + i));

// draft-irtf-cfrg-xchacha-03 §2.2.1.
const HCHACHA_KEY = counting(32, 0);
const HCHACHA_INPUT = hex('000000090000004a0000000031415927');
const HCHACHA_SUBKEY = hex('82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc');

// draft-irtf-cfrg-xchacha-03 §A.3.1.
const KEY = counting(32, 0x80);
const NONCE = counting(24, 0x40);
const AAD = hex('50515253c0c1c2c3c4c5c6c7');
const PLAINTEXT = Buffer.from(
  "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the " +
    'future, sunscreen would be it.',
);
const SEALED = hex(`
  bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb
  731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452
  2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9
  21f9664c97637da9768812f615c68b13b52e
  c0875924c1c7987947deafd8780acf49`);

function sodiumSeal(key: Buffer, nonce: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const out = Buffer.alloc(plaintext.byteLength + TAG_BYTES);
  sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(out, plaintext, aad, null, nonce, key);
  return out;
}

function sodiumOpen(key: Buffer, nonce: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  const out = Buffer.alloc(sealed.byteLength - TAG_BYTES);
  sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(out, null, sealed, aad, nonce, key);
  return out;
}

function flipped(source: Buffer, index: number): Buffer {
  const copy = Buffer.from(source);
  copy[index]! ^= 1;
  return copy;
}

const bytes = (length: number) =>
  fc.uint8Array({ minLength: length, maxLength: length }).map((b) => Buffer.from(b));

describe('hchacha20', () => {
  it('derives the draft-03 §2.2.1 subkey', () => {
    expect(hchacha20(HCHACHA_KEY, HCHACHA_INPUT).toString('hex')).toBe(
      HCHACHA_SUBKEY.toString('hex'),
    );
  });

  it('accepts plain Uint8Array views and writes into a given buffer', () => {
    const backing = new Uint8Array(64);
    backing.set(HCHACHA_KEY, 7);
    const out = Buffer.alloc(KEY_BYTES);
    const result = hchacha20(backing.subarray(7, 39), new Uint8Array(HCHACHA_INPUT), out);
    expect(result).toBe(out);
    expect(out).toEqual(HCHACHA_SUBKEY);
  });

  it.each([
    ['a 31-byte key', Buffer.alloc(31), Buffer.alloc(16)],
    ['a 33-byte key', Buffer.alloc(33), Buffer.alloc(16)],
    ['a 15-byte input', Buffer.alloc(32), Buffer.alloc(15)],
  ])('refuses %s', (_why, key, input) => {
    expect(() => hchacha20(key, input)).toThrow(RangeError);
  });
});

describe('XChaCha20-Poly1305 seal and open', () => {
  it('seals the draft-03 §A.3.1 vector to the published ciphertext and tag', () => {
    expect(seal(KEY, NONCE, PLAINTEXT, AAD).toString('hex')).toBe(SEALED.toString('hex'));
  });

  it('opens the draft-03 §A.3.1 vector', () => {
    expect(open(KEY, NONCE, SEALED, AAD)?.toString()).toBe(PLAINTEXT.toString());
  });

  it('matches libsodium in both directions on arbitrary inputs', () => {
    fc.assert(
      fc.property(
        bytes(KEY_BYTES),
        bytes(NONCE_BYTES),
        fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
        fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
        (key, nonce, plaintext, aad) => {
          const ours = seal(key, nonce, plaintext, aad);
          expect(ours).toEqual(sodiumSeal(key, nonce, plaintext, aad));
          expect(sodiumOpen(key, nonce, ours, aad)).toEqual(plaintext);
          expect(open(key, nonce, ours, aad)).toEqual(plaintext);
        },
      ),
      { seed: 20_251_121, numRuns: 300 },
    );
  });

  it('seals and opens an empty plaintext as a bare tag', () => {
    const sealed = seal(KEY, NONCE, Buffer.alloc(0), AAD);
    expect(sealed.byteLength).toBe(TAG_BYTES);
    expect(open(KEY, NONCE, sealed, AAD)).toEqual(Buffer.alloc(0));
  });

  it('returns undefined for every single-bit flip of the ciphertext or tag', () => {
    for (let bit = 0; bit < SEALED.byteLength * 8; bit++) {
      const altered = Buffer.from(SEALED);
      altered[bit >> 3]! ^= 1 << (bit & 7);
      expect(open(KEY, NONCE, altered, AAD), `bit ${bit}`).toBeUndefined();
    }
  });

  it.each([
    ['another key', flipped(KEY, 0), NONCE, AAD],
    ['a nonce differing in its HChaCha20 half', KEY, flipped(NONCE, 0), AAD],
    ['a nonce differing in its ChaCha20 half', KEY, flipped(NONCE, 23), AAD],
    ['other additional data', KEY, NONCE, Buffer.from('other')],
    ['no additional data', KEY, NONCE, Buffer.alloc(0)],
  ])('returns undefined under %s', (_why, key, nonce, aad) => {
    expect(open(key, nonce, SEALED, aad)).toBeUndefined();
  });

  it('returns undefined for input shorter than a tag, and for a truncated tag', () => {
    expect(open(KEY, NONCE, Buffer.alloc(TAG_BYTES - 1), AAD)).toBeUndefined();
    expect(open(KEY, NONCE, SEALED.subarray(0, -1), AAD)).toBeUndefined();
  });

  it.each([
    ['a 23-byte nonce', KEY, Buffer.alloc(23)],
    ['a 25-byte nonce', KEY, Buffer.alloc(25)],
    ['a 16-byte key', Buffer.alloc(16), NONCE],
  ])('throws RangeError for %s', (_why, key, nonce) => {
    expect(() => seal(key, nonce, PLAINTEXT, AAD)).toThrow(RangeError);
    expect(() => open(key, nonce, SEALED, AAD)).toThrow(RangeError);
  });
});
