/**
 * A keyring: the application's secrets, newest first, with per-purpose subkeys.
 *
 * The newest secret seals and signs; every secret opens and verifies, so a new secret can be
 * put in front and the old one removed later without logging anyone out. Raw secrets never
 * leave this module: callers get HKDF subkeys bound to one purpose (OWASP ASVS 5.0 11.2.3,
 * 13.3.1), and the keyring prints, logs and serializes as its key ids only (ASVS 16.5.1).
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { inspect } from 'node:util';
import { ConfigError } from '../errors.js';
import { type Secret, strongSecretBytes } from './secret.js';

/** A secret, or a secret with the id that names it inside tokens. */
export type KeyringEntry = Secret | { readonly id: string; readonly secret: Secret };

/**
 * Key ids travel in tokens, so they are short, URL-safe and free of separators: the
 * base64url alphabet, 1 to 32 characters (RFC 4648 §5).
 */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

const SUBKEY_BYTES = 32;
const DERIVED_ID_LENGTH = 8;
// Domain-separates the fingerprint from every HKDF subkey the same secret yields.
const ID_LABEL = 'tessera/key-id/v1';

/** A 256-bit subkey for one purpose, named by the id of the secret it came from. */
export class DerivedKey {
  /** The id of the secret this key was derived from. */
  readonly id: string;
  /** The subkey bytes. Never log them; this object prints as its id only. */
  readonly key: Buffer;

  constructor(id: string, key: Buffer) {
    this.id = id;
    this.key = key;
    Object.freeze(this);
  }

  /** Serializes as `{ id }`: key bytes never reach JSON logs. */
  toJSON(): { id: string } {
    return { id: this.id };
  }

  [inspect.custom](): string {
    return `DerivedKey { id: '${this.id}' }`;
  }
}

/** The subkeys of one purpose: the newest seals or signs, any of them opens or verifies. */
export class DerivedKeys {
  /** The purpose string these keys were derived for (HKDF `info`). */
  readonly purpose: string;
  /** Every key, newest first. */
  readonly all: readonly DerivedKey[];
  /** The key that seals and signs. */
  readonly newest: DerivedKey;
  readonly #byId: ReadonlyMap<string, DerivedKey>;

  /**
   * @param newest The key that seals and signs.
   * @param all Every key, newest first.
   */
  constructor(purpose: string, newest: DerivedKey, all: readonly DerivedKey[]) {
    this.purpose = purpose;
    this.newest = newest;
    this.all = Object.freeze([...all]);
    this.#byId = new Map(all.map((key) => [key.id, key]));
  }

  /**
   * The key named `id`, or `undefined`. A `Map` lookup, so ids such as `__proto__` or
   * `toString` taken from a token are simply unknown (OWASP ASVS 5.0 15.3.6).
   */
  find(id: string): DerivedKey | undefined {
    return this.#byId.get(id);
  }

  toJSON(): { purpose: string; ids: string[] } {
    return { purpose: this.purpose, ids: this.all.map((key) => key.id) };
  }

  [inspect.custom](): string {
    const ids = inspect(this.all.map((key) => key.id));
    return `DerivedKeys { purpose: '${this.purpose}', ids: ${ids} }`;
  }
}

interface Entry {
  readonly id: string;
  readonly secret: Buffer;
}

/**
 * The application's secrets, **newest first**: the first seals and signs, all open and verify.
 *
 * Each entry is a {@link Secret} of at least 32 bytes, or `{ id, secret }` to choose the id
 * written into tokens. Without one the id is derived: 8 base64url characters of an HMAC of
 * the secret, stable across restarts and useless for recovering the secret. Construction
 * throws {@link ConfigError} for an empty list, a short secret, a malformed id, or a secret
 * or id listed twice.
 *
 * @example
 * const keyring = new Keyring([secret2025, { id: 'k2024', secret: secret2024 }]);
 */
export class Keyring {
  readonly #entries: readonly Entry[];
  readonly #newest: Entry;
  readonly #derived = new Map<string, DerivedKeys>();

  constructor(entries: readonly KeyringEntry[]) {
    const resolved = Array.isArray(entries) ? entries.map(resolveEntry) : [];
    const newest = resolved[0];
    if (newest === undefined) {
      throw new ConfigError('A keyring needs a non-empty array of secrets, newest first.');
    }
    resolved.forEach((b, later) => {
      resolved.slice(0, later).forEach((a, earlier) => {
        if (a.secret.equals(b.secret)) {
          throw new ConfigError(`Keyring entries ${earlier} and ${later} hold the same secret.`);
        }
        if (a.id === b.id) {
          throw new ConfigError(
            `Keyring entries ${earlier} and ${later} share the key id '${a.id}'.`,
          );
        }
      });
    });
    this.#entries = resolved;
    this.#newest = newest;
  }

  /** The id of the newest secret, the one that seals and signs. */
  get newestId(): string {
    return this.#newest.id;
  }

  /** Every key id, newest first. */
  get ids(): string[] {
    return this.#entries.map((entry) => entry.id);
  }

  /** Whether a secret with this id is on the keyring (prototype-safe). */
  has(id: string): boolean {
    return this.#entries.some((entry) => entry.id === id);
  }

  /**
   * The subkeys for one purpose, derived once with HKDF-SHA-256 (RFC 5869) from each secret
   * with `purpose` as `info`, then cached. Distinct purposes get unrelated keys, so a token
   * made for one can never verify as another (OWASP ASVS 5.0 11.2.3, KC-01).
   * @param purpose A versioned label such as `'tessera/seal/v1'`.
   */
  derive(purpose: string): DerivedKeys {
    const cached = this.#derived.get(purpose);
    if (cached) return cached;
    if (typeof purpose !== 'string' || purpose.length === 0) {
      throw new ConfigError('A key purpose must be a non-empty string.');
    }
    const subkey = ({ id, secret }: Entry): DerivedKey =>
      new DerivedKey(id, Buffer.from(hkdfSync('sha256', secret, '', purpose, SUBKEY_BYTES)));
    const newest = subkey(this.#newest);
    const all = this.#entries.map((entry) => (entry === this.#newest ? newest : subkey(entry)));
    const derived = new DerivedKeys(purpose, newest, all);
    this.#derived.set(purpose, derived);
    return derived;
  }

  /** Serializes as `{ ids }`: secrets never reach JSON logs. */
  toJSON(): { ids: string[] } {
    return { ids: this.ids };
  }

  toString(): string {
    return `Keyring(${this.ids.join(', ')})`;
  }

  [inspect.custom](): string {
    return `Keyring { ids: ${inspect(this.ids)} }`;
  }
}

function resolveEntry(entry: unknown): Entry {
  if (typeof entry === 'string' || entry instanceof Uint8Array) {
    const secret = Buffer.from(strongSecretBytes(entry));
    return { id: deriveId(secret), secret };
  }
  if (typeof entry !== 'object' || entry === null) {
    throw new ConfigError('A keyring entry must be a secret or an { id, secret } object.');
  }
  const { id, secret } = entry as { readonly id?: unknown; readonly secret?: unknown };
  if (typeof id !== 'string' || !KEY_ID_PATTERN.test(id)) {
    throw new ConfigError('A key id must be 1 to 32 characters of A-Z, a-z, 0-9, "-" or "_".');
  }
  // strongSecretBytes checks the type at run time. Both branches copy the bytes, so later
  // changes to the caller's buffer cannot change the keyring.
  return { id, secret: Buffer.from(strongSecretBytes(secret as Secret)) };
}

function deriveId(secret: Buffer): string {
  return createHmac('sha256', secret)
    .update(ID_LABEL)
    .digest('base64url')
    .slice(0, DERIVED_ID_LENGTH);
}
