/**
 * `tessera/seal`: Tessera's own encrypted, expiring tokens for stateless cookie sessions.
 *
 * Tokens read `v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>`, sealed with
 * XChaCha20-Poly1305 under a per-purpose subkey of the newest secret on a {@link Keyring}.
 */

// Sealing and opening
export { Sealer } from './sealer.js';
export type { Unsealed } from './sealer.js';
export { DEFAULT_TTL, MAX_TTL } from './options.js';
export type { SealOptions, SealerOptions, UnsealOptions } from './options.js';
export { MAX_TOKEN_LENGTH } from './format.js';
export type { SealBackendChoice, SealBackendName } from './backend.js';

// Keys
export { Keyring } from '../../crypto/keyring.js';
export type { KeyringEntry } from '../../crypto/keyring.js';
export type { Secret } from '../../crypto/secret.js';

// Errors
export { SealError, SealExpiredError } from './errors.js';
export type { SealErrorCode } from './errors.js';
