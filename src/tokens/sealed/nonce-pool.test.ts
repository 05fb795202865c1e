import { describe, expect, it } from 'vitest';
import { NoncePool } from './nonce-pool.js';

describe('NoncePool', () => {
  it('hands out 100 000 distinct 24-byte nonces across many refills', () => {
    const pool = new NoncePool(24);
    const seen = new Set<string>();
    const target = Buffer.alloc(24);
    for (let i = 0; i < 100_000; i++) {
      pool.take(target, 0);
      seen.add(target.toString('base64'));
    }
    expect(seen.size).toBe(100_000);
  });

  it('writes exactly one nonce at the offset and leaves the rest alone', () => {
    const pool = new NoncePool(4, 2);
    const target = Buffer.alloc(8, 0xee);
    pool.take(target, 2);
    expect(target.subarray(0, 2)).toEqual(Buffer.from([0xee, 0xee]));
    expect(target.subarray(6)).toEqual(Buffer.from([0xee, 0xee]));
  });

  it('never hands out the same slice twice, even when a batch holds one nonce', () => {
    const pool = new NoncePool(16, 1);
    const a = Buffer.alloc(16);
    const b = Buffer.alloc(16);
    pool.take(a, 0);
    pool.take(b, 0);
    expect(a.equals(b)).toBe(false);
  });
});
