import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { constantTimeEqual } from './compare.js';
import { MIN_SECRET_BYTES, secretBytes, strongSecretBytes } from './secret.js';

describe('secrets', () => {
  it('takes text as UTF-8 and bytes as they are', () => {
    expect(secretBytes('é')).toEqual(Buffer.from([0xc3, 0xa9]));
    const raw = new Uint8Array([1, 2, 3]);
    expect(secretBytes(raw)).toEqual(Buffer.from([1, 2, 3]));
  });

  it('refuses secrets under 32 bytes without echoing them', () => {
    const short = 'x'.repeat(MIN_SECRET_BYTES - 1);
    expect(() => strongSecretBytes(short)).toThrow(ConfigError);
    try {
      strongSecretBytes(short);
    } catch (error) {
      expect((error as ConfigError).code).toBe('ERR_CONFIG');
      expect((error as Error).message).not.toContain(short);
    }
    expect(strongSecretBytes('x'.repeat(MIN_SECRET_BYTES)).byteLength).toBe(32);
  });

  it('refuses values that are not secrets', () => {
    expect(() => strongSecretBytes(42 as unknown as string)).toThrow(ConfigError);
  });
});

describe('constantTimeEqual', () => {
  it('compares equal-length buffers and rejects other lengths without throwing', () => {
    expect(constantTimeEqual(Buffer.from('abc'), Buffer.from('abc'))).toBe(true);
    expect(constantTimeEqual(Buffer.from('abc'), Buffer.from('abd'))).toBe(false);
    expect(constantTimeEqual(Buffer.from('abc'), Buffer.from('ab'))).toBe(false);
  });
});
