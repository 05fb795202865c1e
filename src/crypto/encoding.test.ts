import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import {
  decodeBase64Url,
  encodeBase64Url,
  encodeBase64UrlText,
  isCanonicalBase64Url,
} from './encoding.js';

describe('base64url', () => {
  it('round-trips every length from 0 to 64 bytes', () => {
    for (let n = 0; n <= 64; n++) {
      const bytes = randomBytes(n);
      const text = encodeBase64Url(bytes);
      expect(text).not.toMatch(/[=+/]/);
      expect(decodeBase64Url(text)).toEqual(bytes);
    }
  });

  it('encodes text as UTF-8', () => {
    expect(encodeBase64UrlText('é😀')).toBe('w6nwn5iA');
  });

  it.each([
    ['padding', 'TgPVoQ=='],
    ['standard alphabet +', 'X9Ozq+'],
    ['standard alphabet /', 'ab/c'],
    ['whitespace', 'ab cd'],
    ['percent', 'ab%2E'],
    ['non-ASCII', 'abcé'],
    ['length 1 mod 4', 'abcde'],
    ['trailing bits after one byte', 'QR'],
    ['trailing bits after two bytes', 'QUJ'],
  ])('rejects %s', (_why, text) => {
    expect(isCanonicalBase64Url(text)).toBe(false);
    expect(decodeBase64Url(text)).toBeUndefined();
  });

  it('accepts the canonical spellings that the rejected ones shadow', () => {
    expect(decodeBase64Url('QQ')?.toString()).toBe('A');
    expect(decodeBase64Url('QUI')?.toString()).toBe('AB');
    expect(decodeBase64Url('')).toEqual(Buffer.alloc(0));
  });
});
