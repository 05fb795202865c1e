/**
 * Known answers from Python itsdangerous 2.2.0 at the fixed time 1308874145
 * (shared/research/security.md §10), and the bad-token corpus of §8.G–8.J built on them.
 * No Python needed: test/interop/ checks the same behaviour live.
 */
import { describe, expect, it } from 'vitest';
import {
  BadSignature,
  BadTimeSignature,
  Serializer,
  SignatureExpired,
  StarletteSessionSerializer,
  TimestampSigner,
  URLSafeTimedSerializer,
} from './index.js';

const SIGNED_AT = 1_308_874_145;
const at = (seconds: number) => () => seconds * 1000;
const T = 'eyJpZCI6NDJ9.TgPVoQ.OrMFcbcNb1bOevFzF4w643CiYnI';

const reference = (now = SIGNED_AT) =>
  new URLSafeTimedSerializer('secret-key', { signerOptions: { now: at(now) } });
const flaskLike = (now = SIGNED_AT) =>
  new URLSafeTimedSerializer('secret-key', {
    salt: 'cookie-session',
    signerOptions: { keyDerivation: 'hmac', now: at(now) },
  });

describe('known answers from Python itsdangerous', () => {
  it.each([
    ['URLSafeTimedSerializer, object', reference(), { id: 42 }, T],
    [
      'URLSafeTimedSerializer, compressed',
      reference(),
      'a'.repeat(1000),
      '.eJxTShwFo2AUDHugBAD6Fns8.TgPVoQ.fRXLPUYVblkvmE1sUMSzMUJ1o1Q',
    ],
    [
      'key list ["old-key", "new-key"]',
      new URLSafeTimedSerializer(['old-key', 'new-key'], { signerOptions: { now: at(SIGNED_AT) } }),
      { id: 42 },
      'eyJpZCI6NDJ9.TgPVoQ.zulVDqwLV7QjvWrCd0qSux6IrJs',
    ],
    [
      'key "new-key" alone',
      new URLSafeTimedSerializer('new-key', { signerOptions: { now: at(SIGNED_AT) } }),
      { id: 42 },
      'eyJpZCI6NDJ9.TgPVoQ.zulVDqwLV7QjvWrCd0qSux6IrJs',
    ],
    [
      'Flask signer parameters',
      flaskLike(),
      { user_id: 1 },
      'eyJ1c2VyX2lkIjoxfQ.TgPVoQ.X9OzqmUUVTu-CJtaZvFM5FyYtMY',
    ],
    [
      'non-ASCII',
      reference(),
      { n: 'é😀' },
      'eyJuIjoiw6nwn5iAIn0.TgPVoQ.vRFpA87bqaf89uzzK1dRlCsyd8g',
    ],
  ])('%s: dumps gives Python’s token and loads it back', (_name, serializer, value, token) => {
    if (!token.startsWith('.')) expect(serializer.dumps(value)).toBe(token);
    expect(serializer.loads(token, { maxAge: 0 })).toEqual(value);
  });

  it('Serializer("dev key", salt "dev salt") signs [42] as upstream’s test expects', () => {
    const serializer = new Serializer('dev key', { salt: 'dev salt' });
    expect(serializer.dumps([42])).toBe('[42].-9cNi0CxsSB3hZPNCe9a2eEs1ZM');
    expect(serializer.loads('[42].-9cNi0CxsSB3hZPNCe9a2eEs1ZM')).toEqual([42]);
  });

  it('signs a Starlette-like cookie as TimestampSigner("secret-key") does', () => {
    const cookie = 'eyJhIjogMX0=.TgPVoQ.Ujpb0ELU7CmL50F1SND9Ig9-szM';
    const signer = new TimestampSigner('secret-key', { now: at(SIGNED_AT) });
    expect(signer.sign(Buffer.from('{"a": 1}').toString('base64'))).toBe(cookie);
    const starlette = new StarletteSessionSerializer('secret-key', { now: at(SIGNED_AT) });
    expect(starlette.dumps({ a: 1 })).toBe(cookie);
    expect(starlette.loads(cookie)).toEqual({ a: 1 });
  });
});

describe('bad tokens are rejected (security.md §8)', () => {
  it.each([
    ['8.G payload changed', 'eyJpZCI6NDN9.TgPVoQ.OrMFcbcNb1bOevFzF4w643CiYnI'],
    ['8.G timestamp +1', 'eyJpZCI6NDJ9.TgPVoR.OrMFcbcNb1bOevFzF4w643CiYnI'],
    ['8.G last signature char', 'eyJpZCI6NDJ9.TgPVoQ.OrMFcbcNb1bOevFzF4w643CiYnJ'],
    ['8.G upper-cased', T.toUpperCase()],
    ['8.H one char short', T.slice(0, -1)],
    ['8.H four chars short', T.slice(0, -4)],
    ['8.H empty signature', 'eyJpZCI6NDJ9.TgPVoQ.'],
    ['8.H no signature part', 'eyJpZCI6NDJ9.TgPVoQ'],
    ['8.H payload only', 'eyJpZCI6NDJ9'],
    ['8.H dot', '.'],
    ['8.H two dots', '..'],
    ['8.H three dots', '...'],
    ['8.H empty', ''],
    ['8.H empty timestamp', 'eyJpZCI6NDJ9..OrMFcbcNb1bOevFzF4w643CiYnI'],
    ['8.I one pad', `${T}=`],
    ['8.I two pads', `${T}==`],
    ['8.I whitespace', `eyJpZCI6 NDJ9.TgPVoQ.OrMFcbcNb1bOevFzF4w643CiYnI`],
    ['8.I percent-encoded dot', 'eyJpZCI6NDJ9%2ETgPVoQ.OrMFcbcNb1bOevFzF4w643CiYnI'],
    ['8.I quoted', `"${T}"`],
    ['8.I trailing non-ASCII', `${T}é`],
  ])('%s', (_name, token) => {
    expect(() => reference().loads(token, { maxAge: 10 })).toThrow(BadSignature);
    expect(reference().loadsUnsafe(token, { maxAge: 10 })[0]).toBe(false);
  });

  it.each([
    ['8.I standard alphabet', 'eyJ1c2VyX2lkIjoxfQ.TgPVoQ.X9OzqmUUVTu+CJtaZvFM5FyYtMY'],
    ['8.I non-zero trailing bits', 'eyJ1c2VyX2lkIjoxfQ.TgPVoQ.X9OzqmUUVTu-CJtaZvFM5FyYtMZ'],
  ])('%s of the Flask-like vector', (_name, token) => {
    expect(() => flaskLike().loads(token, { maxAge: 10 })).toThrow(BadSignature);
  });

  it.each([
    ['salt cookie-session', { salt: 'cookie-session' }],
    ['digest SHA-256', { signerOptions: { digestMethod: 'sha256' as const } }],
    ['key derivation hmac', { signerOptions: { keyDerivation: 'hmac' as const } }],
  ])('8.G the right token in the wrong context: %s', (_name, options) => {
    const serializer = new URLSafeTimedSerializer('secret-key', options);
    expect(() => serializer.loads(T)).toThrow(BadSignature);
  });

  it.each([
    ['empty (Python reads 0)', 'eyJ1c2VyX2lkIjoxfQ..EisXooPSEAY7Z1U-rToOHwST1ps'],
    ['8 zero bytes', 'eyJ1c2VyX2lkIjoxfQ.AAAAAAAAAAA.zHLKafL6OHKnzOBU2k73zFw7MVw'],
    [
      '2^64 − 1 (Python: OverflowError)',
      'eyJ1c2VyX2lkIjoxfQ.__________8.Dlo_pu04PWvy1ENDSiX51NtIdRs',
    ],
    ['9 bytes', 'eyJ1c2VyX2lkIjoxfQ.____________.Gn4F8j7gdcSAXN9hs8WqliW7Ups'],
  ])('8.J validly signed, malformed timestamp: %s', (_name, token) => {
    for (const options of [{}, { maxAge: 10 }, { returnTimestamp: true as const }]) {
      const error = (() => {
        try {
          flaskLike().loads(token, options);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(BadTimeSignature);
      expect(error).not.toBeInstanceOf(SignatureExpired);
      expect(error).toMatchObject({
        code: 'ERR_BAD_TIME_SIGNATURE',
        message: 'Malformed timestamp',
      });
    }
  });

  it.each([
    ['now − maxAge', SIGNED_AT + 10, undefined],
    ['now − maxAge − 1', SIGNED_AT + 11, SignatureExpired],
    ['one second in the future', SIGNED_AT - 1, SignatureExpired],
  ])('8.J clock row %s', (_name, now, error) => {
    const load = () => reference(now).loads(T, { maxAge: 10 });
    if (error) expect(load).toThrow(error);
    else expect(load()).toEqual({ id: 42 });
  });
});
