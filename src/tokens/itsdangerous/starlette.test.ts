import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { BadPayload, BadTimeSignature, SignatureExpired } from './errors.js';
import { StarletteSessionSerializer, type StarletteSession } from './starlette.js';
import { TimestampSigner } from './timed.js';

const SECRET = 'starlette-test-secret';
const SIGNED_AT = 1_700_000_000;
const DAY = 86_400;
const at = (seconds: number, options = {}) =>
  new StarletteSessionSerializer(SECRET, { now: () => seconds * 1000, ...options });
/** What Starlette's middleware signs with: TimestampSigner(str(secret_key)), all defaults. */
const signCookie = (payload: string) =>
  new TimestampSigner(SECRET, { now: () => SIGNED_AT * 1000 }).sign(payload);
const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('StarletteSessionSerializer', () => {
  it('writes b64encode(json.dumps(session)) signed by a default TimestampSigner', () => {
    const cookie = at(SIGNED_AT).dumps({ user: 'zoë', n: [1, 2] });
    expect(cookie).toBe(signCookie(base64('{"user": "zo\\u00eb", "n": [1, 2]}')));
    expect(at(SIGNED_AT).loads(cookie)).toEqual({ user: 'zoë', n: [1, 2] });
  });

  it.each([
    [14 * DAY, 'valid'],
    [14 * DAY + 1, 'expired'],
    [-1, 'expired'],
  ])('keeps Starlette’s 14-day default: a cookie %i seconds old is %s', (age, outcome) => {
    const cookie = at(SIGNED_AT).dumps({ a: 1 });
    const load = () => at(SIGNED_AT + age).loads(cookie);
    if (outcome === 'valid') expect(load()).toEqual({ a: 1 });
    else expect(load).toThrow(SignatureExpired);
  });

  it('takes maxAge from the constructor or from the call', () => {
    const cookie = at(SIGNED_AT).dumps({ a: 1 });
    expect(() => at(SIGNED_AT + 61, { maxAge: 60 }).loads(cookie)).toThrow(SignatureExpired);
    expect(at(SIGNED_AT + 61, { maxAge: 60 }).loads(cookie, { maxAge: 61 })).toEqual({ a: 1 });
    expect(at(SIGNED_AT).maxAge).toBe(14 * DAY);
  });

  it('throws where the middleware would silently start an empty session', () => {
    const cookie = at(SIGNED_AT).dumps({ a: 1 });
    expect(() => at(SIGNED_AT).loads(cookie.replace('eyJh', 'eyJi'))).toThrow(BadTimeSignature);
  });

  it.each([
    ['unpadded base64', base64('{"a": 1}').replace(/=+$/, '')],
    ['URL-safe base64', Buffer.from('{"a": ">?"}').toString('base64url')],
    ['base64 with whitespace', ` ${base64('{"a": 1}')}`],
    ['non-zero trailing bits', base64('{"a": 1}').replace('0=', '1=')],
    ['invalid UTF-8', Buffer.from([0x22, 0xff, 0x22]).toString('base64')],
    ['a byte order mark, which Python’s json.loads refuses', base64('\ufeff{"a": 1}')],
    ['not JSON', base64('{a')],
    ['a JSON list', base64('[1]')],
    ['JSON null', base64('null')],
    ['a JSON string', base64('"s"')],
  ])('refuses a validly signed cookie holding %s', (_name, payload) => {
    expect(() => at(SIGNED_AT).loads(signCookie(payload))).toThrow(BadPayload);
  });

  it.each([
    ['a list', [] as unknown as StarletteSession],
    ['null', null as unknown as StarletteSession],
  ])('refuses to write %s as a session', (_name, session) => {
    expect(() => at(SIGNED_AT).dumps(session)).toThrow(TypeError);
  });

  it.each([-1, Number.NaN, '60' as unknown as number])('refuses maxAge %s', (maxAge) => {
    expect(() => new StarletteSessionSerializer(SECRET, { maxAge })).toThrow(ConfigError);
  });

  it('works with the real clock by default', () => {
    const sessions = new StarletteSessionSerializer(SECRET);
    expect(sessions.loads(sessions.dumps({ a: 1 }))).toEqual({ a: 1 });
  });
});
