import { Keyring, type KeyringEntry } from '../../crypto/keyring.js';
import { NONCE_BYTES, TAG_BYTES } from '../../crypto/xchacha20poly1305.js';
import { ConfigError } from '../../errors.js';
import { type SealBackend, type SealBackendName, resolveBackend } from './backend.js';
import { SealError, SealExpiredError } from './errors.js';
import {
  MAX_BOX_BYTES,
  MAX_TOKEN_LENGTH,
  VERSION_PREFIX,
  additionalData,
  parseToken,
} from './format.js';
import { NoncePool } from './nonce-pool.js';
import {
  type SealOptions,
  type SealerOptions,
  type UnsealOptions,
  checkContext,
  checkTtl,
  resolveOptions,
} from './options.js';
import { EXPIRY_BYTES, fromJson, readExpiry, toJson, writeExpiry } from './payload.js';

/** The HKDF `info` that gives sealing keys of their own, apart from signing or CSRF keys. */
const PURPOSE = 'tessera/seal/v1';

/** An opened token. */
export interface Unsealed<T> {
  /** The sealed value, as JSON gave it back. Its type is the caller's claim: validate it. */
  readonly value: T;
  /** The id of the key that opened the token. */
  readonly keyId: string;
  /** The first instant at which the token no longer opens (expired iff `now >= expiresAt`). */
  readonly expiresAt: Date;
  /**
   * True when an older key opened the token: seal the value again so it moves to the newest
   * key and the old one can be retired without logging anyone out (AE-05).
   */
  readonly needsReseal: boolean;
}

/** A key of the keyring with the additional data for the sealer's default context. */
interface Slot {
  readonly id: string;
  readonly key: Buffer;
  readonly aad: Buffer;
}

const nonces = new NoncePool(NONCE_BYTES);
const HEADER_BYTES = NONCE_BYTES + EXPIRY_BYTES;
// seal() and unseal() run synchronously from start to end and call no user code while they
// hold the scratch box, so one serves every call. JSON of n UTF-16 units takes at most 3n
// UTF-8 bytes, and seal() refuses n > MAX_BOX_BYTES up front.
const scratch = Buffer.allocUnsafe(HEADER_BYTES + 3 * MAX_BOX_BYTES + TAG_BYTES);
const scratchNonce = scratch.subarray(0, NONCE_BYTES);

/**
 * Seals JSON values into tamper-proof, encrypted, expiring tokens (XChaCha20-Poly1305, random
 * 192-bit nonces, OWASP ASVS 5.0 11.3.2) and opens them again.
 *
 * @example
 * const sealer = new Sealer([secret], { context: '__Host-session' });
 * const token = sealer.seal({ userId: 'u_1' });
 * const { value, needsReseal } = sealer.unseal<{ userId: string }>(token);
 */
export class Sealer {
  readonly #newest: Slot;
  readonly #slots: ReadonlyMap<string, Slot>;
  readonly #backend: SealBackend;
  readonly #ttl: number;
  readonly #context: string;
  readonly #now: () => number;
  readonly #prefix: string;
  readonly #maxBoxBytes: number;

  /**
   * @param keys A {@link Keyring}, or its entries: secrets of at least 32 bytes, newest first.
   * @throws {ConfigError} for a bad keyring or option.
   */
  constructor(keys: Keyring | readonly KeyringEntry[], options: SealerOptions = {}) {
    const derived = (keys instanceof Keyring ? keys : new Keyring(keys)).derive(PURPOSE);
    const { ttl, context, now, backend } = resolveOptions(options);
    this.#ttl = ttl;
    this.#context = context;
    this.#now = now;
    this.#backend = resolveBackend(backend);
    const slot = ({ id, key }: { id: string; key: Buffer }): Slot => ({
      id,
      key,
      aad: additionalData(id, context),
    });
    this.#newest = slot(derived.newest);
    this.#slots = new Map(
      derived.all.map((key) => [key.id, key === derived.newest ? this.#newest : slot(key)]),
    );
    this.#prefix = `${VERSION_PREFIX}${this.#newest.id}.`;
    this.#maxBoxBytes = Math.floor(((MAX_TOKEN_LENGTH - this.#prefix.length) * 3) / 4);
  }

  /** The engine in use, for diagnostics. */
  get backend(): SealBackendName {
    return this.#backend.name;
  }

  /**
   * Seals a JSON value with the newest key.
   * @throws {SealError} `ERR_SEAL_VALUE` when the value has no JSON form (`undefined`, a
   * function, a BigInt, a cycle) or the token would exceed `MAX_TOKEN_LENGTH`.
   * @throws {ConfigError} for a bad `ttl` or `context` override.
   */
  seal(value: unknown, options?: SealOptions): string {
    return this.sealJson(toJson(value), options);
  }

  /**
   * Seals JSON text the caller already has, as {@link Sealer.seal} would seal the value it
   * came from, without encoding it again. The text must be JSON: `unseal` parses it.
   * @throws {SealError} `ERR_SEAL_VALUE` when the token would exceed `MAX_TOKEN_LENGTH`.
   * @throws {ConfigError} for a bad `ttl` or `context` override.
   */
  sealJson(json: string, options?: SealOptions): string {
    const ttl = options?.ttl === undefined ? this.#ttl : checkTtl(options.ttl);
    const context = options?.context;
    const slot = this.#newest;
    const aad =
      context === undefined || context === this.#context ? slot.aad : customAad(slot.id, context);
    const expiresAt = this.#clock() + ttl * 1000;
    if (json.length > this.#maxBoxBytes) throw tooLarge();
    nonces.take(scratch, 0);
    writeExpiry(scratch, NONCE_BYTES, expiresAt);
    const end = HEADER_BYTES + scratch.write(json, HEADER_BYTES, 'utf8') + TAG_BYTES;
    if (end > this.#maxBoxBytes) {
      scratch.fill(0, HEADER_BYTES, end);
      throw tooLarge();
    }
    this.#backend.seal(slot.key, scratchNonce, scratch.subarray(NONCE_BYTES, end), aad);
    return this.#prefix + scratch.toString('base64url', 0, end);
  }

  /**
   * Opens a token sealed with any key on the keyring. Every check that needs no key runs
   * before any cryptography, and no byte of the value is read before authentication.
   * @throws {SealError} `ERR_SEAL_MALFORMED`, `ERR_SEAL_UNKNOWN_KEY`, `ERR_SEAL_FORGED`, or
   * {@link SealExpiredError} once `now() >= expiresAt` (the expiry instant itself is expired).
   * @throws {ConfigError} for a bad `context` override.
   */
  unseal<T = unknown>(token: string, options?: UnsealOptions): Unsealed<T> {
    const now = this.#clock();
    const { keyId, length } = parseToken(token, scratch);
    const slot = this.#slots.get(keyId);
    if (slot === undefined) {
      throw new SealError(
        'ERR_SEAL_UNKNOWN_KEY',
        'The sealed token names a key that is not on the keyring.',
      );
    }
    const context = options?.context;
    const aad =
      context === undefined || context === this.#context ? slot.aad : customAad(keyId, context);
    const data = scratch.subarray(NONCE_BYTES, length);
    const plaintext = this.#backend.open(slot.key, scratchNonce, data, aad);
    if (plaintext === undefined) {
      throw new SealError(
        'ERR_SEAL_FORGED',
        'The sealed token failed authentication (altered, another key or another context).',
      );
    }
    const expiresAt = readExpiry(plaintext, 0);
    if (expiresAt === undefined) {
      throw new SealError('ERR_SEAL_MALFORMED', 'The sealed expiry is out of range.');
    }
    if (now >= expiresAt) throw new SealExpiredError(new Date(expiresAt));
    return {
      value: fromJson(plaintext) as T,
      keyId,
      expiresAt: new Date(expiresAt),
      needsReseal: slot !== this.#newest,
    };
  }

  #clock(): number {
    const now = this.#now();
    // A NaN clock would make every comparison false and every token immortal.
    if (!Number.isFinite(now) || now < 0) {
      throw new ConfigError('The now option must return milliseconds since the epoch.');
    }
    return Math.floor(now);
  }
}

function customAad(keyId: string, context: string): Buffer {
  return additionalData(keyId, checkContext(context));
}

const tooLarge = (): SealError =>
  new SealError(
    'ERR_SEAL_VALUE',
    `The value is too large: the token would exceed ${MAX_TOKEN_LENGTH} characters.`,
  );
