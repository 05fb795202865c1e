import { timingSafeEqual } from 'node:crypto';

/**
 * Compares two MACs in time that depends only on their length (OWASP ASVS 5.0 11.2.4).
 * Different lengths return `false` without throwing, unlike `crypto.timingSafeEqual`.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}
