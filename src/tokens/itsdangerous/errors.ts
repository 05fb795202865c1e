/**
 * itsdangerous's exception hierarchy (`itsdangerous/exc.py`), with a stable `code` on each class.
 *
 * ```
 * BadData                       ERR_BAD_DATA
 * ├── BadSignature              ERR_BAD_SIGNATURE        (payload)
 * │   └── BadTimeSignature      ERR_BAD_TIME_SIGNATURE   (payload, dateSigned)
 * │       └── SignatureExpired  ERR_SIGNATURE_EXPIRED    (payload, dateSigned)
 * └── BadPayload                ERR_BAD_PAYLOAD          (cause)
 * ```
 *
 * Messages follow Python's where they carry no secret material; unlike Python, they never
 * quote the signature or the value (OWASP ASVS 5.0 16.5.1).
 */
import { TesseraError } from '../../errors.js';

/** Every code an itsdangerous error can carry. */
export type BadDataCode =
  | 'ERR_BAD_DATA'
  | 'ERR_BAD_SIGNATURE'
  | 'ERR_BAD_TIME_SIGNATURE'
  | 'ERR_SIGNATURE_EXPIRED'
  | 'ERR_BAD_PAYLOAD';

/** What a signature error knows about the token that failed. */
export interface BadSignatureOptions extends ErrorOptions {
  /**
   * The part of the token before the signature (or before the timestamp, for timed
   * tokens). Present even when the signature did not match, so treat it as untrusted.
   */
  readonly payload?: string;
}

/** What a timed signature error knows about the token that failed. */
export interface BadTimeSignatureOptions extends BadSignatureOptions {
  /** When the token was signed, if the signature matched and the timestamp was readable. */
  readonly dateSigned?: Date;
}

/** Bad data of any sort: the base of every itsdangerous error. */
export class BadData extends TesseraError {
  declare readonly code: BadDataCode;

  constructor(message: string, options?: ErrorOptions) {
    super('ERR_BAD_DATA', message, options);
  }
}

/** The signature is missing or does not match. */
export class BadSignature extends BadData {
  declare readonly code: 'ERR_BAD_SIGNATURE' | 'ERR_BAD_TIME_SIGNATURE' | 'ERR_SIGNATURE_EXPIRED';

  /** The unverified value that failed the check (see {@link BadSignatureOptions.payload}). */
  readonly payload: string | undefined;

  constructor(message: string, options: BadSignatureOptions = {}) {
    super(message, options);
    this.code = 'ERR_BAD_SIGNATURE';
    this.payload = options.payload;
  }
}

/** A timed signature is invalid: bad MAC, missing or malformed timestamp. */
export class BadTimeSignature extends BadSignature {
  declare readonly code: 'ERR_BAD_TIME_SIGNATURE' | 'ERR_SIGNATURE_EXPIRED';

  /**
   * When the token was signed. Unlike Python, `undefined` when the MAC did not match:
   * nothing in a forged token is decoded (ASVS 5.0 9.1.1).
   */
  readonly dateSigned: Date | undefined;

  constructor(message: string, options: BadTimeSignatureOptions = {}) {
    super(message, options);
    this.code = 'ERR_BAD_TIME_SIGNATURE';
    this.dateSigned = options.dateSigned;
  }
}

/** The signature is valid but older than `maxAge`, or dated in the future. */
export class SignatureExpired extends BadTimeSignature {
  declare readonly code: 'ERR_SIGNATURE_EXPIRED';

  constructor(message: string, options: BadTimeSignatureOptions = {}) {
    super(message, options);
    this.code = 'ERR_SIGNATURE_EXPIRED';
  }
}

/**
 * The signature matched but the payload could not be decoded (base64, zlib or the
 * serializer failed). The original error is the `cause`.
 */
export class BadPayload extends BadData {
  declare readonly code: 'ERR_BAD_PAYLOAD';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = 'ERR_BAD_PAYLOAD';
  }
}
