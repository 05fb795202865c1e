import { describe, expect, it } from 'vitest';
import { SealError } from './errors.js';
import { fromJson, readExpiry, toJson, writeExpiry } from './payload.js';

describe('expiry', () => {
  it.each([0, 1, 0xffff_ffff, 0x1_0000_0000, Date.UTC(2025, 0, 1), 8.64e15])(
    'round-trips %d ms big-endian',
    (ms) => {
      const buffer = Buffer.alloc(10);
      writeExpiry(buffer, 1, ms);
      expect(buffer.readBigUInt64BE(1)).toBe(BigInt(ms));
      expect(readExpiry(buffer, 1)).toBe(ms);
    },
  );

  it('reads an instant no Date can hold as undefined', () => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigUInt64BE(8_640_000_000_000_001n);
    expect(readExpiry(buffer, 0)).toBeUndefined();
    buffer.fill(0xff);
    expect(readExpiry(buffer, 0)).toBeUndefined();
  });
});

describe('toJson and fromJson', () => {
  it('round-trips through the plaintext layout, expiry first', () => {
    const json = toJson({ a: 'é', b: [1, null] });
    const plaintext = Buffer.concat([Buffer.alloc(8), Buffer.from(json)]);
    expect(fromJson(plaintext)).toEqual({ a: 'é', b: [1, null] });
  });

  it('keeps the cause when JSON.stringify throws', () => {
    const error = (() => {
      try {
        toJson({ n: 1n });
      } catch (caught) {
        return caught as SealError;
      }
      throw new Error('expected a throw');
    })();
    expect(error.code).toBe('ERR_SEAL_VALUE');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it.each(['', '{', '{"a":1}x', '\u0000'])('rejects the payload %j as malformed', (text) => {
    const plaintext = Buffer.concat([Buffer.alloc(8), Buffer.from(text)]);
    expect(() => fromJson(plaintext)).toThrow(
      expect.objectContaining({ code: 'ERR_SEAL_MALFORMED' }),
    );
  });
});
