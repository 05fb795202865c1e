/**
 * The two interchangeable XChaCha20-Poly1305 engines: node:crypto (always there) and libsodium
 * through the optional `sodium-native` package (two to three times as fast). They produce the
 * same bytes, so tokens move freely between processes that use either.
 */
import { createRequire } from 'node:module';
import { TAG_BYTES, open, seal } from '../../crypto/xchacha20poly1305.js';
import { ConfigError } from '../../errors.js';

/** The engine that runs the AEAD. */
export type SealBackendName = 'node' | 'sodium';

/**
 * An XChaCha20-Poly1305 engine. Both methods work in place on `data`, the bytes between the
 * nonce and the end of the token, so the caller can lay a whole token out in one buffer.
 */
export interface SealBackend {
  readonly name: SealBackendName;
  /** Turns `data` = plaintext ‖ 16 spare bytes into ciphertext ‖ tag. */
  seal(key: Buffer, nonce: Buffer, data: Buffer, aad: Buffer): void;
  /**
   * Returns the plaintext of `data` = ciphertext ‖ tag, possibly as a view into `data`, or
   * `undefined` when authentication fails.
   */
  open(key: Buffer, nonce: Buffer, data: Buffer, aad: Buffer): Buffer | undefined;
}

/** The portable engine: HChaCha20 in TypeScript, then node's ChaCha20-Poly1305. */
export const nodeBackend: SealBackend = {
  name: 'node',
  seal(key, nonce, data, aad) {
    seal(key, nonce, data.subarray(0, data.byteLength - TAG_BYTES), aad).copy(data);
  },
  open,
};

/** The part of `sodium-native` this module calls. */
export interface SodiumNative {
  crypto_aead_xchacha20poly1305_ietf_encrypt(
    c: Uint8Array,
    m: Uint8Array,
    ad: Uint8Array | null,
    nsec: null,
    npub: Uint8Array,
    k: Uint8Array,
  ): number;
  crypto_aead_xchacha20poly1305_ietf_decrypt(
    m: Uint8Array,
    nsec: null,
    c: Uint8Array,
    ad: Uint8Array | null,
    npub: Uint8Array,
    k: Uint8Array,
  ): number;
}

/** Wraps libsodium's `crypto_aead_xchacha20poly1305_ietf_*`, which may work in place. */
export function sodiumBackend(sodium: SodiumNative): SealBackend {
  return {
    name: 'sodium',
    seal(key, nonce, data, aad) {
      const message = data.subarray(0, data.byteLength - TAG_BYTES);
      sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(data, message, aad, null, nonce, key);
    },
    open(key, nonce, data, aad) {
      if (data.byteLength < TAG_BYTES) return undefined;
      const message = data.subarray(0, data.byteLength - TAG_BYTES);
      try {
        sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(message, null, data, aad, nonce, key);
      } catch {
        return undefined;
      }
      return message;
    },
  };
}

/**
 * The libsodium engine from `load()`, or `undefined` when the module is missing, fails to load
 * (an optional dependency may have no build for the platform) or lacks the functions.
 */
export function sodiumFrom(load: () => unknown): SealBackend | undefined {
  let module: Partial<SodiumNative> | null | undefined;
  try {
    module = load() as Partial<SodiumNative> | null | undefined;
  } catch {
    return undefined;
  }
  return typeof module?.crypto_aead_xchacha20poly1305_ietf_encrypt === 'function' &&
    typeof module.crypto_aead_xchacha20poly1305_ietf_decrypt === 'function'
    ? sodiumBackend(module as SodiumNative)
    : undefined;
}

const requireOptional = createRequire(import.meta.url);
let installed: { readonly backend: SealBackend | undefined } | undefined;

/** The installed `sodium-native`, loaded on first use and at most once per process. */
export function installedSodium(): SealBackend | undefined {
  installed ??= { backend: sodiumFrom(() => requireOptional('sodium-native')) };
  return installed.backend;
}

/** How to choose the engine: `'auto'` prefers libsodium when it is installed. */
export type SealBackendChoice = 'auto' | SealBackendName;

/** The environment variable that picks the engine when the option is `'auto'`. */
export const BACKEND_ENV = 'TESSERA_SEAL_BACKEND';

/**
 * Picks the engine. An explicit `'node'` or `'sodium'` wins; `'auto'` follows
 * `TESSERA_SEAL_BACKEND` (`node` or `sodium`) when set, else libsodium when installed, else node.
 * Throws {@link ConfigError} for an unknown choice or a required libsodium that is missing.
 */
export function resolveBackend(
  choice: SealBackendChoice,
  env: string | undefined = process.env[BACKEND_ENV],
  sodium: () => SealBackend | undefined = installedSodium,
): SealBackend {
  let wanted: string = choice;
  if (choice === 'auto') {
    if (env === undefined || env === '') return sodium() ?? nodeBackend;
    wanted = env;
  }
  if (wanted === 'node') return nodeBackend;
  if (wanted === 'sodium') {
    const backend = sodium();
    if (backend) return backend;
    throw new ConfigError(
      'The sodium seal backend needs the optional package sodium-native, which did not load.',
    );
  }
  throw new ConfigError(
    `Unknown seal backend; use 'auto', 'node' or 'sodium' (option backend or ${BACKEND_ENV}).`,
  );
}
