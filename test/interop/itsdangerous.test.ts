/**
 * Live interop with Python: itsdangerous (Debian's 2.1.x) and Starlette's real
 * `SessionMiddleware`, driven through ASGI calls (httpx, which `starlette.testclient`
 * needs, is not installed). One Python process per batch: cases in on stdin, results out.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BadData,
  BadSignature,
  Serializer,
  Signer,
  StarletteSessionSerializer,
  TimedSerializer,
  TimestampSigner,
  URLSafeSerializer,
  URLSafeTimedSerializer,
  type DigestMethod,
  type KeyDerivation,
} from '../../src/tokens/itsdangerous/index.js';
import { PayloadGenerator, type Json } from './payloads.js';

const PYTHON = '/usr/bin/python3';
const PEER = fileURLToPath(new URL('./itsdangerous_peer.py', import.meta.url));
const available =
  existsSync(PYTHON) &&
  spawnSync(PYTHON, ['-c', 'import itsdangerous, starlette'], { encoding: 'utf8' }).status === 0;
const required = process.env['TESSERA_REQUIRE_SERVICES'] === '1';
const skip = !available && !required;
/** Names the reason in the report when the Python peer is missing. */
const titled = (name: string) =>
  skip ? `${name} (skipped: needs ${PYTHON} with itsdangerous and starlette)` : name;

type ClassName =
  | 'Signer'
  | 'TimestampSigner'
  | 'Serializer'
  | 'URLSafeSerializer'
  | 'TimedSerializer'
  | 'URLSafeTimedSerializer';
type Bytes = string | { hex: string };

interface Config {
  cls: ClassName;
  secret: Bytes | Bytes[];
  salt?: Bytes;
  kd?: KeyDerivation;
  digest?: DigestMethod;
}

type PeerCase =
  | (Config & { now: number; op: 'dumps'; value: Json })
  | (Config & { now: number; op: 'loads'; token: string; max_age: number | null })
  | { cls: 'Starlette'; secret: string; now: number; op: 'dumps'; value: Json }
  | { cls: 'Starlette'; secret: string; now: number; op: 'loads'; token: string; max_age: number };

interface PeerResult {
  token?: string;
  value?: Json;
  ts?: number;
  error?: string;
}

function python(cases: PeerCase[]): PeerResult[] {
  expect(available, `${PYTHON} with itsdangerous and starlette is required`).toBe(true);
  const run = spawnSync(PYTHON, [PEER], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    timeout: 120_000,
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const results = JSON.parse(run.stdout) as PeerResult[];
  expect(results).toHaveLength(cases.length);
  return results;
}

const bytes = (spec: Bytes): string | Uint8Array =>
  typeof spec === 'string' ? spec : Buffer.from(spec.hex, 'hex');

/** Our implementation of a config, reduced to dumps/loads over JSON values. */
function ours(config: Config, now: number) {
  const secret = Array.isArray(config.secret) ? config.secret.map(bytes) : bytes(config.secret);
  const signerOptions = {
    now: () => now * 1000,
    ...(config.kd && { keyDerivation: config.kd }),
    ...(config.digest && { digestMethod: config.digest }),
  };
  const salt = config.salt === undefined ? {} : { salt: bytes(config.salt) };
  switch (config.cls) {
    case 'Signer':
    case 'TimestampSigner': {
      const signer =
        config.cls === 'Signer'
          ? new Signer(secret, { ...signerOptions, ...salt })
          : new TimestampSigner(secret, { ...signerOptions, ...salt });
      return {
        dumps: (value: Json) => signer.sign(value as string),
        loads: (token: string, maxAge?: number) =>
          signer instanceof TimestampSigner
            ? signer.unsign(token, maxAge === undefined ? {} : { maxAge })
            : signer.unsign(token),
      };
    }
    default: {
      const Class = { Serializer, URLSafeSerializer, TimedSerializer, URLSafeTimedSerializer }[
        config.cls
      ];
      const serializer = new Class(secret, { ...salt, signerOptions });
      return {
        dumps: (value: Json) => serializer.dumps(value),
        loads: (token: string, maxAge?: number) =>
          serializer instanceof TimedSerializer
            ? serializer.loads(token, maxAge === undefined ? {} : { maxAge })
            : serializer.loads(token),
      };
    }
  }
}

const errorName = (fn: () => unknown): string => {
  try {
    fn();
    return 'none';
  } catch (error) {
    return error instanceof BadData ? error.name : `unexpected ${String(error)}`;
  }
};

interface Trip {
  config: Config;
  value: Json;
  now: number;
}

/**
 * Signs every value on both sides, loads each side's token on the other, and checks
 * that uncompressed tokens are identical.
 */
function roundTrip(trips: Trip[]): number {
  const mine = trips.map(({ config, value, now }) => ours(config, now).dumps(value));
  const loadAt = (now: number) => now + 5;
  const results = python(
    trips.flatMap(({ config, value, now }, i): PeerCase[] => [
      { ...config, now, op: 'dumps', value },
      { ...config, now: loadAt(now), op: 'loads', token: mine[i]!, max_age: 10 },
    ]),
  );
  let identical = 0;
  trips.forEach(({ config, value, now }, i) => {
    const theirs = results[2 * i]!;
    const loadedThere = results[2 * i + 1]!;
    const label = `${config.cls} ${JSON.stringify(config)} ${JSON.stringify(value)}`;
    expect(theirs.token, label).toBeTypeOf('string');
    expect(ours(config, loadAt(now)).loads(theirs.token!, 10), label).toEqual(value);
    expect(loadedThere, label).toEqual(
      config.cls.includes('Timed') || config.cls === 'TimestampSigner'
        ? { value, ts: now }
        : { value },
    );
    // zlib builds differ, so near the threshold one side may compress and the other not.
    if (!mine[i]!.startsWith('.') && !theirs.token!.startsWith('.')) {
      expect(mine[i], label).toBe(theirs.token);
      identical++;
    }
  });
  return identical;
}

const SERIALIZERS: ClassName[] = [
  'Serializer',
  'URLSafeSerializer',
  'TimedSerializer',
  'URLSafeTimedSerializer',
];
const KEY_DERIVATIONS: KeyDerivation[] = ['django-concat', 'concat', 'hmac', 'none'];
const DIGESTS: DigestMethod[] = ['sha1', 'sha256', 'sha512'];
const SALTS: (Bytes | undefined)[] = [
  undefined,
  'cookie-session',
  'sälz 🧂',
  { hex: 'deadbeef00ff' },
];
const SECRET = 'interop-secret-key-0123456789abcdef';

describe.skipIf(skip)(titled('itsdangerous interop, both directions'), () => {
  it('serializers agree byte for byte on a few hundred generated payloads', () => {
    const gen = new PayloadGenerator(20_240_601);
    const payloads = gen.payloads(300);
    const trips = SERIALIZERS.flatMap((cls) =>
      payloads.map((value) => ({
        config: { cls, secret: SECRET },
        value,
        now: 1_000_000_000 + gen.int(1_000_000_000),
      })),
    );
    const identical = roundTrip(trips);
    // Compressed tokens only need to load; the rest must be identical.
    expect(identical).toBeGreaterThan(trips.length * 0.7);
  });

  it('every class agrees for every key derivation, digest and salt', () => {
    const gen = new PayloadGenerator(7);
    const classes: ClassName[] = ['Signer', 'TimestampSigner', ...SERIALIZERS];
    const trips = classes.flatMap((cls, c) =>
      KEY_DERIVATIONS.flatMap((kd, k) =>
        DIGESTS.flatMap((digest, d) => {
          const salt = SALTS[(c + k + d) % SALTS.length];
          const secret: Bytes = d === 2 ? { hex: '00ff10a5c3' } : SECRET;
          return Array.from({ length: 4 }, () => ({
            config: { cls, secret, kd, digest, ...(salt !== undefined && { salt }) },
            value: cls.endsWith('Signer') ? gen.text(12) : gen.value(),
            now: 1_308_874_145 + gen.int(100_000_000),
          }));
        }),
      ),
    );
    expect(roundTrip(trips)).toBeGreaterThan(0);
  });

  it('rotates keys as Python does: the last key signs, every key verifies', () => {
    const keys = ['old-key-0123456789', 'new-key-0123456789'];
    const now = 1_308_874_145;
    const gen = new PayloadGenerator(99);
    const values = gen.payloads(20);
    const trips = values.flatMap((value) => [
      { config: { cls: 'URLSafeTimedSerializer' as const, secret: keys }, value, now },
      { config: { cls: 'URLSafeTimedSerializer' as const, secret: keys[0]! }, value, now },
    ]);
    const results = python(
      trips.map(({ config, value }) => ({ ...config, now, op: 'dumps', value })),
    );
    const rotated = ours({ cls: 'URLSafeTimedSerializer', secret: keys }, now);
    const newest = ours({ cls: 'URLSafeTimedSerializer', secret: keys[1]! }, now);
    trips.forEach(({ value }, i) => {
      const token = results[i]!.token!;
      expect(rotated.loads(token, 0)).toEqual(value);
      if (i % 2 === 0 && !token.startsWith('.')) {
        expect(token).toBe(rotated.dumps(value));
        expect(token).toBe(newest.dumps(value));
      }
      if (i % 2 === 1) expect(() => newest.loads(token, 0)).toThrow(BadData);
    });
    const oldOnly = ours({ cls: 'URLSafeTimedSerializer', secret: keys[0]! }, now);
    const back = python(
      values.map((value) => ({
        cls: 'URLSafeTimedSerializer' as const,
        secret: keys,
        now,
        op: 'loads' as const,
        token: oldOnly.dumps(value),
        max_age: 0,
      })),
    );
    expect(back.map((r) => r.value)).toEqual(values);
  });

  it('expires at the same ages as Python (maxAge 10: 0 and 10 valid, 11 and -1 expired)', () => {
    const signed = 1_308_874_145;
    const config: Config = { cls: 'URLSafeTimedSerializer', secret: SECRET };
    const token = ours(config, signed).dumps({ id: 42 });
    const ages = [-1, 0, 1, 9, 10, 11, 1000];
    const results = python(
      ages.map((age) => ({ ...config, now: signed + age, op: 'loads', token, max_age: 10 })),
    );
    const theirs = results.map((r) => r.error ?? 'none');
    const mine = ages.map((age) => errorName(() => ours(config, signed + age).loads(token, 10)));
    expect(mine).toEqual(theirs);
    expect(mine).toEqual([
      'SignatureExpired',
      'none',
      'none',
      'none',
      'none',
      'SignatureExpired',
      'SignatureExpired',
    ]);
  });

  it('rejects the non-canonical spellings Python accepts (security.md §8.I)', () => {
    const now = 1_308_874_145;
    const config: Config = { cls: 'URLSafeTimedSerializer', secret: 'secret-key' };
    const token = ours(config, now).dumps({ id: 42 });
    const flask: Config = { ...config, salt: 'cookie-session', kd: 'hmac' };
    const variants: [Config, string][] = [
      [config, `${token}=`],
      [config, `${token}==`],
      [flask, 'eyJ1c2VyX2lkIjoxfQ.TgPVoQ.X9OzqmUUVTu+CJtaZvFM5FyYtMY'],
      [flask, 'eyJ1c2VyX2lkIjoxfQ.TgPVoQ.X9OzqmUUVTu-CJtaZvFM5FyYtMZ'],
      [config, `${token}é`],
    ];
    const results = python(
      variants.map(([c, t]) => ({ ...c, now, op: 'loads', token: t, max_age: 10 })),
    );
    variants.forEach(([c, t], i) => {
      expect(results[i]!.value, t).toBeDefined();
      expect(() => ours(c, now).loads(t, 10), t).toThrow(BadSignature);
    });
  });

  it('carries a lone surrogate from our JSON escape into Python and back', () => {
    const now = 1_308_874_145;
    const config: Config = { cls: 'URLSafeTimedSerializer', secret: SECRET };
    const value = { ks: 'a\ud800b' };
    const [result] = python([
      { ...config, now, op: 'loads', token: ours(config, now).dumps(value), max_age: 10 },
    ]);
    expect(result).toEqual({ value, ts: now });
  });
});

describe.skipIf(skip)(titled("Starlette's SessionMiddleware"), () => {
  const secret = 'starlette-secret';

  it('sets the same cookie as ours, and each side reads the other', () => {
    const gen = new PayloadGenerator(31_337);
    const sessions = gen.sessions(120);
    const now = 1_700_000_000;
    const serializer = new StarletteSessionSerializer(secret, { now: () => now * 1000 });
    const mine = sessions.map((session) => serializer.dumps(session));
    const results = python(
      sessions.flatMap((value, i): PeerCase[] => [
        { cls: 'Starlette', secret, now, op: 'dumps', value },
        { cls: 'Starlette', secret, now, op: 'loads', token: mine[i]!, max_age: 60 },
      ]),
    );
    sessions.forEach((session, i) => {
      const cookie = results[2 * i]!.token!;
      expect(cookie).toBe(mine[i]);
      expect(serializer.loads(cookie)).toEqual(session);
      expect(results[2 * i + 1]!.value).toEqual(session);
    });
  });

  it('treats the same ages as expired (Starlette answers with an empty session)', () => {
    const signed = 1_700_000_000;
    const token = new StarletteSessionSerializer(secret, { now: () => signed * 1000 }).dumps({
      user: 'alice',
    });
    const ages = [-1, 0, 60, 61];
    const results = python(
      ages.map((age) => ({
        cls: 'Starlette' as const,
        secret,
        now: signed + age,
        op: 'loads' as const,
        token,
        max_age: 60,
      })),
    );
    const mine = ages.map((age) =>
      errorName(() =>
        new StarletteSessionSerializer(secret, { now: () => (signed + age) * 1000 }).loads(token, {
          maxAge: 60,
        }),
      ),
    );
    expect(
      results.map((r) => (Object.keys(r.value ?? {}).length ? 'none' : 'SignatureExpired')),
    ).toEqual(mine);
    expect(mine).toEqual(['SignatureExpired', 'none', 'none', 'SignatureExpired']);
  });
});
