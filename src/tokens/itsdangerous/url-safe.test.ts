import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { BadPayload, SignatureExpired } from './errors.js';
import { Serializer } from './serializer.js';
import { Signer } from './signer.js';
import { TimedSerializer } from './timed-serializer.js';
import { TimestampSigner } from './timed.js';
import { URLSafeSerializer, URLSafeTimedSerializer } from './url-safe.js';

const SECRET = 'url-safe-test-secret';
const SIGNED_AT = 1_700_000_000;
const now = () => SIGNED_AT * 1000;
const timed = (options = {}) =>
  new URLSafeTimedSerializer(SECRET, { signerOptions: { now }, ...options });
/** Signs any payload text as the URL-safe timed serializer would, to test what it decodes. */
const signPayload = (payload: string) =>
  new TimestampSigner(SECRET, { salt: 'itsdangerous', now }).sign(payload);
const deflated = (text: string) => `.${deflateSync(Buffer.from(text)).toString('base64url')}`;

function badPayload(fn: () => unknown): BadPayload {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BadPayload);
    return error as BadPayload;
  }
  throw new Error('expected BadPayload');
}

describe('URL-safe serializers', () => {
  it('extend the serializer they make URL-safe', () => {
    expect(new URLSafeSerializer(SECRET)).toBeInstanceOf(Serializer);
    expect(timed()).toBeInstanceOf(TimedSerializer);
  });

  it.each([
    ['a short object', { id: 42 }],
    ['text that compresses', 'a'.repeat(1000)],
    ['unicode', { n: 'é😀漢字' }],
    ['an empty list', []],
  ])('round-trip %s using only URL-safe characters', (_name, value) => {
    for (const serializer of [new URLSafeSerializer(SECRET), timed()]) {
      const token = serializer.dumps(value);
      expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
      expect(serializer.loads(token)).toEqual(value);
    }
  });

  it.each([
    ['incompressible JSON', { id: 42 }],
    ['compressible JSON', { list: Array.from({ length: 40 }, () => 'same') }],
    ['JSON at the threshold', 'ab'.repeat(12)],
  ])('compress %s only when it saves more than one byte, as Python', (_name, value) => {
    const json = JSON.stringify(value);
    const compressed = deflateSync(Buffer.from(json));
    const payload = new Signer(SECRET, { salt: 'itsdangerous' }).unsign(
      new URLSafeSerializer(SECRET).dumps(value),
    );
    expect(payload).toBe(
      compressed.length < Buffer.byteLength(json) - 1
        ? `.${compressed.toString('base64url')}`
        : Buffer.from(json).toString('base64url'),
    );
  });

  it('stops inflating a signed zip bomb at the cap', () => {
    const bomb = signPayload(deflated(`"${'a'.repeat(2 << 20)}"`));
    const error = badPayload(() => timed().loads(bomb));
    expect(error.cause).toMatchObject({ code: 'ERR_BUFFER_TOO_LARGE' });
    const small = signPayload(deflated(`"${'a'.repeat(100)}"`));
    badPayload(() => timed({ maxDecompressedBytes: 64 }).loads(small));
    expect(timed({ maxDecompressedBytes: 102 }).loads(small)).toBe('a'.repeat(100));
  });

  it.each([
    ['padded base64', `${Buffer.from('{"a":1}').toString('base64url')}=`],
    ['standard base64', Buffer.from('{"a":">?"}').toString('base64')],
    ['broken zlib', `.${Buffer.from('not zlib').toString('base64url')}`],
    ['invalid UTF-8', Buffer.from([0x22, 0xff, 0x22]).toString('base64url')],
    ['a byte order mark', Buffer.from('\ufeff{}').toString('base64url')],
    ['not JSON', Buffer.from('{a').toString('base64url')],
    ['empty', ''],
  ])('turn a validly signed payload of %s into BadPayload', (_name, payload) => {
    badPayload(() => timed().loads(signPayload(payload)));
  });

  it('report an expired token through loadsUnsafe', () => {
    const token = timed().dumps({ id: 1 });
    const later = new URLSafeTimedSerializer(SECRET, {
      signerOptions: { now: () => (SIGNED_AT + 61) * 1000 },
    });
    expect(() => later.loads(token, { maxAge: 60 })).toThrow(SignatureExpired);
    expect(later.loadsUnsafe(token, { maxAge: 60 })).toEqual([false, { id: 1 }]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuse maxDecompressedBytes %s', (max) => {
    expect(() => new URLSafeSerializer(SECRET, { maxDecompressedBytes: max })).toThrow(ConfigError);
    expect(() => timed({ maxDecompressedBytes: max })).toThrow(ConfigError);
  });
});
