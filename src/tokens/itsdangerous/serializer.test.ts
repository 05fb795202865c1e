import { describe, expect, it } from 'vitest';
import { BadPayload, BadSignature } from './errors.js';
import { MAX_JSON_DEPTH, type TextSerializer } from './json.js';
import { Serializer } from './serializer.js';
import { Signer } from './signer.js';

const SECRET = 'serializer-test-secret';
/** The signer a default Serializer uses, to sign payloads it did not make. */
const rawSigner = new Signer(SECRET, { salt: 'itsdangerous' });

describe('Serializer', () => {
  const serializer = new Serializer(SECRET);

  it.each([
    ['an object', { id: 42, name: 'zoë' }],
    ['a list', [1, 'two', null, true]],
    ['a string', 'hello'],
    ['a number', 1.5],
    ['null', null],
    ['an empty object', {}],
  ])('round-trips %s', (_name, value) => {
    expect(serializer.loads(serializer.dumps(value))).toEqual(value);
  });

  it('signs Python’s default json.dumps text, spaces and \\u escapes included', () => {
    const token = serializer.dumps({ a: 1, b: 'é' });
    expect(token.startsWith('{"a": 1, "b": "\\u00e9"}.')).toBe(true);
    expect(rawSigner.unsign(token)).toBe('{"a": 1, "b": "\\u00e9"}');
  });

  it('separates contexts by salt', () => {
    const other = new Serializer(SECRET, { salt: 'activate' });
    expect(() => other.loads(serializer.dumps(1))).toThrow(BadSignature);
  });

  it('passes signer options through', () => {
    const sha256 = new Serializer(SECRET, {
      signerOptions: { digestMethod: 'sha256', keyDerivation: 'hmac', sep: ':' },
    });
    const token = sha256.dumps([1]);
    const signer = new Signer(SECRET, {
      salt: 'itsdangerous',
      digestMethod: 'sha256',
      keyDerivation: 'hmac',
      sep: ':',
    });
    expect(signer.unsign(token)).toBe('[1]');
  });

  it('uses a custom text serializer both ways', () => {
    const upper: TextSerializer = {
      dumps: (value) => String(value).toUpperCase(),
      loads: (text) => text.toLowerCase(),
    };
    const custom = new Serializer(SECRET, { serializer: upper });
    expect(custom.dumps('abc').startsWith('ABC.')).toBe(true);
    expect(custom.loads(custom.dumps('abc'))).toBe('abc');
  });

  it.each([
    ['not JSON', '{bad'],
    ['NaN, which Python accepts and JSON.parse does not', '[NaN]'],
    ['nested too deep', `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`],
  ])('turns a validly signed payload that is %s into BadPayload with the cause', (_name, text) => {
    const error = (() => {
      try {
        serializer.loads(rawSigner.sign(text));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(BadPayload);
    expect(error).toMatchObject({ code: 'ERR_BAD_PAYLOAD' });
    expect((error as BadPayload).cause).toBeInstanceOf(Error);
  });

  it('never lets a __proto__ key reach a prototype', () => {
    const loaded = serializer.loads(rawSigner.sign('{"__proto__": {"isAdmin": true}}')) as object;
    expect(Object.getPrototypeOf(loaded)).toBe(Object.prototype);
    expect(Object.hasOwn(loaded, '__proto__')).toBe(true);
    expect((loaded as { isAdmin?: unknown }).isAdmin).toBeUndefined();
  });

  describe('loadsUnsafe, as Python’s loads_unsafe', () => {
    it.each([
      ['a valid token', () => serializer.dumps({ a: 1 }), [true, { a: 1 }]],
      [
        'a bad signature',
        () => `{"a": 2}.${serializer.dumps(0).split('.')[1]!}`,
        [false, { a: 2 }],
      ],
      ['no signature at all', () => '{"a": 2}', [false, undefined]],
      ['a bad signature over junk', () => '{junk.AAAA', [false, undefined]],
    ])('reports %s', (_name, token, expected) => {
      expect(serializer.loadsUnsafe(token())).toEqual(expected);
    });

    it('still throws BadPayload for a valid signature over an unreadable payload', () => {
      expect(() => serializer.loadsUnsafe(rawSigner.sign('{junk'))).toThrow(BadPayload);
    });

    it('rethrows anything that is not a token error', () => {
      const exploding = new Serializer(SECRET, {
        serializer: {
          dumps: String,
          loads: () => {
            throw new Error('boom');
          },
        },
      });
      const forged = 'x.AAAA';
      class Strict extends Serializer {
        protected override loadPayload(): unknown {
          throw new TypeError('bug');
        }
      }
      expect(exploding.loadsUnsafe(forged)).toEqual([false, undefined]);
      expect(() => new Strict(SECRET).loadsUnsafe(forged)).toThrow(TypeError);
    });
  });
});
