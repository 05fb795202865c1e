import { describe, expect, it } from 'vitest';
import { generateSessionId, handleOf, isSessionId, storeKeyOf } from './id.js';

describe('session IDs', () => {
  it('are 43 base64url characters and unique', () => {
    const ids = new Set(Array.from({ length: 10_000 }, generateSessionId));
    expect(ids.size).toBe(10_000);
    for (const id of ids) expect(isSessionId(id)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['a space', ' '],
    ['a NUL byte', 'a\u0000b'],
    ['42 characters', 'A'.repeat(42)],
    ['44 characters', 'A'.repeat(44)],
    ['spare bits set in the last character', 'A'.repeat(42) + 'B'],
    ['standard base64', 'A'.repeat(42).replace('A', '+') + 'A'],
    ['a path', '../../etc/passwd'],
    ['a signed express-session ID', 's:abc.sig'],
    ['a Redis pattern', 'sess:*'],
    ['10 KiB', 'A'.repeat(10_240)],
  ])('rejects %s', (_name, value) => {
    expect(isSessionId(value)).toBe(false);
  });

  it('are stored under a hash that differs from the ID, and shown as another', () => {
    const id = generateSessionId();
    const key = storeKeyOf(id);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key).not.toBe(id);
    expect(handleOf(key)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(key.startsWith(handleOf(key))).toBe(false);
  });
});
