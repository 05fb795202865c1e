/**
 * `TimedSerializer`: a {@link Serializer} signed with a {@link TimestampSigner}, so tokens
 * expire (Python's `itsdangerous.TimedSerializer`, in `itsdangerous/timed.py`).
 */
import { Serializer, type SerializerOptions, type UnsafeLoad } from './serializer.js';
import type { SecretKeys, SignerOptions } from './signer.js';
import { TimestampSigner, type TimestampSignerOptions, type UnsignOptions } from './timed.js';

/** Options of {@link TimedSerializer}: a serializer's, with a clock for the signer. */
export interface TimedSerializerOptions extends SerializerOptions {
  /** Everything a {@link TimestampSigner} takes except the salt, including `now`. */
  readonly signerOptions?: Omit<TimestampSignerOptions, 'salt'>;
}

/**
 * Signs values with the time of signing; `loads` can refuse tokens older than `maxAge`
 * seconds (OWASP ASVS 5.0 9.2.1).
 *
 * @example
 * ```ts
 * const serializer = new TimedSerializer('secret-key');
 * serializer.loads(serializer.dumps({ id: 42 }), { maxAge: 3600 }); // { id: 42 }
 * ```
 */
export class TimedSerializer extends Serializer {
  declare protected readonly signer: TimestampSigner;

  constructor(secretKey: SecretKeys, options: TimedSerializerOptions = {}) {
    super(secretKey, options);
  }

  protected override makeSigner(secretKey: SecretKeys, options: SignerOptions): TimestampSigner {
    return new TimestampSigner(secretKey, options);
  }

  /**
   * Verifies a token, checks its age and deserializes it. Throws
   * {@link SignatureExpired} past `maxAge` (a token exactly `maxAge` seconds old is
   * valid), {@link BadTimeSignature} or {@link BadSignature} for a bad token,
   * {@link BadPayload} for an unreadable payload. Without `maxAge` a token never
   * expires, as in Python.
   */
  override loads(
    token: string,
    options: UnsignOptions & { returnTimestamp: true },
  ): [unknown, Date];
  override loads(token: string, options?: UnsignOptions): unknown;
  override loads(token: string, options: UnsignOptions = {}): unknown {
    if (options.returnTimestamp !== true) {
      return this.loadPayload(this.signer.unsign(token, { ...options, returnTimestamp: false }));
    }
    const [payload, date] = this.signer.unsign(token, { ...options, returnTimestamp: true });
    return [this.loadPayload(payload), date];
  }

  /** {@link Serializer.loadsUnsafe}, also reporting an expired token as `[false, value]`. */
  override loadsUnsafe(token: string, options: Pick<UnsignOptions, 'maxAge'> = {}): UnsafeLoad {
    return this.unsafeLoad(() =>
      this.loads(token, options.maxAge === undefined ? {} : { maxAge: options.maxAge }),
    );
  }
}
