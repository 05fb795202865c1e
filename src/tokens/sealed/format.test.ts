import { describe, expect, it } from 'vitest';
import { SealError } from './errors.js';
import { MAX_BOX_BYTES, MAX_TOKEN_LENGTH, additionalData, parseToken } from './format.js';

const b64 = (length: number, fill = 7): string => Buffer.alloc(length, fill).toString('base64url');
// nonce 24 + expiry 8 + 1 byte of JSON + tag 16.
const MIN = 49;

const parse = (token: unknown) => parseToken(token, Buffer.alloc(MAX_BOX_BYTES));

function code(token: unknown): string | undefined {
  try {
    parse(token);
  } catch (error) {
    expect(error).toBeInstanceOf(SealError);
    return (error as SealError).code;
  }
  return undefined;
}

describe('parseToken', () => {
  it('splits a well-formed token into its key id and decoded body', () => {
    const body = Buffer.alloc(MIN, 9);
    const into = Buffer.alloc(MAX_BOX_BYTES);
    expect(parseToken(`v1.k_1-A.${body.toString('base64url')}`, into)).toEqual({
      keyId: 'k_1-A',
      length: MIN,
    });
    expect(into.subarray(0, MIN)).toEqual(body);
  });

  it('decodes the longest token into a buffer of MAX_BOX_BYTES', () => {
    const body = Buffer.alloc(MAX_BOX_BYTES - 6, 1).toString('base64url');
    expect(`v1.k1.${body}`.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
    expect(parse(`v1.k1.${body}`).length).toBe(MAX_BOX_BYTES - 6);
  });

  it.each<[string, unknown]>([
    ['not a string', 42],
    ['empty', ''],
    ['version v0', `v0.k1.${b64(MIN)}`],
    ['version v2', `v2.k1.${b64(MIN)}`],
    ['version V1', `V1.k1.${b64(MIN)}`],
    ['no version', `k1.${b64(MIN)}`],
    ['a missing part', `v1.${b64(MIN)}`],
    ['an extra part', `v1.k1.${b64(24)}.${b64(40)}`],
    ['an empty key id', `v1..${b64(MIN)}`],
    ['a key id over 32 characters', `v1.${'k'.repeat(33)}.${b64(MIN)}`],
    ['a key id with a space', `v1.k 1.${b64(MIN)}`],
    ['an empty body', 'v1.k1.'],
    ['a body one byte short (nonce, expiry, tag, no JSON)', `v1.k1.${b64(MIN - 1)}`],
    ['a ciphertext shorter than the tag', `v1.k1.${b64(24 + 15)}`],
    ['an 11-byte nonce and nothing else', `v1.k1.${b64(11)}`],
    ['padding', `v1.k1.${b64(MIN)}==`],
    ['the standard alphabet', `v1.k1.${b64(MIN - 1, 0xfb)}+/`],
    ['a stray character', `v1.k1.${b64(MIN)}%`],
    ['whitespace', `v1.k1. ${b64(MIN)}`],
    ['non-zero trailing bits', `v1.k1.${b64(MIN).slice(0, -1)}D`],
    ['a dangling character', `v1.k1.${b64(MIN + 2)}A`],
    ['non-ASCII', `v1.k1.${b64(MIN)}é`],
    ['a quoted token', `"v1.k1.${b64(MIN)}"`],
    ['a token over the length limit', `v1.k1.${'A'.repeat(MAX_TOKEN_LENGTH)}`],
  ])('rejects %s as ERR_SEAL_MALFORMED', (_why, token) => {
    expect(code(token)).toBe('ERR_SEAL_MALFORMED');
  });

  it('accepts a token of exactly the length limit', () => {
    const body = 'A'.repeat(MAX_TOKEN_LENGTH - 'v1.k1.'.length);
    expect(body.length % 4).not.toBe(1);
    expect(code(`v1.k1.${body}`)).toBeUndefined();
  });

  it('never quotes the token in its message', () => {
    const token = `v2.k1.${b64(MIN)}`;
    try {
      parse(token);
    } catch (error) {
      expect((error as Error).message).not.toContain(b64(MIN));
    }
    expect.assertions(1);
  });

  it('fails fast on a megabyte of input', () => {
    const started = performance.now();
    expect(code(`v1.k1.${'A'.repeat(1 << 20)}`)).toBe('ERR_SEAL_MALFORMED');
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('additionalData', () => {
  it('is the ASCII prefix then the UTF-8 context', () => {
    expect(additionalData('k1', '')).toEqual(Buffer.from('v1.k1.'));
    expect(additionalData('k1', '__Host-sid é')).toEqual(Buffer.from('v1.k1.__Host-sid é', 'utf8'));
  });
});
