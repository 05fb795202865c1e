/**
 * `Signer`: appends an HMAC to a string and checks it, byte-compatible with Python's
 * `itsdangerous.Signer` (`itsdangerous/signer.py`).
 *
 * Token format: `value + sep + base64url(HMAC(derivedKey, value))`.
 */
import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { ConfigError } from '../../errors.js';
import { constantTimeEqual } from '../../crypto/compare.js';
import { secretBytes, type Secret } from '../../crypto/secret.js';
import { BadData, BadSignature } from './errors.js';

/** One secret, or a list ordered oldest → newest: the last signs, all verify (as in Python). */
export type SecretKeys = Secret | readonly Secret[];

/**
 * How the signing key is made from the secret and the salt (Python's `key_derivation`).
 * - `django-concat`: `H(salt + "signer" + secret)`
 * - `concat`: `H(salt + secret)`
 * - `hmac`: `HMAC(secret, salt)` (what Flask uses)
 * - `none`: the secret itself, salt ignored
 */
export type KeyDerivation = 'django-concat' | 'concat' | 'hmac' | 'none';

/**
 * The hash behind the HMAC. SHA-1 is itsdangerous's default and is only "legacy" in
 * OWASP ASVS 5.0 Appendix C: keep it for interop, pick `sha256` for anything new.
 */
export type DigestMethod = 'sha1' | 'sha256' | 'sha512';

/** Options shared by {@link Signer} and every class built on it. */
export interface SignerOptions {
  /**
   * Separates signing contexts: a token signed with one salt never verifies with another
   * (OWASP ASVS 5.0 9.2.2 purpose binding).
   * @default 'itsdangerous.Signer'
   */
  readonly salt?: string | Uint8Array;
  /**
   * Separator between value and signature. It may not contain a base64url character or
   * `=`, since those can appear in a signature.
   * @default '.'
   */
  readonly sep?: string;
  /**
   * How the HMAC key is made from secret and salt; must match the other side.
   * @default 'django-concat'
   */
  readonly keyDerivation?: KeyDerivation;
  /**
   * The HMAC hash (RFC 2104). Only SHA-1, SHA-256 and SHA-512 are allowed, never "none"
   * (OWASP ASVS 5.0 9.1.2).
   * @default 'sha1'
   */
  readonly digestMethod?: DigestMethod;
}

const KEY_DERIVATIONS: ReadonlySet<string> = new Set(['django-concat', 'concat', 'hmac', 'none']);
const DIGESTS: ReadonlySet<string> = new Set(['sha1', 'sha256', 'sha512']);
const SIGNATURE_ALPHABET = /[A-Za-z0-9_=-]/;
// With the `u` flag a pair counts as one code point, so this matches only lone surrogates.
const LONE_SURROGATE = /\p{Cs}/u;
// Keep a leading BOM, as Python's decode('utf-8') does.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Text as Python's `want_bytes` sees it; bytes must be UTF-8 so the token stays a string.
 * Throws {@link BadData} for a lone surrogate, which UTF-8 cannot carry: it would be
 * signed as U+FFFD, giving one signature two spellings.
 * @internal
 */
export function wantText(value: string | Uint8Array): string {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) throw new BadData('The value is not well-formed Unicode.');
    return value;
  }
  try {
    return utf8.decode(value);
  } catch (error) {
    throw new BadData('The value is not valid UTF-8.', { cause: error });
  }
}

function saltBytes(salt: unknown): Buffer {
  if (typeof salt !== 'string' && !(salt instanceof Uint8Array)) {
    throw new ConfigError('A salt must be a string or a Uint8Array.');
  }
  return secretBytes(salt);
}

function secretList(secretKey: SecretKeys): Buffer[] {
  const list: readonly unknown[] = Array.isArray(secretKey) ? secretKey : [secretKey];
  return list.map((secret) => {
    if (typeof secret !== 'string' && !(secret instanceof Uint8Array)) {
      throw new ConfigError('A secret key must be a string or a Uint8Array.');
    }
    const bytes = secretBytes(secret);
    if (bytes.byteLength === 0) throw new ConfigError('A secret key may not be empty.');
    return bytes;
  });
}

/** Python's `Signer.derive_key`, run once per secret at construction. */
function deriveKey(
  secret: Buffer,
  salt: Buffer,
  derivation: KeyDerivation,
  digest: DigestMethod,
): KeyObject {
  switch (derivation) {
    case 'django-concat':
      return createSecretKey(
        createHash(digest).update(salt).update('signer').update(secret).digest(),
      );
    case 'concat':
      return createSecretKey(createHash(digest).update(salt).update(secret).digest());
    case 'hmac':
      return createSecretKey(createHmac(digest, secret).update(salt).digest());
    case 'none':
      return createSecretKey(secret);
  }
}

/**
 * Signs strings with an HMAC and verifies them, byte-compatible with Python's
 * `itsdangerous.Signer`.
 *
 * Secrets of any length are accepted because existing Python deployments must keep
 * working; for new deployments use 32 random bytes or more (OWASP ASVS 5.0 11.2.3).
 * Keys are derived once here and held as `KeyObject`s. Verification is stricter than
 * Python's: only the canonical unpadded base64url spelling of the MAC is accepted.
 *
 * @example
 * ```ts
 * const signer = new Signer('secret-key');
 * signer.unsign(signer.sign('user-42')); // 'user-42'
 * ```
 */
export class Signer {
  /** The separator between value and signature. */
  readonly sep: string;
  readonly #digest: DigestMethod;
  /** Newest first, the order verification tries them. */
  readonly #keys: readonly KeyObject[];
  readonly #signingKey: KeyObject;
  readonly #signatureLength: number;

  constructor(secretKey: SecretKeys, options: SignerOptions = {}) {
    const {
      salt = 'itsdangerous.Signer',
      sep = '.',
      keyDerivation = 'django-concat',
      digestMethod = 'sha1',
    } = options;
    if (typeof sep !== 'string' || sep === '' || SIGNATURE_ALPHABET.test(sep)) {
      throw new ConfigError(
        'The separator may not be empty or contain ASCII letters, digits, or "-_=", ' +
          'since those can appear in the signature.',
      );
    }
    if (!KEY_DERIVATIONS.has(keyDerivation)) {
      throw new ConfigError(`Unknown key derivation: ${keyDerivation}.`);
    }
    if (!DIGESTS.has(digestMethod)) {
      throw new ConfigError(`Unknown digest method: ${digestMethod}.`);
    }
    const saltKey = saltBytes(salt);
    this.sep = sep;
    this.#digest = digestMethod;
    this.#keys = secretList(secretKey)
      .map((secret) => deriveKey(secret, saltKey, keyDerivation, digestMethod))
      .reverse();
    const newest = this.#keys[0];
    if (newest === undefined) throw new ConfigError('At least one secret key is required.');
    this.#signingKey = newest;
    this.#signatureLength = this.#mac(newest, '').length;
  }

  #mac(key: KeyObject, value: string): string {
    return createHmac(this.#digest, key).update(value, 'utf8').digest('base64url');
  }

  /** The base64url signature of `value` under the newest key. */
  getSignature(value: string | Uint8Array): string {
    return this.#mac(this.#signingKey, wantText(value));
  }

  /** Returns `value + sep + signature`. */
  sign(value: string | Uint8Array): string {
    const text = wantText(value);
    return text + this.sep + this.#mac(this.#signingKey, text);
  }

  /**
   * True when `signature` is the MAC of `value` under any of the keys, newest first.
   * Compared in constant time (OWASP ASVS 5.0 11.2.4); only the canonical base64url
   * spelling matches, since that is what the comparison is made against.
   */
  verifySignature(value: string | Uint8Array, signature: string): boolean {
    if (typeof value === 'string') return this.#verify(value, signature);
    try {
      return this.#verify(wantText(value), signature);
    } catch {
      return false;
    }
  }

  #verify(text: string, signature: string): boolean {
    if (typeof signature !== 'string' || signature.length !== this.#signatureLength) return false;
    if (LONE_SURROGATE.test(text)) return false;
    const given = Buffer.from(signature, 'utf8');
    for (const key of this.#keys) {
      if (constantTimeEqual(Buffer.from(this.#mac(key, text), 'latin1'), given)) return true;
    }
    return false;
  }

  /**
   * Returns the value of a signed string, or throws {@link BadSignature}.
   * Nothing in the value is decoded before the signature has been checked.
   */
  unsign(signed: string): string {
    if (typeof signed !== 'string') throw new BadSignature('The signed value must be a string.');
    const at = signed.lastIndexOf(this.sep);
    if (at < 0) throw new BadSignature(`No ${JSON.stringify(this.sep)} found in value`);
    const value = signed.slice(0, at);
    if (this.#verify(value, signed.slice(at + this.sep.length))) return value;
    throw new BadSignature('Signature does not match', { payload: value });
  }

  /** True when `signed` carries a valid signature. */
  validate(signed: string): boolean {
    try {
      this.unsign(signed);
      return true;
    } catch (error) {
      if (error instanceof BadSignature) return false;
      throw error;
    }
  }
}
