/**
 * `tessera/itsdangerous`: Python itsdangerous tokens and Starlette session cookies,
 * readable and writable from Node. Names follow Python; methods are camelCase.
 *
 * Layers, each adding one thing: `Signer` → `TimestampSigner` (time) → `Serializer`
 * (values) → `TimedSerializer` (expiry) → `URLSafe*` (compact JSON, zlib, base64url).
 */

// Signers
export {
  Signer,
  type DigestMethod,
  type KeyDerivation,
  type SecretKeys,
  type SignerOptions,
} from './signer.js';
export { TimestampSigner, type TimestampSignerOptions, type UnsignOptions } from './timed.js';

// Serializers
export { Serializer, type SerializerOptions, type UnsafeLoad } from './serializer.js';
export { TimedSerializer, type TimedSerializerOptions } from './timed-serializer.js';
export {
  URLSafeSerializer,
  URLSafeTimedSerializer,
  type URLSafeSerializerOptions,
  type URLSafeTimedSerializerOptions,
  type UrlSafeOptions,
} from './url-safe.js';
export {
  compactJson,
  compactJsonDumps,
  pythonJson,
  pythonJsonDumps,
  MAX_JSON_DEPTH,
  type TextSerializer,
} from './json.js';

// Starlette
export {
  StarletteSessionSerializer,
  type StarletteSession,
  type StarletteSessionOptions,
} from './starlette.js';

// Errors
export {
  BadData,
  BadPayload,
  BadSignature,
  BadTimeSignature,
  SignatureExpired,
  type BadDataCode,
  type BadSignatureOptions,
  type BadTimeSignatureOptions,
} from './errors.js';
