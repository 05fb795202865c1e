import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { BadSignature, BadTimeSignature, SignatureExpired } from './errors.js';
import { Signer } from './signer.js';
import { TimestampSigner } from './timed.js';

const SECRET = 'timed-test-secret';
const SIGNED_AT = 1_308_874_145;
const clock = (seconds: number) => () => seconds * 1000 + 999;
const signerAt = (seconds: number) => new TimestampSigner(SECRET, { now: clock(seconds) });

/** Signs arbitrary `value.timestamp` text with the same key, so only the timestamp is wrong. */
const resign = (text: string) => new Signer(SECRET).sign(text);

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('TimestampSigner', () => {
  it('inserts the time as minimal big-endian bytes in base64url, signed with the value', () => {
    const token = signerAt(SIGNED_AT).sign('user-42');
    const [value, ts] = token.split('.');
    expect(value).toBe('user-42');
    const bytes = Buffer.from(ts!, 'base64url');
    expect(bytes.length).toBe(4);
    expect(bytes.readUInt32BE(0)).toBe(SIGNED_AT);
    expect(new Signer(SECRET).unsign(token)).toBe(`user-42.${ts!}`);
  });

  it.each([
    [0, 'valid'],
    [10, 'valid'],
    [11, 'Signature age 11 > 10 seconds'],
    [-1, 'Signature age -1 < 0 seconds'],
  ])('with maxAge 10, a token %i seconds old is %s', (age, outcome) => {
    const token = signerAt(SIGNED_AT).sign('v');
    const load = () => signerAt(SIGNED_AT + age).unsign(token, { maxAge: 10 });
    if (outcome === 'valid') {
      expect(load()).toBe('v');
      expect(signerAt(SIGNED_AT + age).validate(token, { maxAge: 10 })).toBe(true);
      return;
    }
    const error = caught(load);
    expect(error).toBeInstanceOf(SignatureExpired);
    expect(error).toMatchObject({
      code: 'ERR_SIGNATURE_EXPIRED',
      message: outcome,
      payload: 'v',
      dateSigned: new Date(SIGNED_AT * 1000),
    });
    expect(signerAt(SIGNED_AT + age).validate(token, { maxAge: 10 })).toBe(false);
  });

  it('never expires a token when no maxAge is given, as Python', () => {
    const token = signerAt(SIGNED_AT).sign('v');
    expect(signerAt(SIGNED_AT + 10 * 365 * 86_400).unsign(token)).toBe('v');
    expect(signerAt(SIGNED_AT - 86_400).validate(token)).toBe(true);
  });

  it('returns the signing date when asked', () => {
    const token = signerAt(SIGNED_AT).sign('v');
    expect(signerAt(SIGNED_AT).unsign(token, { returnTimestamp: true })).toEqual([
      'v',
      new Date(SIGNED_AT * 1000),
    ]);
    expect(signerAt(SIGNED_AT).timestampToDate(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  it('moves to the next timestamp when the clock does', () => {
    let now = SIGNED_AT * 1000;
    const signer = new TimestampSigner(SECRET, { now: () => now });
    const first = signer.sign('v');
    now += 1000;
    const second = signer.sign('v');
    expect(first).not.toBe(second);
    expect(signer.unsign(second, { returnTimestamp: true })[1].getTime()).toBe(now);
    expect(signer.getTimestamp()).toBe(SIGNED_AT + 1);
  });

  it('keeps Python’s error classes: no timestamp part gives the plain BadSignature', () => {
    const signer = signerAt(SIGNED_AT);
    const token = signer.sign('user-42');
    const tampered = caught(() => signer.unsign(`${token.slice(0, -2)}xx`));
    expect(tampered).toBeInstanceOf(BadTimeSignature);
    expect(tampered).toMatchObject({ payload: 'user-42', dateSigned: undefined });
    expect(caught(() => signer.unsign('user-42'))).not.toBeInstanceOf(BadTimeSignature);
    const oneDot = caught(() => signer.unsign('user-42.AAAA'));
    expect(oneDot).toBeInstanceOf(BadSignature);
    expect(oneDot).not.toBeInstanceOf(BadTimeSignature);
    const untimed = caught(() => signer.unsign(new Signer(SECRET).sign('user-42')));
    expect(untimed).toMatchObject({ code: 'ERR_BAD_TIME_SIGNATURE', message: 'timestamp missing' });
  });

  it.each([
    ['empty', ''],
    ['a leading zero byte', Buffer.from([0, 0x4e, 0x03, 0xd5, 0xa1]).toString('base64url')],
    ['7 bytes', Buffer.from([1, 0, 0, 0, 0, 0, 0]).toString('base64url')],
    ['past the last Date', Buffer.from([0x10, 0, 0, 0, 0, 0]).toString('base64url')],
    ['non-zero trailing bits', 'TgPVoR'],
    ['padding', 'TgPVoQ=='],
    ['standard base64', 'Tg+VoQ'],
    ['whitespace', 'TgPV oQ'],
  ])('refuses a validly signed timestamp that is %s', (_name, ts) => {
    const token = resign(`v.${ts}`);
    for (const options of [{}, { maxAge: 10 }]) {
      const error = caught(() => signerAt(SIGNED_AT).unsign(token, options));
      expect(error).toBeInstanceOf(BadTimeSignature);
      expect(error).toMatchObject({ message: 'Malformed timestamp', payload: 'v' });
    }
  });

  it('accepts the last second a Date can hold', () => {
    const last = Buffer.from([0x07, 0xdb, 0xa8, 0x21, 0x80, 0x00]);
    expect(last.readUIntBE(0, 6)).toBe(8.64e12);
    const token = resign(`v.${last.toString('base64url')}`);
    expect(signerAt(SIGNED_AT).unsign(token, { returnTimestamp: true })[1].getTime()).toBe(8.64e15);
  });

  it.each([
    ['NaN', Number.NaN],
    ['before 1970', -1000],
    ['the epoch itself', 500],
    ['past the last Date', 8.64e15 + 1000],
  ])('refuses a clock that returns %s', (_name, ms) => {
    const signer = new TimestampSigner(SECRET, { now: () => ms });
    expect(() => signer.sign('v')).toThrow(ConfigError);
  });

  it.each([
    [
      'a non-function clock',
      () => new TimestampSigner(SECRET, { now: 5 as unknown as () => number }),
    ],
    ['a NaN maxAge', () => signerAt(SIGNED_AT).unsign('v.a.b', { maxAge: Number.NaN })],
    [
      'a string maxAge',
      () => signerAt(SIGNED_AT).validate('v.a.b', { maxAge: '9' as unknown as number }),
    ],
  ])('refuses %s', (_name, fn) => {
    expect(fn).toThrow(ConfigError);
  });
});
