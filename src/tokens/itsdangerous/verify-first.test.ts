/**
 * Nothing in a token is decoded before its MAC is verified (OWASP ASVS 5.0 9.1.1): the
 * base64 decoder, zlib and JSON.parse are spied on and must not run for a forged token.
 */
import { deflateSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BadSignature } from './errors.js';
import { URLSafeTimedSerializer } from './url-safe.js';

const spies = vi.hoisted(() => ({ decode: vi.fn(), inflate: vi.fn() }));

vi.mock('../../crypto/encoding.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../crypto/encoding.js')>();
  return {
    ...actual,
    decodeBase64Url: (text: string) => {
      spies.decode();
      return actual.decodeBase64Url(text);
    },
  };
});

vi.mock('node:zlib', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:zlib')>();
  return {
    ...actual,
    inflateSync: (...args: Parameters<typeof actual.inflateSync>) => {
      spies.inflate();
      return actual.inflateSync(...args);
    },
  };
});

const SIGNED_AT = 1_308_874_145;
const serializer = new URLSafeTimedSerializer('secret-key', {
  signerOptions: { now: () => SIGNED_AT * 1000 },
});
const T = 'eyJpZCI6NDJ9.TgPVoQ.OrMFcbcNb1bOevFzF4w643CiYnI';
const bomb = `.${deflateSync(Buffer.alloc(4 << 20, 0x61)).toString('base64url')}.TgPVoQ.${'A'.repeat(27)}`;

afterEach(() => {
  vi.restoreAllMocks();
  spies.decode.mockClear();
  spies.inflate.mockClear();
});

describe('verify before decoding', () => {
  it.each([
    ['payload changed', 'eyJpZCI6NDN9.TgPVoQ.OrMFcbcNb1bOevFzF4w643CiYnI'],
    ['timestamp changed', 'eyJpZCI6NDJ9.TgPVoR.OrMFcbcNb1bOevFzF4w643CiYnI'],
    ['signature changed', 'eyJpZCI6NDJ9.TgPVoQ.OrMFcbcNb1bOevFzF4w643CiYnJ'],
    ['padding added', `${T}=`],
    ['a zip bomb under a forged MAC', bomb],
  ])('decodes nothing of a token with %s', (_name, token) => {
    const parse = vi.spyOn(JSON, 'parse');
    expect(() => serializer.loads(token, { maxAge: 10 })).toThrow(BadSignature);
    expect(spies.decode).not.toHaveBeenCalled();
    expect(spies.inflate).not.toHaveBeenCalled();
    expect(parse).not.toHaveBeenCalled();
  });

  it('decodes the timestamp and payload of a valid token (the spies work)', () => {
    const parse = vi.spyOn(JSON, 'parse');
    expect(serializer.loads(T, { maxAge: 10 })).toEqual({ id: 42 });
    expect(spies.decode).toHaveBeenCalledTimes(2);
    expect(parse).toHaveBeenCalledTimes(1);
    serializer.loads(serializer.dumps('a'.repeat(1000)));
    expect(spies.inflate).toHaveBeenCalledTimes(1);
  });
});
