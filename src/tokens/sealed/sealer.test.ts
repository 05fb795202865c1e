import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../crypto/keyring.js';
import { seal as xchachaSeal } from '../../crypto/xchacha20poly1305.js';
import { ConfigError } from '../../errors.js';
import { SealError, SealExpiredError } from './errors.js';
import { MAX_TOKEN_LENGTH } from './format.js';
import { DEFAULT_TTL, MAX_TTL, type SealerOptions } from './options.js';
import { Sealer } from './sealer.js';

const NEW = 'n'.repeat(32) + '/secret-2025';
const OLD = 'o'.repeat(32) + '/secret-2024';
const T0 = Date.UTC(2025, 0, 1);
const SESSION = { userId: 'u_1234567890', roles: ['admin', 'editor'], theme: 'dark' };
const BACKENDS = ['node', 'sodium'] as const;

/** A clock the test moves by hand. */
function fakeClock(start = T0): { now: () => number; set: (ms: number) => void } {
  let time = start;
  return { now: () => time, set: (ms) => (time = ms) };
}

function failure(fn: () => unknown): SealError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SealError);
    return error as SealError;
  }
  throw new Error('expected a SealError');
}

const codeOf = (fn: () => unknown): string => failure(fn).code;
const bodyOf = (token: string): Buffer =>
  Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url');
const withBody = (token: string, body: Uint8Array): string =>
  token.slice(0, token.lastIndexOf('.') + 1) + Buffer.from(body).toString('base64url');

describe.each(BACKENDS)('Sealer on the %s engine', (backend) => {
  const make = (keys: readonly string[] = [NEW], options: SealerOptions = {}): Sealer =>
    new Sealer(keys, { now: () => T0, ...options, backend });

  it('reports its engine', () => {
    expect(make().backend).toBe(backend);
  });

  it('round-trips arbitrary JSON values', () => {
    const sealer = make();
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const opened = sealer.unseal(sealer.seal(value));
        expect(opened.value).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  it('seals JSON text as seal() seals the value it came from', () => {
    const sealer = make();
    const value = { e: { v: 1, d: { count: 2 } }, s: 1700 };
    const opened = sealer.unseal(sealer.sealJson(JSON.stringify(value), { ttl: 60 }));
    expect(opened.value).toEqual(value);
    expect(opened.expiresAt.getTime()).toBe(T0 + 60_000);
  });

  it('opens tokens sealed by the other engine, and the other engine opens its tokens', () => {
    const other = new Sealer([NEW], {
      now: () => T0,
      backend: backend === 'node' ? 'sodium' : 'node',
    });
    const sealer = make();
    for (const value of [SESSION, 'é😀', [1, null, true], 0]) {
      expect(sealer.unseal(other.seal(value)).value).toEqual(value);
      expect(other.unseal(sealer.seal(value)).value).toEqual(value);
    }
  });

  it('writes v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>', () => {
    const keyring = new Keyring([NEW]);
    const token = make().seal(SESSION);
    const [version, keyId, body, ...rest] = token.split('.');
    expect([version, keyId, rest]).toEqual(['v1', keyring.newestId, []]);
    expect(body).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(bodyOf(token).byteLength).toBe(24 + 8 + JSON.stringify(SESSION).length + 16);
    expect(token).not.toContain('userId');
  });

  it('uses a fresh nonce for each of 100 000 seals of the same value', () => {
    const sealer = make();
    const nonces = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      nonces.add(bodyOf(sealer.seal(SESSION)).subarray(0, 24).toString('base64'));
    }
    expect(nonces.size).toBe(100_000);
  });

  describe('tampering', () => {
    const sealer = make();
    const token = sealer.seal(SESSION);
    const ALPHABET = ['A', 'z', '0', '-', '_', '.', '=', ' '];

    it('rejects every substitution, deletion and insertion of a character', () => {
      const variants = new Set<string>();
      for (let i = 0; i <= token.length; i++) {
        if (i < token.length) variants.add(token.slice(0, i) + token.slice(i + 1));
        for (const c of [
          ...ALPHABET,
          token[i]?.toUpperCase() ?? '',
          token[i]?.toLowerCase() ?? '',
        ]) {
          if (i < token.length) variants.add(token.slice(0, i) + c + token.slice(i + 1));
          variants.add(token.slice(0, i) + c + token.slice(i));
        }
      }
      variants.delete(token);
      expect(variants.size).toBeGreaterThan(1500);
      for (const variant of variants) {
        expect(['ERR_SEAL_MALFORMED', 'ERR_SEAL_UNKNOWN_KEY', 'ERR_SEAL_FORGED']).toContain(
          codeOf(() => sealer.unseal(variant)),
        );
      }
    });

    it('rejects every single-bit change of the sealed bytes as forged', () => {
      const body = bodyOf(token);
      for (let bit = 0; bit < body.byteLength * 8; bit++) {
        const altered = Buffer.from(body);
        altered[bit >> 3]! ^= 1 << (bit & 7);
        expect(codeOf(() => sealer.unseal(withBody(token, altered)))).toBe('ERR_SEAL_FORGED');
      }
    });

    it('rejects every truncation and extension of the sealed bytes', () => {
      const body = bodyOf(token);
      for (let length = 0; length < body.byteLength; length++) {
        expect(codeOf(() => sealer.unseal(withBody(token, body.subarray(0, length))))).toMatch(
          /^ERR_SEAL_(MALFORMED|FORGED)$/,
        );
      }
      for (const extra of [Buffer.of(0), Buffer.alloc(16), randomBytes(100)]) {
        const extended = Buffer.concat([body, extra]);
        expect(codeOf(() => sealer.unseal(withBody(token, extended)))).toBe('ERR_SEAL_FORGED');
      }
    });

    it('rejects a nonce swapped in from another seal as forged', () => {
      const body = bodyOf(token);
      const donor = bodyOf(sealer.seal(SESSION));
      donor.copy(body, 0, 0, 24);
      expect(codeOf(() => sealer.unseal(withBody(token, body)))).toBe('ERR_SEAL_FORGED');
    });

    it.each([
      ['an unknown version v0', 'v0'],
      ['an unknown version v2', 'v2'],
    ])('rejects %s as malformed', (_why, version) => {
      expect(codeOf(() => sealer.unseal(version + token.slice(2)))).toBe('ERR_SEAL_MALFORMED');
    });

    it.each([
      ['an 11-byte nonce', 11],
      ['a 13-byte nonce', 13],
      ['a ciphertext shorter than the tag', 24 + 15],
    ])('rejects a body of only %s as malformed', (_why, length) => {
      expect(codeOf(() => sealer.unseal(withBody(token, randomBytes(length))))).toBe(
        'ERR_SEAL_MALFORMED',
      );
    });

    it.each(['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'k999'])(
      'rejects the key id %s as unknown',
      (keyId) => {
        const forged = `v1.${keyId}.${token.slice(token.lastIndexOf('.') + 1)}`;
        expect(codeOf(() => sealer.unseal(forged))).toBe('ERR_SEAL_UNKNOWN_KEY');
      },
    );

    it('rejects a token from another key set with the same key id as forged', () => {
      const mine = new Sealer([{ id: 'main', secret: NEW }], { backend });
      const theirs = new Sealer([{ id: 'main', secret: randomBytes(32) }], { backend });
      expect(codeOf(() => mine.unseal(theirs.seal(SESSION)))).toBe('ERR_SEAL_FORGED');
    });

    it('rejects a token whose key id was rewritten to another key on the ring', () => {
      const keyring = new Keyring([NEW, OLD]);
      const both = new Sealer(keyring, { backend });
      const moved = token.replace(keyring.ids[0]!, keyring.ids[1]!);
      expect(codeOf(() => both.unseal(moved))).toBe('ERR_SEAL_FORGED');
    });

    it('only ever throws SealError for random input', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 400 }), fc.string({ maxLength: 40 }), (body, id) => {
          for (const input of [
            body,
            `v1.${id}.${body}`,
            `v1.${new Keyring([NEW]).newestId}.${body}`,
          ]) {
            codeOf(() => sealer.unseal(input));
          }
        }),
        { seed: 7, numRuns: 300 },
      );
    });
  });

  describe('key rotation', () => {
    const keyring = new Keyring([NEW, OLD]);

    it('opens a token sealed under an older key and asks for a reseal', () => {
      const oldToken = make([OLD]).seal(SESSION);
      const rotated = new Sealer(keyring, { now: () => T0, backend });
      const opened = rotated.unseal(oldToken);
      expect(opened).toMatchObject({ value: SESSION, keyId: keyring.ids[1], needsReseal: true });
      const resealed = rotated.seal(opened.value);
      expect(rotated.unseal(resealed)).toMatchObject({
        keyId: keyring.newestId,
        needsReseal: false,
      });
    });

    it('rejects a token whose key was removed from the ring as unknown', () => {
      const oldToken = make([OLD]).seal(SESSION);
      expect(codeOf(() => make([NEW]).unseal(oldToken))).toBe('ERR_SEAL_UNKNOWN_KEY');
    });
  });

  describe('context', () => {
    const sealer = make([NEW], { context: '__Host-session' });

    it('binds the token to the context it was sealed for', () => {
      const token = sealer.seal(SESSION);
      expect(sealer.unseal(token).value).toEqual(SESSION);
      expect(sealer.unseal(token, { context: '__Host-session' }).value).toEqual(SESSION);
      expect(codeOf(() => sealer.unseal(token, { context: 'csrf' }))).toBe('ERR_SEAL_FORGED');
      expect(codeOf(() => make().unseal(token))).toBe('ERR_SEAL_FORGED');
    });

    it('lets one call seal for another context', () => {
      const token = sealer.seal(SESSION, { context: 'flash' });
      expect(codeOf(() => sealer.unseal(token))).toBe('ERR_SEAL_FORGED');
      expect(sealer.unseal(token, { context: 'flash' }).value).toEqual(SESSION);
      expect(make([NEW], { context: 'flash' }).unseal(token).value).toEqual(SESSION);
    });

    it('keeps a context and its U+FFFD look-alike apart by refusing lone surrogates', () => {
      expect(() => make([NEW], { context: 'a\ud800' })).toThrow(ConfigError);
      expect(() => sealer.seal(SESSION, { context: '\udc00' })).toThrow(ConfigError);
      expect(() => sealer.unseal(sealer.seal(SESSION), { context: 'x\ud800' })).toThrow(
        ConfigError,
      );
      expect(sealer.unseal(sealer.seal(1, { context: '😀' }), { context: '😀' }).value).toBe(1);
    });
  });

  describe('expiry', () => {
    it('opens until just before expiresAt and is expired from expiresAt on', () => {
      const clock = fakeClock();
      const sealer = make([NEW], { ttl: 60, now: clock.now });
      const token = sealer.seal(SESSION);
      clock.set(T0 + 59_999);
      expect(sealer.unseal(token).expiresAt).toEqual(new Date(T0 + 60_000));
      clock.set(T0 + 60_000);
      const error = failure(() => sealer.unseal(token));
      expect(error.code).toBe('ERR_SEAL_EXPIRED');
      if (!(error instanceof SealExpiredError)) throw new Error('expected SealExpiredError');
      expect(error.expiresAt).toEqual(new Date(T0 + 60_000));
    });

    it('defaults to 14 days and takes a per-token ttl', () => {
      const sealer = make();
      expect(sealer.unseal(sealer.seal(1)).expiresAt.getTime()).toBe(T0 + DEFAULT_TTL * 1000);
      expect(sealer.unseal(sealer.seal(1, { ttl: 5 })).expiresAt.getTime()).toBe(T0 + 5000);
      expect(DEFAULT_TTL).toBe(14 * 86_400);
    });

    it('checks expiry with the clock of the sealer that opens', () => {
      const token = make([NEW], { ttl: 10 }).seal(1);
      expect(codeOf(() => make([NEW], { now: () => T0 + 10_000 }).unseal(token))).toBe(
        'ERR_SEAL_EXPIRED',
      );
    });

    it('floors a fractional clock to whole milliseconds', () => {
      const sealer = make([NEW], { ttl: 1, now: () => T0 + 0.75 });
      expect(sealer.unseal(sealer.seal(1)).expiresAt.getTime()).toBe(T0 + 1000);
    });

    it.each([NaN, Infinity, -1])('refuses a clock that returns %d', (bad) => {
      const sealer = make([NEW], { now: () => bad });
      expect(() => sealer.seal(1)).toThrow(ConfigError);
      expect(() => sealer.unseal(make().seal(1))).toThrow(ConfigError);
    });
  });

  describe('values', () => {
    const sealer = make();
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;

    it.each<[string, unknown]>([
      ['undefined', undefined],
      ['a function', () => 1],
      ['a symbol', Symbol('s')],
      ['a BigInt', 1n],
      ['a nested BigInt', { n: 1n }],
      ['a cycle', circular],
      [
        'a throwing toJSON',
        {
          toJSON: () => {
            throw new Error('no');
          },
        },
      ],
    ])('refuses %s with ERR_SEAL_VALUE', (_why, value) => {
      expect(codeOf(() => sealer.seal(value))).toBe('ERR_SEAL_VALUE');
    });

    it('stores what JSON stores: dates as strings, no undefined members', () => {
      const value = { at: new Date(T0), gone: undefined, list: [undefined] };
      expect(sealer.unseal(sealer.seal(value)).value).toEqual({
        at: new Date(T0).toISOString(),
        list: [null],
      });
    });

    it('returns a __proto__ member as plain data without touching any prototype', () => {
      const value: unknown = JSON.parse(
        '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}',
      );
      const opened = sealer.unseal<Record<string, unknown>>(sealer.seal(value)).value;
      expect(Object.hasOwn(opened, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(opened)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
    });

    it('seals the largest value that fits in MAX_TOKEN_LENGTH, and refuses one byte more', () => {
      const prefix = `v1.${new Keyring([NEW]).newestId}.`.length;
      const maxJson = Math.floor(((MAX_TOKEN_LENGTH - prefix) * 3) / 4) - 24 - 8 - 16;
      const fits = 'a'.repeat(maxJson - 2);
      const token = sealer.seal(fits);
      expect(token.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
      expect(sealer.unseal(token).value).toBe(fits);
      expect(codeOf(() => sealer.seal(`${fits}a`))).toBe('ERR_SEAL_VALUE');
      expect(codeOf(() => sealer.seal(`${fits.slice(1)}é`))).toBe('ERR_SEAL_VALUE');
      expect(codeOf(() => sealer.seal('a'.repeat(1 << 20)))).toBe('ERR_SEAL_VALUE');
    });
  });

  describe('an authentic token with a bad payload (only a key holder can make one)', () => {
    const keyring = new Keyring([NEW]);
    const { id, key } = keyring.derive('tessera/seal/v1').newest;
    const handMade = (plaintext: Buffer, context = ''): string => {
      const nonce = randomBytes(24);
      const aad = Buffer.from(`v1.${id}.${context}`);
      const body = Buffer.concat([nonce, xchachaSeal(key, nonce, plaintext, aad)]);
      return `v1.${id}.${body.toString('base64url')}`;
    };
    const expiry = (ms: number): Buffer => {
      const bytes = Buffer.alloc(8);
      bytes.writeBigUInt64BE(BigInt(ms));
      return bytes;
    };
    const sealer = new Sealer(keyring, { now: () => T0, backend, context: 'ctx' });

    it('opens a token built by hand from the documented format', () => {
      const token = handMade(Buffer.concat([expiry(T0 + 1), Buffer.from('{"a":[1]}')]), 'ctx');
      expect(sealer.unseal(token)).toEqual({
        value: { a: [1] },
        keyId: id,
        expiresAt: new Date(T0 + 1),
        needsReseal: false,
      });
    });

    it.each([
      ['JSON that does not parse', Buffer.concat([expiry(T0 + 1), Buffer.from('{"a":')])],
      ['an expiry no Date can hold', Buffer.concat([expiry(2 ** 60), Buffer.from('1')])],
    ])('rejects %s as malformed', (_why, plaintext) => {
      expect(codeOf(() => sealer.unseal(handMade(plaintext, 'ctx')))).toBe('ERR_SEAL_MALFORMED');
    });
  });
});

describe('Sealer construction', () => {
  it.each<[string, unknown, SealerOptions]>([
    ['no secrets', [], {}],
    ['a short secret', ['short'], {}],
    ['a bad option', [NEW], { ttl: 0 }],
    ['an unknown backend', [NEW], { backend: 'aes' as 'auto' }],
  ])('refuses %s with a ConfigError', (_why, keys, options) => {
    expect(() => new Sealer(keys as string[], options)).toThrow(ConfigError);
  });

  it('refuses a bad per-token ttl', () => {
    expect(() => new Sealer([NEW]).seal(1, { ttl: 0 })).toThrow(ConfigError);
  });

  it('accepts a ttl of exactly 400 days and a shared Keyring', () => {
    const keyring = new Keyring([NEW]);
    const sealer = new Sealer(keyring, { ttl: MAX_TTL, now: () => T0 });
    expect(sealer.unseal(sealer.seal(1)).expiresAt.getTime()).toBe(T0 + MAX_TTL * 1000);
    expect(new Sealer([NEW], { now: () => T0 }).unseal(sealer.seal(2)).value).toBe(2);
  });

  it('defaults to the real clock', () => {
    const before = Date.now();
    const { expiresAt } = new Sealer([NEW], { ttl: 1 }).unseal(
      new Sealer([NEW], { ttl: 1 }).seal(1),
    );
    expect(expiresAt.getTime()).toBeGreaterThanOrEqual(before + 1000);
    expect(expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });
});

describe('nothing secret leaks', () => {
  const secret = randomBytes(32);
  const keyring = new Keyring([secret]);
  const subkey = keyring.derive('tessera/seal/v1').newest.key;
  const sealer = new Sealer(keyring, { now: () => T0, context: 'ctx' });
  const token = sealer.seal({ password: 'hunter2-hunter2' });
  const body = token.slice(token.lastIndexOf('.') + 1);
  const SECRETS = [
    secret.toString('hex'),
    secret.toString('base64'),
    subkey.toString('hex'),
    subkey.toString('base64'),
    'hunter2-hunter2',
    body.slice(0, 20),
  ];

  it('keeps secrets, tokens and values out of every error message', () => {
    const circular: Record<string, unknown> = { password: 'hunter2-hunter2' };
    circular['self'] = circular;
    const errors = [
      failure(() => sealer.unseal(token, { context: 'other' })),
      failure(() => sealer.unseal(`v2${token.slice(2)}`)),
      failure(() => sealer.unseal(`v1.k999.${body}`)),
      failure(() =>
        new Sealer([secret], { now: () => T0 + 15 * 86_400_000 }).unseal(token, { context: 'ctx' }),
      ),
      failure(() => sealer.seal({ password: 'hunter2-hunter2', n: 1n })),
      failure(() => sealer.seal(circular)),
      failure(() => sealer.seal({ password: 'hunter2-hunter2', big: 'x'.repeat(9000) })),
    ];
    expect(new Set(errors.map((error) => error.code)).size).toBe(5);
    for (const error of errors) {
      const shown = `${error.message} ${inspect(error)}`;
      for (const leaked of SECRETS) expect(shown).not.toContain(leaked);
    }
  });

  it('shows no key material when the sealer is inspected or serialized', () => {
    const inspected = inspect(sealer, { showHidden: true, depth: Infinity });
    const shown = `${inspected} ${JSON.stringify(sealer)}`;
    for (const leaked of SECRETS) expect(shown).not.toContain(leaked);
    expect(shown).not.toMatch(/<Buffer/);
  });
});
