/**
 * `TimestampSigner`: a {@link Signer} that also signs the time, byte-compatible with
 * Python's `itsdangerous.TimestampSigner` (`itsdangerous/timed.py`).
 *
 * Token format: `value + sep + base64url(timestamp) + sep + signature`, where the
 * timestamp is whole seconds since the epoch as a big-endian integer with its leading
 * zero bytes stripped.
 */
import { ConfigError } from '../../errors.js';
import { decodeBase64Url } from '../../crypto/encoding.js';
import { BadSignature, BadTimeSignature, SignatureExpired } from './errors.js';
import { Signer, wantText, type SecretKeys, type SignerOptions } from './signer.js';

/** Options of {@link TimestampSigner}: a signer's, plus the clock. */
export interface TimestampSignerOptions extends SignerOptions {
  /**
   * The clock, in milliseconds since the epoch like `Date.now`. Inject one in tests
   * instead of sleeping.
   * @default Date.now
   */
  readonly now?: () => number;
}

/** How {@link TimestampSigner.unsign} checks the age of a token. */
export interface UnsignOptions {
  /**
   * The oldest accepted token, in seconds. A token exactly `maxAge` seconds old is
   * valid; one dated in the future is expired. Omitted, tokens never expire (Python's
   * behaviour, kept for interop; sessions should always set it, OWASP ASVS 5.0 7.3.2).
   */
  readonly maxAge?: number;
  /** Also return when the token was signed. @default false */
  readonly returnTimestamp?: boolean;
}

/** The latest second a `Date` can hold (ECMA-262 §21.4.1.22: ±8.64e15 ms). */
const MAX_DATE_SECONDS = 8.64e12;

/** The timestamp's minimal big-endian bytes, as Python's `int_to_bytes` makes them. */
function encodeTimestamp(seconds: number): string {
  const bytes: number[] = [];
  for (let rest = seconds; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from(bytes).toString('base64url');
}

/**
 * The seconds in a canonical timestamp, or `undefined`. Stricter than Python, which
 * accepts an empty timestamp (as 0), leading zero bytes, more than 8 bytes (then fails
 * later) and lenient base64. Any 7 or 8 byte value is past the last `Date`, so at most 6
 * bytes are read, exactly, as a `Number`.
 */
function decodeTimestamp(text: string): number | undefined {
  const bytes = decodeBase64Url(text);
  if (bytes === undefined || bytes.length === 0 || bytes.length > 6 || bytes[0] === 0) {
    return undefined;
  }
  const seconds = bytes.readUIntBE(0, bytes.length);
  return seconds <= MAX_DATE_SECONDS ? seconds : undefined;
}

function checkMaxAge(maxAge: unknown): void {
  if (typeof maxAge !== 'number' || Number.isNaN(maxAge)) {
    throw new ConfigError('maxAge must be a number of seconds.');
  }
}

/**
 * Signs strings with the time of signing, so that {@link TimestampSigner.unsign} can
 * refuse old tokens (OWASP ASVS 5.0 9.2.1).
 *
 * @example
 * ```ts
 * const signer = new TimestampSigner('secret-key');
 * signer.unsign(signer.sign('user-42'), { maxAge: 600 }); // 'user-42'
 * ```
 */
export class TimestampSigner extends Signer {
  readonly #now: () => number;
  #lastSeconds = -1;
  #lastEncoded = '';

  constructor(secretKey: SecretKeys, options: TimestampSignerOptions = {}) {
    super(secretKey, options);
    const { now = Date.now } = options;
    if (typeof now !== 'function') throw new ConfigError('now must be a function.');
    this.#now = now;
  }

  /** The current time in whole seconds since the epoch (Python's `get_timestamp`). */
  getTimestamp(): number {
    const seconds = Math.floor(this.#now() / 1000);
    if (!(seconds >= 1 && seconds <= MAX_DATE_SECONDS)) {
      throw new ConfigError('The clock returned a time before 1970 or past the year 275760.');
    }
    return seconds;
  }

  /** Converts a timestamp in seconds to a `Date` (Python's `timestamp_to_datetime`). */
  timestampToDate(seconds: number): Date {
    return new Date(seconds * 1000);
  }

  /** Returns `value + sep + timestamp + sep + signature`. */
  override sign(value: string | Uint8Array): string {
    const seconds = this.getTimestamp();
    if (seconds !== this.#lastSeconds) {
      this.#lastEncoded = encodeTimestamp(seconds);
      this.#lastSeconds = seconds;
    }
    return super.sign(wantText(value) + this.sep + this.#lastEncoded);
  }

  /**
   * Returns the value of a timed token, or throws: {@link BadSignature} when there is no
   * signature, {@link BadTimeSignature} when it does not match or the timestamp is
   * missing or malformed, {@link SignatureExpired} when the token is older than
   * `maxAge` seconds or dated in the future. The MAC is checked before anything is
   * decoded.
   */
  override unsign(
    signed: string,
    options: UnsignOptions & { returnTimestamp: true },
  ): [string, Date];
  override unsign(signed: string, options?: UnsignOptions & { returnTimestamp?: false }): string;
  override unsign(signed: string, options?: UnsignOptions): string | [string, Date];
  override unsign(signed: string, options: UnsignOptions = {}): string | [string, Date] {
    const { maxAge, returnTimestamp = false } = options;
    if (maxAge !== undefined) checkMaxAge(maxAge);
    let result: string;
    try {
      result = super.unsign(signed);
    } catch (error) {
      // Signer.unsign throws only BadSignature. Python re-raises it as a timed one once
      // the timestamp can be split off.
      const { payload, message } = error as BadSignature;
      const at = payload === undefined ? -1 : payload.lastIndexOf(this.sep);
      if (payload === undefined || at < 0) throw error;
      throw new BadTimeSignature(message, { payload: payload.slice(0, at) });
    }
    const at = result.lastIndexOf(this.sep);
    if (at < 0) throw new BadTimeSignature('timestamp missing', { payload: result });
    const value = result.slice(0, at);
    const seconds = decodeTimestamp(result.slice(at + this.sep.length));
    if (seconds === undefined)
      throw new BadTimeSignature('Malformed timestamp', { payload: value });
    if (maxAge !== undefined) {
      const age = this.getTimestamp() - seconds;
      if (age > maxAge || age < 0) {
        const limit = age < 0 ? '< 0' : `> ${maxAge}`;
        throw new SignatureExpired(`Signature age ${age} ${limit} seconds`, {
          payload: value,
          dateSigned: this.timestampToDate(seconds),
        });
      }
    }
    return returnTimestamp ? [value, this.timestampToDate(seconds)] : value;
  }

  /** True when `signed` carries a valid signature no older than `maxAge` seconds. */
  override validate(signed: string, options: Pick<UnsignOptions, 'maxAge'> = {}): boolean {
    try {
      this.unsign(signed, options.maxAge === undefined ? {} : { maxAge: options.maxAge });
      return true;
    } catch (error) {
      if (error instanceof BadSignature) return false;
      throw error;
    }
  }
}
