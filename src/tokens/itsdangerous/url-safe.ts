/**
 * The URL-safe serializers (Python's `URLSafeSerializerMixin`, `itsdangerous/url_safe.py`):
 * compact JSON, zlib-compressed when that saves more than one byte, then base64url.
 *
 * Payload: `base64url(json)`, or `"." + base64url(zlib(json))` when compressed, so a
 * compressed token starts with a dot. Compressed bytes may differ from Python's (zlib
 * builds differ) but each side inflates the other's.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { ConfigError } from '../../errors.js';
import { decodeBase64Url } from '../../crypto/encoding.js';
import { BadPayload } from './errors.js';
import { compactJson, type TextSerializer } from './json.js';
import { Serializer, type SerializerOptions } from './serializer.js';
import type { SecretKeys } from './signer.js';
import { TimedSerializer, type TimedSerializerOptions } from './timed-serializer.js';

/** What the URL-safe serializers add to the options of the class they extend. */
export interface UrlSafeOptions {
  /**
   * Largest payload a compressed token may inflate to. Inflating happens only after the
   * signature has been checked, and stops at this size, so a signed zip bomb cannot
   * exhaust memory (CWE-409).
   * @default 1048576 (1 MiB)
   */
  readonly maxDecompressedBytes?: number;
}

/** Options of {@link URLSafeSerializer}. */
export interface URLSafeSerializerOptions extends SerializerOptions, UrlSafeOptions {}

/** Options of {@link URLSafeTimedSerializer}. */
export interface URLSafeTimedSerializerOptions extends TimedSerializerOptions, UrlSafeOptions {}

const DEFAULT_MAX_DECOMPRESSED_BYTES = 1 << 20;
// Keep a leading BOM, as Python's decode('utf-8') does.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function maxDecompressedBytes(options: UrlSafeOptions): number {
  const max = options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new ConfigError('maxDecompressedBytes must be a positive integer.');
  }
  return max;
}

/** Python's `URLSafeSerializerMixin.dump_payload` after the JSON step. */
function encodePayload(json: string): string {
  const bytes = Buffer.from(json, 'utf8');
  const compressed = deflateSync(bytes);
  return compressed.length < bytes.length - 1
    ? `.${compressed.toString('base64url')}`
    : bytes.toString('base64url');
}

/** Python's `URLSafeSerializerMixin.load_payload` before the JSON step. */
function decodePayload(payload: string, maxOutputLength: number): string {
  const compressed = payload.startsWith('.');
  let bytes = decodeBase64Url(compressed ? payload.slice(1) : payload);
  if (bytes === undefined) {
    throw new BadPayload('Could not base64 decode the payload because of an exception');
  }
  if (compressed) {
    try {
      bytes = inflateSync(bytes, { maxOutputLength });
    } catch (error) {
      throw new BadPayload('Could not zlib decompress the payload before decoding the payload', {
        cause: error,
      });
    }
  }
  try {
    return utf8.decode(bytes);
  } catch (error) {
    throw new BadPayload('The payload is not valid UTF-8.', { cause: error });
  }
}

/**
 * Signs values into strings made of `A–Z a–z 0–9 - _ .` only, safe in URLs and cookies.
 *
 * @example
 * ```ts
 * const serializer = new URLSafeSerializer('secret-key', { salt: 'unsubscribe' });
 * serializer.loads(serializer.dumps({ list: 7 })); // { list: 7 }
 * ```
 */
export class URLSafeSerializer extends Serializer {
  readonly #maxDecompressedBytes: number;

  constructor(secretKey: SecretKeys, options: URLSafeSerializerOptions = {}) {
    super(secretKey, options);
    this.#maxDecompressedBytes = maxDecompressedBytes(options);
  }

  protected override defaultSerializer(): TextSerializer {
    return compactJson;
  }

  protected override dumpPayload(value: unknown): string {
    return encodePayload(super.dumpPayload(value));
  }

  protected override loadPayload(payload: string): unknown {
    return super.loadPayload(decodePayload(payload, this.#maxDecompressedBytes));
  }
}

/**
 * The usual itsdangerous token: URL-safe, timed, compact JSON. What Flask-style apps
 * and the `tessera sign` / `tessera verify` commands use.
 *
 * @example
 * ```ts
 * const serializer = new URLSafeTimedSerializer(['old-secret', 'new-secret'], { salt: 'reset' });
 * const token = serializer.dumps({ id: 42 });
 * serializer.loads(token, { maxAge: 3600 }); // { id: 42 }
 * ```
 */
export class URLSafeTimedSerializer extends TimedSerializer {
  readonly #maxDecompressedBytes: number;

  constructor(secretKey: SecretKeys, options: URLSafeTimedSerializerOptions = {}) {
    super(secretKey, options);
    this.#maxDecompressedBytes = maxDecompressedBytes(options);
  }

  protected override defaultSerializer(): TextSerializer {
    return compactJson;
  }

  protected override dumpPayload(value: unknown): string {
    return encodePayload(super.dumpPayload(value));
  }

  protected override loadPayload(payload: string): unknown {
    return super.loadPayload(decodePayload(payload, this.#maxDecompressedBytes));
  }
}
