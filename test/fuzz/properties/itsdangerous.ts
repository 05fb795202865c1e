/**
 * Round trips of the itsdangerous signers and serializers and Starlette's session cookie over
 * arbitrary text and JSON, under arbitrary secrets, salts and signer options, and key rotation
 * (oldest → newest, as in Python).
 *
 * JSON dialects (src/tokens/itsdangerous/json.ts): every value `anyJson` makes is representable.
 * Lone surrogates travel as `\udXXX` escapes in both dialects; `-0` comes back as `0` (JSON
 * has no negative zero, and Python would print an int's `0`), so values are compared after a
 * trip through `JSON.stringify`/`JSON.parse` ({@link viaJson}).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  BadData,
  BadSignature,
  BadTimeSignature,
  Serializer,
  Signer,
  StarletteSessionSerializer,
  TimedSerializer,
  TimestampSigner,
  URLSafeSerializer,
  URLSafeTimedSerializer,
  type DigestMethod,
  type KeyDerivation,
} from '../../../src/tokens/itsdangerous/index.js';
import {
  anyJson,
  anyJsonObject,
  assertThrowsCode,
  codeUnit,
  propertyCase,
  viaJson,
  wellFormedText,
  type PropertyCase,
} from './property.js';

const secret = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
const salt = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.uint8Array({ maxLength: 20 }),
);

/** Signer options as Python allows them: any derivation and digest, a separator outside base64url. */
const signerOptions = fc.record({
  salt,
  sep: fc.constantFrom('.', ':', '|', '~', '!', '$$', '\u00b7'),
  keyDerivation: fc.constantFrom<KeyDerivation>('django-concat', 'concat', 'hmac', 'none'),
  digestMethod: fc.constantFrom<DigestMethod>('sha1', 'sha256', 'sha512'),
});

/** A clock anywhere a timestamp can be: 1 s after the epoch to the last `Date`. */
const clock = fc.bigInt({ min: 1000n, max: 8_640_000_000_000_000n }).map(Number);

/** JSON, with values long and repetitive enough that the URL-safe serializers compress them. */
const jsonSometimesCompressible = fc.oneof(
  anyJson,
  fc.tuple(fc.string({ maxLength: 4 }), fc.integer({ min: 1, max: 200 })).map(([text, times]) => ({
    repeated: text.repeat(times),
    list: Array.from({ length: times % 20 }, () => text),
  })),
);

/** Two different secrets, for rotation. */
const secretPair = fc
  .uniqueArray(secret, { minLength: 2, maxLength: 2 })
  .map(([older, newer]) => [older!, newer!] as const);

const SERIALIZERS = [
  Serializer,
  TimedSerializer,
  URLSafeSerializer,
  URLSafeTimedSerializer,
] as const;

/** The itsdangerous and Starlette properties. */
export const itsdangerousProperties: readonly PropertyCase[] = [
  propertyCase(
    'Signer: unsign(sign(text)) gives the text back, for any well-formed text, secret list and options',
    300,
    fc.property(
      fc.array(secret, { minLength: 1, maxLength: 3 }),
      signerOptions,
      wellFormedText,
      (secrets, options, text) => {
        const signer = new Signer(secrets, options);
        const token = signer.sign(text);
        assert.equal(signer.unsign(token), text);
        assert.ok(signer.validate(token));
      },
    ),
  ),
  propertyCase(
    'Signer refuses text with a lone surrogate with BadData, as it has no UTF-8 form',
    200,
    fc.property(
      fc.string({ unit: codeUnit, maxLength: 32 }).filter((text) => /\p{Cs}/u.test(text)),
      (text) => {
        assertThrowsCode(() => new Signer('secret').sign(text), BadData, 'ERR_BAD_DATA');
      },
    ),
  ),
  propertyCase(
    'TimestampSigner: unsign(sign(text)) gives the text and the signing second back, at any time',
    300,
    fc.property(secret, signerOptions, wellFormedText, clock, (key, options, text, now) => {
      const signer = new TimestampSigner(key, { ...options, now: () => now });
      const [value, signedAt] = signer.unsign(signer.sign(text), {
        maxAge: 0,
        returnTimestamp: true,
      });
      assert.equal(value, text);
      assert.equal(signedAt.getTime(), Math.floor(now / 1000) * 1000);
    }),
  ),
  propertyCase(
    'Serializer, TimedSerializer, URLSafeSerializer and URLSafeTimedSerializer load what they dump, for any JSON',
    300,
    fc.property(
      fc.constantFrom(...SERIALIZERS),
      secret,
      salt,
      jsonSometimesCompressible,
      (Class, key, purpose, value) => {
        const serializer = new Class(key, { salt: purpose });
        assert.deepStrictEqual(serializer.loads(serializer.dumps(value)), viaJson(value));
      },
    ),
  ),
  propertyCase(
    'URLSafeTimedSerializer loads its tokens, compressed (".…") or not, with max age, under any signer options',
    300,
    fc.property(
      secret,
      signerOptions,
      jsonSometimesCompressible,
      clock,
      (key, options, value, now) => {
        const { salt: purpose, ...rest } = options;
        const serializer = new URLSafeTimedSerializer(key, {
          salt: purpose,
          signerOptions: { ...rest, now: () => now },
        });
        const token = serializer.dumps(value);
        assert.match(token, /^\.?[A-Za-z0-9_-]+/);
        assert.deepStrictEqual(serializer.loads(token, { maxAge: 0 }), viaJson(value));
      },
    ),
  ),
  propertyCase(
    'StarletteSessionSerializer loads every session it dumps',
    300,
    fc.property(secret, anyJsonObject, clock, (key, session, now) => {
      const serializer = new StarletteSessionSerializer(key, { now: () => now });
      assert.deepStrictEqual(serializer.loads(serializer.dumps(session)), viaJson(session));
    }),
  ),
  propertyCase(
    'a token signed with the old secret loads with [old, new] and is refused with [new] alone',
    200,
    fc.property(secretPair, anyJson, ([older, newer], value) => {
      const token = new URLSafeTimedSerializer(older).dumps(value);
      assert.deepStrictEqual(
        new URLSafeTimedSerializer([older, newer]).loads(token),
        viaJson(value),
      );
      assertThrowsCode(
        () => new URLSafeTimedSerializer(newer).loads(token),
        BadTimeSignature,
        'ERR_BAD_TIME_SIGNATURE',
      );
      const signed = new Signer(older).sign(JSON.stringify(value));
      assert.equal(new Signer([older, newer]).unsign(signed), JSON.stringify(value));
      assertThrowsCode(() => new Signer(newer).unsign(signed), BadSignature, 'ERR_BAD_SIGNATURE');
    }),
  ),
];
