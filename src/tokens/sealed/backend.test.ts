import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import {
  type SealBackend,
  installedSodium,
  nodeBackend,
  resolveBackend,
  sodiumFrom,
} from './backend.js';

const sodium = installedSodium();
if (sodium === undefined) throw new Error('these tests need the optional sodium-native');
const none = (): undefined => undefined;

/** plaintext ‖ room for the tag, as Sealer lays it out after the nonce. */
const withRoom = (plaintext: Buffer): Buffer => Buffer.concat([plaintext, Buffer.alloc(16)]);

describe('resolveBackend', () => {
  it.each<
    [
      string,
      Parameters<typeof resolveBackend>[0],
      string | undefined,
      () => SealBackend | undefined,
      string,
    ]
  >([
    ['auto prefers sodium when it loads', 'auto', undefined, () => sodium, 'sodium'],
    ['auto falls back to node without sodium', 'auto', undefined, none, 'node'],
    ['auto treats an empty variable as unset', 'auto', '', () => sodium, 'sodium'],
    ['auto follows TESSERA_SEAL_BACKEND=node', 'auto', 'node', () => sodium, 'node'],
    ['auto follows TESSERA_SEAL_BACKEND=sodium', 'auto', 'sodium', () => sodium, 'sodium'],
    ['an explicit node wins over the variable', 'node', 'sodium', () => sodium, 'node'],
    ['an explicit sodium wins over the variable', 'sodium', 'node', () => sodium, 'sodium'],
  ])('%s', (_why, choice, env, load, expected) => {
    expect(resolveBackend(choice, env, load).name).toBe(expected);
  });

  it.each<[string, string, string | undefined, () => SealBackend | undefined]>([
    ['sodium is required but missing', 'sodium', undefined, none],
    ['the variable requires a missing sodium', 'auto', 'sodium', none],
    ['the variable names no engine', 'auto', 'openssl', () => sodium],
    ['the option names no engine', 'aes', undefined, () => sodium],
  ])('throws a ConfigError when %s', (_why, choice, env, load) => {
    expect(() => resolveBackend(choice as 'auto', env, load)).toThrow(ConfigError);
  });

  it('reads TESSERA_SEAL_BACKEND from the environment by default', () => {
    const saved = process.env['TESSERA_SEAL_BACKEND'];
    try {
      process.env['TESSERA_SEAL_BACKEND'] = 'node';
      expect(resolveBackend('auto').name).toBe('node');
      process.env['TESSERA_SEAL_BACKEND'] = 'sodium';
      expect(resolveBackend('auto').name).toBe('sodium');
    } finally {
      if (saved === undefined) delete process.env['TESSERA_SEAL_BACKEND'];
      else process.env['TESSERA_SEAL_BACKEND'] = saved;
    }
  });
});

describe('loading sodium-native', () => {
  it.each<[string, () => unknown]>([
    [
      'the module is missing',
      () => {
        throw Object.assign(new Error('Cannot find module'), { code: 'MODULE_NOT_FOUND' });
      },
    ],
    ['the module is null', () => null],
    ['the module lacks the AEAD', () => ({ crypto_secretbox_easy: () => 0 })],
    [
      'the module lacks decryption',
      () => ({ crypto_aead_xchacha20poly1305_ietf_encrypt: () => 0 }),
    ],
  ])('yields nothing when %s', (_why, load) => {
    expect(sodiumFrom(load)).toBeUndefined();
  });

  it('loads the installed module once per process', () => {
    expect(installedSodium()).toBe(sodium);
    const real = sodiumFrom(() => createRequire(import.meta.url)('sodium-native'));
    expect(real?.name).toBe('sodium');
  });
});

describe.each([
  ['node', nodeBackend, sodium],
  ['sodium', sodium, nodeBackend],
])('the %s engine', (_name, engine, other) => {
  const key = randomBytes(32);
  const nonce = randomBytes(24);
  const aad = Buffer.from('v1.k1.ctx');

  it('seals the same bytes as the other engine and opens what it sealed', () => {
    for (const length of [1, 16, 64, 206, 1000]) {
      const plaintext = randomBytes(length);
      const mine = withRoom(plaintext);
      const theirs = Buffer.from(mine);
      engine.seal(key, nonce, mine, aad);
      other.seal(key, nonce, theirs, aad);
      expect(mine).toEqual(theirs);
      // A one-byte ciphertext equals its plaintext once in 256 runs; sixteen bytes never do.
      if (length >= 16) expect(mine.subarray(0, length).equals(plaintext)).toBe(false);
      expect(other.open(key, nonce, Buffer.from(mine), aad)).toEqual(plaintext);
      expect(engine.open(key, nonce, mine, aad)).toEqual(plaintext);
    }
  });

  it('opens nothing that was altered, under another key, nonce or additional data', () => {
    const sealed = withRoom(Buffer.from('{"a":1}'));
    engine.seal(key, nonce, sealed, aad);
    for (let i = 0; i < sealed.byteLength; i++) {
      const altered = Buffer.from(sealed);
      altered[i]! ^= 0x80;
      expect(engine.open(key, nonce, altered, aad), `byte ${i}`).toBeUndefined();
    }
    const otherNonce = Buffer.from(nonce);
    otherNonce[23]! ^= 1;
    expect(engine.open(randomBytes(32), nonce, Buffer.from(sealed), aad)).toBeUndefined();
    expect(engine.open(key, otherNonce, Buffer.from(sealed), aad)).toBeUndefined();
    expect(engine.open(key, nonce, Buffer.from(sealed), Buffer.from('v1.k1.x'))).toBeUndefined();
    expect(engine.open(key, nonce, Buffer.from(sealed), aad)).toEqual(Buffer.from('{"a":1}'));
  });

  it('opens nothing shorter than a tag', () => {
    expect(engine.open(key, nonce, Buffer.alloc(15), aad)).toBeUndefined();
  });
});
