import { describe, expect, it } from 'vitest';
import { TesseraError } from '../../errors.js';
import { BadData, BadPayload, BadSignature, BadTimeSignature, SignatureExpired } from './errors.js';

const signedAt = new Date(1_308_874_145_000);

describe('itsdangerous errors', () => {
  it.each([
    [new BadData('m'), 'ERR_BAD_DATA', [TesseraError, BadData]],
    [new BadSignature('m'), 'ERR_BAD_SIGNATURE', [BadData, BadSignature]],
    [new BadTimeSignature('m'), 'ERR_BAD_TIME_SIGNATURE', [BadSignature, BadTimeSignature]],
    [new SignatureExpired('m'), 'ERR_SIGNATURE_EXPIRED', [BadTimeSignature, SignatureExpired]],
    [new BadPayload('m'), 'ERR_BAD_PAYLOAD', [BadData, BadPayload]],
  ])('%o keeps Python’s hierarchy with code %s', (error, code, classes) => {
    expect(error.code).toBe(code);
    expect(error.name).toBe(error.constructor.name);
    for (const Class of classes) expect(error).toBeInstanceOf(Class);
  });

  it('keeps BadPayload out of the signature branch', () => {
    expect(new BadPayload('m')).not.toBeInstanceOf(BadSignature);
  });

  it('carries the payload, the signing date and the cause', () => {
    const cause = new SyntaxError('x');
    const expired = new SignatureExpired('Signature age 11 > 10 seconds', {
      payload: 'v',
      dateSigned: signedAt,
      cause,
    });
    expect(expired).toMatchObject({ payload: 'v', dateSigned: signedAt, cause });
    expect(new BadSignature('m')).toMatchObject({ payload: undefined });
    expect(new BadTimeSignature('m')).toMatchObject({ dateSigned: undefined });
    expect(new BadPayload('m', { cause }).cause).toBe(cause);
  });
});
