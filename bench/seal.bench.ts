/**
 * Sealing and opening a 206-byte JSON session (shared/research/performance.md §4) with our
 * Sealer on both engines, against @fastify/secure-session (libsodium secretbox, through the
 * plugin's own encode/decode), @hapi/iron and iron-webcrypto (async; 1 and 32 in flight), and
 * a raw node:crypto AES-256-GCM floor.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import secureSession from '@fastify/secure-session';
import * as hapiIron from '@hapi/iron';
import fastify from 'fastify';
import * as ironWebcrypto from 'iron-webcrypto';
import { Sealer } from 'tessera/seal';
import { runSuite, type BenchCase, type Target } from './harness.js';

const SESSION = {
  userId: 'u_1234567890',
  roles: ['admin', 'editor'],
  csrf: 'hX3Yd9kQ2rTmVw7LpZs5Nf8BcJ4eGaUo1iRtKyMxPq0',
  createdAt: 1732137600000,
  lastSeen: 1732141200000,
  cart: ['SKU-100421', 'SKU-204173'],
  theme: 'dark',
};
const JSON_BYTES = Buffer.byteLength(JSON.stringify(SESSION));
const SECRET = randomBytes(32);
const PASSWORD = randomBytes(32).toString('base64url');

const sodiumSealer = new Sealer([SECRET], { backend: 'auto', context: 'session' });
const nodeSealer = new Sealer([SECRET], { backend: 'node', context: 'session' });
if (sodiumSealer.backend !== 'sodium') throw new Error('sodium-native did not load');

const app = fastify();
await app.register(secureSession, { key: randomBytes(32), cookieName: 'session' });
await app.ready();
const fssSession = app.createSecureSession({ ...SESSION });

// The floor: AES-256-GCM with a fresh random 12-byte IV, iv ‖ ciphertext ‖ tag in base64url.
const gcmKey = randomBytes(32);
const gcmSeal = (value: unknown): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', gcmKey, iv);
  const body = cipher.update(JSON.stringify(value), 'utf8');
  return Buffer.concat([iv, body, cipher.final(), cipher.getAuthTag()]).toString('base64url');
};
const gcmOpen = (token: string): unknown => {
  const bytes = Buffer.from(token, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', gcmKey, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(-16));
  const body = decipher.update(bytes.subarray(12, -16));
  return JSON.parse(Buffer.concat([body, decipher.final()]).toString('utf8')) as unknown;
};

const ironOptions = { ...hapiIron.defaults, ttl: 86_400_000 };
const webcryptoOptions = { ...ironWebcrypto.defaults, ttl: 86_400_000 };

const tokens = {
  sodium: sodiumSealer.seal(SESSION),
  node: nodeSealer.seal(SESSION),
  fss: app.encodeSecureSession(fssSession),
  gcm: gcmSeal(SESSION),
  hapi: await hapiIron.seal(SESSION, PASSWORD, ironOptions),
  webcrypto: await ironWebcrypto.seal(SESSION, PASSWORD, webcryptoOptions),
};

// Every case must round-trip before it is timed, or the figures mean nothing.
const same = (value: unknown): boolean => JSON.stringify(value) === JSON.stringify(SESSION);
const checks = [
  sodiumSealer.unseal(tokens.node).value,
  nodeSealer.unseal(tokens.sodium).value,
  app.decodeSecureSession(tokens.fss)?.data(),
  gcmOpen(tokens.gcm),
  await hapiIron.unseal(tokens.hapi, PASSWORD, ironOptions),
  await ironWebcrypto.unseal(tokens.webcrypto, PASSWORD, webcryptoOptions),
];
if (!checks.every(same)) throw new Error('a sealing case does not round-trip');

const sealCases: BenchCase[] = [
  { name: 'tessera seal (sodium)', fn: () => sodiumSealer.seal(SESSION) },
  { name: 'tessera seal (node)', fn: () => nodeSealer.seal(SESSION) },
  { name: '@fastify/secure-session encode', fn: () => app.encodeSecureSession(fssSession) },
  { name: 'raw AES-256-GCM floor', fn: () => gcmSeal(SESSION) },
  { name: '@hapi/iron seal ×1', async: () => hapiIron.seal(SESSION, PASSWORD, ironOptions) },
  {
    name: '@hapi/iron seal ×32',
    async: () => hapiIron.seal(SESSION, PASSWORD, ironOptions),
    inFlight: 32,
  },
  {
    name: 'iron-webcrypto seal ×1',
    async: () => ironWebcrypto.seal(SESSION, PASSWORD, webcryptoOptions),
  },
  {
    name: 'iron-webcrypto seal ×32',
    async: () => ironWebcrypto.seal(SESSION, PASSWORD, webcryptoOptions),
    inFlight: 32,
  },
];

const unsealCases: BenchCase[] = [
  { name: 'tessera unseal (sodium)', fn: () => sodiumSealer.unseal(tokens.sodium) },
  { name: 'tessera unseal (node)', fn: () => nodeSealer.unseal(tokens.node) },
  { name: '@fastify/secure-session decode', fn: () => app.decodeSecureSession(tokens.fss) },
  { name: 'raw AES-256-GCM floor', fn: () => gcmOpen(tokens.gcm) },
  {
    name: '@hapi/iron unseal ×1',
    async: () => hapiIron.unseal(tokens.hapi, PASSWORD, ironOptions),
  },
  {
    name: '@hapi/iron unseal ×32',
    async: () => hapiIron.unseal(tokens.hapi, PASSWORD, ironOptions),
    inFlight: 32,
  },
  {
    name: 'iron-webcrypto unseal ×1',
    async: () => ironWebcrypto.unseal(tokens.webcrypto, PASSWORD, webcryptoOptions),
  },
  {
    name: 'iron-webcrypto unseal ×32',
    async: () => ironWebcrypto.unseal(tokens.webcrypto, PASSWORD, webcryptoOptions),
    inFlight: 32,
  },
];

const targets = (verb: 'seal' | 'unseal', peer: string): Target[] =>
  (['sodium', 'node'] as const).flatMap((engine) => [
    { ours: `tessera ${verb} (${engine})`, peer, atLeast: 1.0 },
    { ours: `tessera ${verb} (${engine})`, peer: `@hapi/iron ${verb} ×32`, atLeast: 10 },
    { ours: `tessera ${verb} (${engine})`, peer: 'raw AES-256-GCM floor', atLeast: 1.0 },
  ]);

const lengths = Object.entries(tokens)
  .map(([name, token]) => `${name} ${token.length}`)
  .join(', ');
console.log(`\nSealed session: ${JSON_BYTES} B of JSON; token length (chars): ${lengths}.`);
await runSuite(
  `Seal a ${JSON_BYTES}-byte JSON session`,
  sealCases,
  targets('seal', '@fastify/secure-session encode'),
);
await runSuite(
  `Unseal a ${JSON_BYTES}-byte JSON session`,
  unsealCases,
  targets('unseal', '@fastify/secure-session decode'),
);
await app.close();
