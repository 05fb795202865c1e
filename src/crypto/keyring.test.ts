import { createHmac, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { KEY_ID_PATTERN, Keyring, type KeyringEntry } from './keyring.js';

const NEW = 'n'.repeat(31) + '-new-secret-2025';
const OLD = 'o'.repeat(31) + '-old-secret-2024';

/** RFC 5869 written out with HMAC, to check hkdfSync is called the way the docs say. */
function hkdfFirstBlock(secret: string | Uint8Array, info: string): Buffer {
  const prk = createHmac('sha256', Buffer.alloc(32)).update(secret).digest();
  return createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from(info), Buffer.of(1)]))
    .digest();
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('Keyring construction', () => {
  it('keeps the order given: the first entry is the newest', () => {
    const keyring = new Keyring([
      { id: 'k2', secret: NEW },
      { id: 'k1', secret: OLD },
    ]);
    expect(keyring.newestId).toBe('k2');
    expect(keyring.ids).toEqual(['k2', 'k1']);
    expect(keyring.has('k1')).toBe(true);
    expect(keyring.has('k3')).toBe(false);
  });

  it('derives a short, stable, URL-safe id from a bare secret', () => {
    const [a, b] = [new Keyring([NEW, OLD]), new Keyring([NEW])];
    expect(a.newestId).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(a.newestId).toBe(b.newestId);
    expect(a.ids[1]).not.toBe(a.ids[0]);
    expect(NEW).not.toContain(a.newestId);
  });

  it('takes text and bytes with the same content as the same secret', () => {
    expect(new Keyring([Buffer.from(NEW)]).newestId).toBe(new Keyring([NEW]).newestId);
  });

  it('copies byte secrets, so later changes to the caller buffer do not leak in', () => {
    const bytes = randomBytes(32);
    const original = Buffer.from(bytes);
    const keyring = new Keyring([bytes]);
    bytes.fill(0);
    expect(keyring.derive('later').newest.key).toEqual(hkdfFirstBlock(original, 'later'));
  });

  it.each<[string, unknown]>([
    ['an empty list', []],
    ['a bare string', NEW],
    ['undefined', undefined],
    ['a short secret', ['x'.repeat(31)]],
    ['a short secret after a good one', [NEW, Buffer.alloc(31)]],
    ['a number', [42]],
    ['null', [null]],
    ['an entry without a secret', [{ id: 'k1' }]],
    ['an entry with a short secret', [{ id: 'k1', secret: 'short' }]],
    ['an empty id', [{ id: '', secret: NEW }]],
    ['a 33-character id', [{ id: 'a'.repeat(33), secret: NEW }]],
    ['an id with a dot', [{ id: 'k.1', secret: NEW }]],
    ['an id with a space', [{ id: 'k 1', secret: NEW }]],
    ['a non-ASCII id', [{ id: 'clé', secret: NEW }]],
    ['a numeric id', [{ id: 1, secret: NEW }]],
    ['the same secret twice', [NEW, NEW]],
    ['the same secret as text and bytes', [NEW, { id: 'k1', secret: Buffer.from(NEW) }]],
    [
      'the same id twice',
      [
        { id: 'k1', secret: NEW },
        { id: 'k1', secret: OLD },
      ],
    ],
  ])('refuses %s with a ConfigError', (_why, entries) => {
    expect(() => new Keyring(entries as KeyringEntry[])).toThrow(ConfigError);
  });

  it('accepts ids at the edges of the grammar', () => {
    const ids = ['a', 'Z'.repeat(32), 'k_2025-01', '__proto__'];
    expect(ids.every((id) => KEY_ID_PATTERN.test(id))).toBe(true);
    const keyring = new Keyring(ids.map((id, i) => ({ id, secret: String(i).padStart(32, '0') })));
    expect(keyring.ids).toEqual(ids);
  });

  it('never puts a secret in an error message', () => {
    for (const entries of [[NEW, NEW], [NEW.slice(0, 31)], [{ id: 'x y', secret: NEW }]]) {
      const error = thrown(() => new Keyring(entries)) as Error;
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).not.toContain(NEW.slice(0, 31));
    }
  });
});

describe('Keyring.derive', () => {
  const keyring = new Keyring([
    { id: 'k2', secret: NEW },
    { id: 'k1', secret: OLD },
  ]);

  it('derives HKDF-SHA-256 subkeys with the purpose as info (RFC 5869)', () => {
    const keys = keyring.derive('tessera/test/v1');
    expect(keys.purpose).toBe('tessera/test/v1');
    expect(keys.all.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(keys.newest).toBe(keys.all[0]);
    expect(keys.newest.key).toEqual(hkdfFirstBlock(NEW, 'tessera/test/v1'));
    expect(keys.find('k1')?.key).toEqual(hkdfFirstBlock(OLD, 'tessera/test/v1'));
  });

  it('gives unrelated keys to distinct purposes and caches each purpose', () => {
    const seal = keyring.derive('tessera/seal/v1');
    const csrf = keyring.derive('tessera/csrf/v1');
    expect(seal.newest.key.equals(csrf.newest.key)).toBe(false);
    expect(seal.newest.key.equals(Buffer.from(NEW).subarray(0, 32))).toBe(false);
    expect(keyring.derive('tessera/seal/v1')).toBe(seal);
  });

  it.each(['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'k999', ''])(
    'finds no key for the id %j',
    (id) => {
      expect(keyring.derive('p').find(id)).toBeUndefined();
    },
  );

  it.each<[string, unknown]>([
    ['empty', ''],
    ['not a string', 42],
  ])('refuses a purpose that is %s', (_why, purpose) => {
    expect(() => keyring.derive(purpose as string)).toThrow(ConfigError);
  });
});

describe('secrets stay out of logs', () => {
  const secretBytes = randomBytes(32);
  const keyring = new Keyring([{ id: 'k2', secret: NEW }, secretBytes]);
  const derived = keyring.derive('tessera/test/v1');
  const leaks = (text: string): boolean =>
    [
      NEW,
      secretBytes.toString('hex'),
      secretBytes.toString('base64'),
      ...derived.all.flatMap(({ key }) => [key.toString('hex'), key.toString('base64')]),
    ].some((secret) => text.includes(secret)) || /<Buffer/.test(text);

  it.each<[string, () => string]>([
    ['String()', () => String(keyring)],
    ['JSON.stringify', () => JSON.stringify({ keyring, derived, key: derived.newest })],
    ['util.inspect', () => inspect(keyring, { showHidden: true, depth: Infinity })],
    ['util.inspect of subkeys', () => inspect(derived, { showHidden: true, depth: Infinity })],
    ['util.inspect of one subkey', () => inspect(derived.newest, { showHidden: true })],
    ['a template string', () => `${keyring.toString()} ${inspect(derived.all)}`],
  ])('%s shows ids only', (_how, show) => {
    const text = show();
    expect(text).toContain('k2');
    expect(leaks(text)).toBe(false);
  });

  it('serializes to ids only', () => {
    expect(keyring.toJSON()).toEqual({ ids: keyring.ids });
    expect(derived.toJSON()).toEqual({ purpose: 'tessera/test/v1', ids: keyring.ids });
    expect(derived.newest.toJSON()).toEqual({ id: 'k2' });
  });
});
