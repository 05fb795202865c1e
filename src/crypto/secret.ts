import { ConfigError } from '../errors.js';

/** A secret as users hold it: text (taken as its UTF-8 bytes) or raw bytes. */
export type Secret = string | Uint8Array;

/**
 * The shortest secret Tessera accepts for its own formats: 256 bits, the key size of
 * the AEADs and HMACs it uses (OWASP ASVS 5.0 11.2.3, 13.3.1).
 * @default 32
 */
export const MIN_SECRET_BYTES = 32;

/** Returns the secret's bytes. Text is taken as UTF-8, as Python's itsdangerous does. */
export function secretBytes(secret: Secret): Buffer {
  return typeof secret === 'string'
    ? Buffer.from(secret, 'utf8')
    : Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength);
}

/**
 * Returns the secret's bytes, refusing anything shorter than {@link MIN_SECRET_BYTES}.
 * The message names the length only, never the secret.
 */
export function strongSecretBytes(secret: Secret): Buffer {
  if (typeof secret !== 'string' && !(secret instanceof Uint8Array)) {
    throw new ConfigError('A secret must be a string or a Uint8Array.');
  }
  const bytes = secretBytes(secret);
  if (bytes.byteLength < MIN_SECRET_BYTES) {
    throw new ConfigError(
      `A secret must be at least ${MIN_SECRET_BYTES} bytes; this one has ${bytes.byteLength}. ` +
        'Generate one with `npx tessera secret`.',
    );
  }
  return bytes;
}
