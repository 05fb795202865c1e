/**
 * Round trips of the sealed tokens over arbitrary JSON on every AEAD engine this machine has,
 * between engines, and across key rotation: a token sealed under an old key opens once the new
 * key is in front, and never once the old key is gone or replaced under the same id.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { installedSodium } from '../../../src/tokens/sealed/backend.js';
import {
  MAX_TTL,
  SealError,
  Sealer,
  type SealBackendName,
} from '../../../src/tokens/sealed/index.js';
import { anyJson, assertThrowsCode, propertyCase, viaJson, type PropertyCase } from './property.js';

/** The engines that load here: node:crypto always, libsodium when sodium-native does. */
export const SEAL_BACKENDS: readonly SealBackendName[] =
  installedSodium() === undefined ? ['node'] : ['node', 'sodium'];

/** A secret as the keyring takes it: at least 32 bytes, as text or bytes. */
const strongSecret = fc.oneof(
  fc.uint8Array({ minLength: 32, maxLength: 64 }),
  fc.string({ unit: 'binary', minLength: 32, maxLength: 48 }),
);

/** Two secrets that differ as bytes. */
const secretPair = fc
  .tuple(strongSecret, strongSecret)
  .filter(([a, b]) => !Buffer.from(a).equals(Buffer.from(b)));

const context = fc.string({ unit: 'binary', maxLength: 24 });
/** A clock far enough from the last `Date` that any ttl fits. */
const clock = fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seconds) => seconds * 1000 + 123);
const ttl = fc.integer({ min: 1, max: MAX_TTL });

/** The sealed-token properties. */
export const sealedProperties: readonly PropertyCase[] = [
  propertyCase(
    'Sealer opens what it sealed, on every engine, for any JSON, context, clock and ttl',
    300,
    fc.property(
      fc.constantFrom(...SEAL_BACKENDS),
      strongSecret,
      anyJson,
      context,
      clock,
      ttl,
      (backend, secret, value, purpose, now, lifetime) => {
        const sealer = new Sealer([secret], {
          backend,
          context: purpose,
          now: () => now,
          ttl: lifetime,
        });
        const opened = sealer.unseal(sealer.seal(value));
        assert.deepStrictEqual(opened.value, viaJson(value));
        assert.equal(opened.expiresAt.getTime(), now + lifetime * 1000);
        assert.equal(opened.needsReseal, false);
      },
    ),
  ),
  propertyCase(
    'a token sealed on one engine opens on the other',
    200,
    fc.property(
      fc.shuffledSubarray([...SEAL_BACKENDS], { minLength: SEAL_BACKENDS.length }),
      strongSecret,
      anyJson,
      (order, secret, value) => {
        const [from, to = from] = order;
        const token = new Sealer([secret], { backend: from! }).seal(value);
        assert.deepStrictEqual(
          new Sealer([secret], { backend: to! }).unseal(token).value,
          viaJson(value),
        );
      },
    ),
  ),
  propertyCase(
    'a token sealed under the old key opens with [new, old] (needing a reseal) and never with [new] alone',
    200,
    fc.property(secretPair, anyJson, ([older, newer], value) => {
      const token = new Sealer([older]).seal(value);
      const opened = new Sealer([newer, older]).unseal(token);
      assert.deepStrictEqual(opened.value, viaJson(value));
      assert.equal(opened.needsReseal, true);
      assertThrowsCode(() => new Sealer([newer]).unseal(token), SealError, 'ERR_SEAL_UNKNOWN_KEY');
      // The same key id on another secret: the id names a key, it does not open one.
      const reused = new Sealer([{ id: 'k1', secret: newer }]);
      const sealed = new Sealer([{ id: 'k1', secret: older }]).seal(value);
      assertThrowsCode(() => reused.unseal(sealed), SealError, 'ERR_SEAL_FORGED');
    }),
  ),
  propertyCase(
    'a token sealed for one context never opens in another',
    200,
    fc.property(
      strongSecret,
      fc.uniqueArray(context, { minLength: 2, maxLength: 2 }),
      anyJson,
      (secret, [a, b], value) => {
        const token = new Sealer([secret], { context: a! }).seal(value);
        assertThrowsCode(
          () => new Sealer([secret], { context: b! }).unseal(token),
          SealError,
          'ERR_SEAL_FORGED',
        );
      },
    ),
  ),
];
