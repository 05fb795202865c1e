import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { BadData, BadSignature } from './errors.js';
import { Signer, type DigestMethod, type KeyDerivation } from './signer.js';

const SECRET = 'signer-test-secret';

/** Python's `Signer.derive_key`, written out independently of the code under test. */
function pythonKey(derivation: KeyDerivation, digest: DigestMethod, salt: string): Buffer {
  switch (derivation) {
    case 'django-concat':
      return createHash(digest).update(`${salt}signer${SECRET}`).digest();
    case 'concat':
      return createHash(digest).update(`${salt}${SECRET}`).digest();
    case 'hmac':
      return createHmac(digest, SECRET).update(salt).digest();
    case 'none':
      return Buffer.from(SECRET);
  }
}

const derivations: KeyDerivation[] = ['django-concat', 'concat', 'hmac', 'none'];
const digests: DigestMethod[] = ['sha1', 'sha256', 'sha512'];
const matrix = derivations.flatMap((kd) => digests.map((digest) => [kd, digest] as const));

describe('Signer', () => {
  it.each(matrix)('signs as value.base64url(HMAC(key)) with %s keys and %s', (kd, digest) => {
    const signer = new Signer(SECRET, { salt: 'pepper', keyDerivation: kd, digestMethod: digest });
    const mac = createHmac(digest, pythonKey(kd, digest, 'pepper'))
      .update('héllo')
      .digest();
    expect(signer.sign('héllo')).toBe(`héllo.${mac.toString('base64url')}`);
    expect(signer.getSignature('héllo')).toBe(mac.toString('base64url'));
    expect(signer.unsign(signer.sign('héllo'))).toBe('héllo');
  });

  it('defaults to salt "itsdangerous.Signer", django-concat and SHA-1, as Python', () => {
    const key = pythonKey('django-concat', 'sha1', 'itsdangerous.Signer');
    const mac = createHmac('sha1', key).update('v').digest('base64url');
    expect(new Signer(SECRET).sign('v')).toBe(`v.${mac}`);
  });

  it('takes secrets, salts and values as text or bytes alike', () => {
    const text = new Signer(SECRET, { salt: 'salt' });
    const bytes = new Signer(new TextEncoder().encode(SECRET), {
      salt: new TextEncoder().encode('salt'),
    });
    expect(bytes.sign(new TextEncoder().encode('zoë'))).toBe(text.sign('zoë'));
  });

  it('keeps a byte order mark in byte input, as Python does', () => {
    const signer = new Signer(SECRET);
    expect(signer.sign(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe(signer.sign('\ufeffa'));
  });

  it('keeps the last separator as the signature boundary', () => {
    const signer = new Signer(SECRET);
    expect(signer.unsign(signer.sign('a.b.c'))).toBe('a.b.c');
  });

  it.each([':', '~', '|', '::', '.!', ' '])('accepts the separator %j', (sep) => {
    const signer = new Signer(SECRET, { sep });
    const signed = signer.sign(`x${sep}y`);
    expect(signed.startsWith(`x${sep}y${sep}`)).toBe(true);
    expect(signer.unsign(signed)).toBe(`x${sep}y`);
  });

  const signer = new Signer(SECRET);
  const good = signer.sign('user-42');
  const [value, sig] = [
    good.slice(0, good.lastIndexOf('.')),
    good.slice(good.lastIndexOf('.') + 1),
  ];

  it.each([
    ['upper-cased', good.toUpperCase()],
    ['a character appended', `${good}x`],
    ['the first character changed', `X${good.slice(1)}`],
    ['the separator removed', good.replace('.', '')],
    ['the signature truncated', good.slice(0, -1)],
    ['an empty signature', `${value}.`],
    ['padding added', `${good}=`],
    ['the standard alphabet', `${value}.${Buffer.from(sig, 'base64url').toString('base64')}`],
    ['the value changed', `user-43.${sig}`],
  ])('rejects a token with %s', (_name, token) => {
    expect(() => signer.unsign(token)).toThrow(BadSignature);
    expect(signer.validate(token)).toBe(false);
  });

  it('rejects non-zero trailing bits in the signature, which Python ignores', () => {
    // SHA-1 is 20 bytes: 27 characters whose last carries 2 spare bits.
    const last = sig.charCodeAt(sig.length - 1);
    const twin = `${sig.slice(0, -1)}${String.fromCharCode(last + 1)}`;
    expect(Buffer.from(twin, 'base64url')).toEqual(Buffer.from(sig, 'base64url'));
    expect(signer.verifySignature(value, sig)).toBe(true);
    expect(signer.verifySignature(value, twin)).toBe(false);
  });

  it('reports the unverified value but never the signature in the error', () => {
    const forged = `admin.${sig}`;
    const error = (() => {
      try {
        signer.unsign(forged);
      } catch (caught) {
        return caught as BadSignature;
      }
    })();
    expect(error).toMatchObject({ code: 'ERR_BAD_SIGNATURE', payload: 'admin' });
    expect(error?.message).toBe('Signature does not match');
    expect(() => signer.unsign('no-separator')).toThrow('No "." found in value');
  });

  it('signs with the newest key and verifies with all of them, oldest to newest as Python', () => {
    const old = new Signer('old-secret');
    const current = new Signer('new-secret');
    const rotating = new Signer(['old-secret', 'new-secret']);
    expect(rotating.sign('v')).toBe(current.sign('v'));
    expect(rotating.unsign(old.sign('v'))).toBe('v');
    expect(() => current.unsign(old.sign('v'))).toThrow(BadSignature);
  });

  it.each([
    ['an empty separator', () => new Signer(SECRET, { sep: '' })],
    ['a letter separator', () => new Signer(SECRET, { sep: 'a' })],
    ['a base64url separator', () => new Signer(SECRET, { sep: '-' })],
    ['"=" as separator', () => new Signer(SECRET, { sep: '=' })],
    ['a separator containing a digit', () => new Signer(SECRET, { sep: '.1' })],
    ['a non-string separator', () => new Signer(SECRET, { sep: 5 as unknown as string })],
    [
      'an unknown key derivation',
      () => new Signer(SECRET, { keyDerivation: 'md5' as KeyDerivation }),
    ],
    ['an unknown digest', () => new Signer(SECRET, { digestMethod: 'md5' as DigestMethod })],
    ['the "none" algorithm', () => new Signer(SECRET, { digestMethod: 'none' as DigestMethod })],
    ['no secret', () => new Signer([])],
    ['an empty secret', () => new Signer('')],
    ['an empty secret in a list', () => new Signer(['ok', new Uint8Array()])],
    ['a number as secret', () => new Signer(42 as unknown as string)],
    ['a number as salt', () => new Signer(SECRET, { salt: 42 as unknown as string })],
  ])('refuses %s at construction', (_name, build) => {
    expect(build).toThrow(ConfigError);
  });

  it('never echoes the secret in a configuration error', () => {
    expect(() => new Signer(SECRET, { digestMethod: 'md5' as DigestMethod })).not.toThrow(SECRET);
  });

  it('refuses values that cannot round-trip through UTF-8', () => {
    expect(() => signer.sign('a\ud800b')).toThrow(BadData);
    expect(() => signer.sign(new Uint8Array([0xff, 0xfe]))).toThrow(BadData);
    const replaced = signer.sign('a\ufffdb');
    expect(() => signer.unsign(replaced.replace('\ufffd', '\ud800'))).toThrow(BadSignature);
    expect(signer.verifySignature(new Uint8Array([0xff]), sig)).toBe(false);
  });

  it('rejects a non-string token or signature without throwing anything untyped', () => {
    expect(() => signer.unsign(42 as unknown as string)).toThrow(BadSignature);
    expect(signer.verifySignature(value, undefined as unknown as string)).toBe(false);
  });

  it('lets validate() report only bad signatures as false', () => {
    class Broken extends Signer {
      override unsign(): string {
        throw new TypeError('bug');
      }
    }
    expect(() => new Broken(SECRET).validate(good)).toThrow(TypeError);
    expect(signer.validate(good)).toBe(true);
  });
});
