import { describe, expect, it } from 'vitest';
import { BadTimeSignature, SignatureExpired } from './errors.js';
import { Serializer } from './serializer.js';
import { TimedSerializer } from './timed-serializer.js';
import { TimestampSigner } from './timed.js';

const SECRET = 'timed-serializer-secret';
const SIGNED_AT = 1_700_000_000;
const at = (seconds: number) =>
  new TimedSerializer(SECRET, { signerOptions: { now: () => seconds * 1000 } });

describe('TimedSerializer', () => {
  const token = at(SIGNED_AT).dumps({ id: 42 });

  it('is a Serializer signed by a TimestampSigner with the serializer salt', () => {
    expect(at(SIGNED_AT)).toBeInstanceOf(Serializer);
    const signer = new TimestampSigner(SECRET, { salt: 'itsdangerous' });
    expect(signer.unsign(token)).toBe('{"id": 42}');
  });

  it.each([
    [0, true],
    [10, true],
    [11, false],
    [-1, false],
  ])('with maxAge 10, loads a token %i seconds old: %s', (age, valid) => {
    const load = () => at(SIGNED_AT + age).loads(token, { maxAge: 10 });
    if (valid) expect(load()).toEqual({ id: 42 });
    else expect(load).toThrow(SignatureExpired);
  });

  it('never expires without maxAge, as Python', () => {
    expect(at(SIGNED_AT + 10 ** 8).loads(token)).toEqual({ id: 42 });
  });

  it('returns the signing date when asked', () => {
    expect(at(SIGNED_AT).loads(token, { returnTimestamp: true, maxAge: 5 })).toEqual([
      { id: 42 },
      new Date(SIGNED_AT * 1000),
    ]);
  });

  it('reports a bad or expired token through loadsUnsafe with the unverified payload', () => {
    expect(at(SIGNED_AT + 11).loadsUnsafe(token, { maxAge: 10 })).toEqual([false, { id: 42 }]);
    expect(at(SIGNED_AT + 11).loadsUnsafe(token)).toEqual([true, { id: 42 }]);
    const forged = token.replace('42', '43');
    expect(() => at(SIGNED_AT).loads(forged)).toThrow(BadTimeSignature);
    expect(at(SIGNED_AT).loadsUnsafe(forged)).toEqual([false, { id: 43 }]);
  });
});
