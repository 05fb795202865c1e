import { createHash, hash, randomBytes } from 'node:crypto';

/** A session ID is 32 random bytes, so 43 base64url characters (OWASP ASVS 5.0 7.2.3). */
const ID_PATTERN = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/** A new session ID: 256 bits from the CSPRNG, unpadded base64url (checklist SS-01). */
export function generateSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * True when `value` has the exact shape of a session ID: 43 characters of base64url whose
 * last one carries no spare bits. Checked before any store call, so garbage, injection
 * attempts and oversized values never reach a backend (OWASP Session Management Cheat Sheet
 * "Manage Session ID as Any Other User Input", checklist SS-04).
 */
export function isSessionId(value: string): boolean {
  return value.length === 43 && ID_PATTERN.test(value);
}

/**
 * The store key of a session ID: base64url(SHA-256(id)). A leaked store then holds no live
 * cookie values (scs `HashTokenInStore`, checklist SS-05).
 */
export function storeKeyOf(id: string): string {
  return hash('sha256', id, 'base64url');
}

/**
 * A short, opaque name for a session derived from its store key, safe for logs, events and
 * "my sessions" pages: it opens nothing and reveals neither the ID nor the store key.
 */
export function handleOf(storeKey: string): string {
  return createHash('sha256')
    .update('tessera/session-handle/v1')
    .update(storeKey)
    .digest('base64url')
    .slice(0, 22);
}
