/**
 * Signing and verifying a 32-character session id (performance.md §3), plus timed tokens
 * for information. Run alone with `BENCH_ONLY=sign npx tsx bench/index.ts`.
 */
import { createHmac, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';
import cookieSignature from 'cookie-signature';
import { Signer, TimestampSigner, URLSafeTimedSerializer } from 'tessera/itsdangerous';
import { runSuite } from './harness.js';

const secret = randomBytes(32).toString('base64url');
const sessionId = randomBytes(24).toString('base64url');
const keyObject = createSecretKey(Buffer.from(secret));

// Like for like with cookie-signature: HMAC-SHA256 keyed by the secret itself.
const sha256 = new Signer(secret, { digestMethod: 'sha256', keyDerivation: 'none' });
const defaults = new Signer(secret);
const timed = new TimestampSigner(secret);
const serializer = new URLSafeTimedSerializer(secret);

const rawSign = (key: string | typeof keyObject): string =>
  `${sessionId}.${createHmac('sha256', key).update(sessionId).digest('base64url')}`;

function rawVerify(key: string | typeof keyObject, signed: string): string | false {
  const at = signed.lastIndexOf('.');
  const value = signed.slice(0, at);
  const expected = createHmac('sha256', key).update(value).digest();
  const given = Buffer.from(signed.slice(at + 1), 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : false;
}

const signed = {
  peer: cookieSignature.sign(sessionId, secret),
  sha256: sha256.sign(sessionId),
  defaults: defaults.sign(sessionId),
  raw: rawSign(secret),
  timed: timed.sign(sessionId),
  serialized: serializer.dumps({ sid: sessionId, user: 42 }),
};

await runSuite(
  'Sign a 32-char session id',
  [
    { name: 'raw createHmac (string key)', fn: () => rawSign(secret) },
    { name: 'raw createHmac (KeyObject)', fn: () => rawSign(keyObject) },
    { name: 'cookie-signature sign', fn: () => cookieSignature.sign(sessionId, secret) },
    { name: 'Signer sign (sha256, none)', fn: () => sha256.sign(sessionId) },
    { name: 'Signer sign (defaults: sha1)', fn: () => defaults.sign(sessionId) },
  ],
  [
    { ours: 'Signer sign (sha256, none)', peer: 'cookie-signature sign', atLeast: 1.0 },
    { ours: 'Signer sign (defaults: sha1)', peer: 'cookie-signature sign', atLeast: 1.0 },
    { ours: 'Signer sign (sha256, none)', peer: 'raw createHmac (KeyObject)', atLeast: 0 },
  ],
);

await runSuite(
  'Verify a signed 32-char session id',
  [
    {
      name: 'raw createHmac + timingSafeEqual (string key)',
      fn: () => rawVerify(secret, signed.raw),
    },
    {
      name: 'raw createHmac + timingSafeEqual (KeyObject)',
      fn: () => rawVerify(keyObject, signed.raw),
    },
    { name: 'cookie-signature unsign', fn: () => cookieSignature.unsign(signed.peer, secret) },
    { name: 'Signer unsign (sha256, none)', fn: () => sha256.unsign(signed.sha256) },
    { name: 'Signer unsign (defaults: sha1)', fn: () => defaults.unsign(signed.defaults) },
  ],
  [
    { ours: 'Signer unsign (sha256, none)', peer: 'cookie-signature unsign', atLeast: 1.0 },
    { ours: 'Signer unsign (defaults: sha1)', peer: 'cookie-signature unsign', atLeast: 1.0 },
    {
      ours: 'Signer unsign (sha256, none)',
      peer: 'raw createHmac + timingSafeEqual (KeyObject)',
      atLeast: 0,
    },
  ],
);

await runSuite(
  'Timed tokens (for information)',
  [
    { name: 'cookie-signature sign', fn: () => cookieSignature.sign(sessionId, secret) },
    { name: 'cookie-signature unsign', fn: () => cookieSignature.unsign(signed.peer, secret) },
    { name: 'TimestampSigner sign', fn: () => timed.sign(sessionId) },
    {
      name: 'TimestampSigner unsign (maxAge)',
      fn: () => timed.unsign(signed.timed, { maxAge: 600 }),
    },
    {
      name: 'URLSafeTimedSerializer dumps',
      fn: () => serializer.dumps({ sid: sessionId, user: 42 }),
    },
    {
      name: 'URLSafeTimedSerializer loads (maxAge)',
      fn: () => serializer.loads(signed.serialized, { maxAge: 600 }),
    },
  ],
  [
    { ours: 'TimestampSigner sign', peer: 'cookie-signature sign', atLeast: 0 },
    { ours: 'TimestampSigner unsign (maxAge)', peer: 'cookie-signature unsign', atLeast: 0 },
    { ours: 'URLSafeTimedSerializer dumps', peer: 'cookie-signature sign', atLeast: 0 },
    { ours: 'URLSafeTimedSerializer loads (maxAge)', peer: 'cookie-signature unsign', atLeast: 0 },
  ],
);
