/**
 * `Serializer`: JSON values in, signed strings out, byte-compatible with Python's
 * `itsdangerous.Serializer` (`itsdangerous/serializer.py`).
 */
import { BadPayload, BadSignature } from './errors.js';
import { pythonJson, type TextSerializer } from './json.js';
import { Signer, type SecretKeys, type SignerOptions } from './signer.js';

/** Options of {@link Serializer} and the serializers built on it. */
export interface SerializerOptions {
  /**
   * Separates signing contexts; pass the same salt on both sides (OWASP ASVS 5.0 9.2.2).
   * @default 'itsdangerous'
   */
  readonly salt?: string | Uint8Array;
  /**
   * Turns values into text and back. The default prints what Python's `json.dumps`
   * prints with default arguments, as Python's `Serializer` does; the URL-safe
   * serializers default to compact JSON instead. Whatever `loads` throws becomes a
   * {@link BadPayload}.
   * @default pythonJson
   */
  readonly serializer?: TextSerializer;
  /** Everything a {@link Signer} takes except the salt (Python's `signer_kwargs`). */
  readonly signerOptions?: Omit<SignerOptions, 'salt'>;
}

/** The result of `loadsUnsafe`: whether the signature held, and the payload if readable. */
export type UnsafeLoad = [ok: boolean, payload: unknown];

/**
 * Signs JSON-serializable values and loads them back.
 *
 * @example
 * ```ts
 * const serializer = new Serializer('secret-key', { salt: 'activate' });
 * serializer.loads(serializer.dumps([42])); // [42]
 * ```
 */
export class Serializer {
  /** The signer tokens are made and checked with. */
  protected readonly signer: Signer;
  readonly #serializer: TextSerializer;

  constructor(secretKey: SecretKeys, options: SerializerOptions = {}) {
    this.#serializer = options.serializer ?? this.defaultSerializer();
    this.signer = this.makeSigner(secretKey, {
      ...options.signerOptions,
      salt: options.salt ?? 'itsdangerous',
    });
  }

  /** The signer class to use (Python's `default_signer`). */
  protected makeSigner(secretKey: SecretKeys, options: SignerOptions): Signer {
    return new Signer(secretKey, options);
  }

  /** The text serializer used when none is given (Python's `default_serializer`). */
  protected defaultSerializer(): TextSerializer {
    return pythonJson;
  }

  /** Turns a value into the text that is signed. */
  protected dumpPayload(value: unknown): string {
    return this.#serializer.dumps(value);
  }

  /** Turns verified text back into a value, or throws {@link BadPayload}. */
  protected loadPayload(payload: string): unknown {
    try {
      return this.#serializer.loads(payload);
    } catch (error) {
      throw new BadPayload(
        'Could not load the payload because an exception occurred on unserializing the data.',
        { cause: error },
      );
    }
  }

  /** Serializes and signs `value`. */
  dumps(value: unknown): string {
    return this.signer.sign(this.dumpPayload(value));
  }

  /**
   * Verifies and deserializes a token. Throws {@link BadSignature} when the signature
   * does not match, {@link BadPayload} when it matches but the payload cannot be read.
   */
  loads(token: string): unknown {
    return this.loadPayload(this.signer.unsign(token));
  }

  /**
   * Python's `loads_unsafe`, for debugging: `[true, value]` for a valid token; for a bad
   * signature `[false, value]` with the *unverified* payload, or `[false, undefined]`
   * if it cannot be read. As in Python, a valid signature over an unreadable payload
   * still throws {@link BadPayload}. Never trust the payload of a `false` result.
   */
  loadsUnsafe(token: string): UnsafeLoad {
    return this.unsafeLoad(() => this.loads(token));
  }

  /** Python's `_loads_unsafe_impl`: `load` is the verifying loader to try first. */
  protected unsafeLoad(load: () => unknown): UnsafeLoad {
    try {
      return [true, load()];
    } catch (error) {
      if (!(error instanceof BadSignature)) throw error;
      if (error.payload === undefined) return [false, undefined];
      try {
        return [false, this.loadPayload(error.payload)];
      } catch (payloadError) {
        if (payloadError instanceof BadPayload) return [false, undefined];
        throw payloadError;
      }
    }
  }
}
