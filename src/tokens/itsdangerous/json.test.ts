import { describe, expect, it } from 'vitest';
import { compactJsonDumps, MAX_JSON_DEPTH, parseJson, pythonJsonDumps } from './json.js';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('pythonJsonDumps (Python json.dumps with default arguments)', () => {
  it.each([
    ['separators', { a: 1, b: [1, 2], c: {} }, '{"a": 1, "b": [1, 2], "c": {}}'],
    ['empty containers', [[], {}], '[[], {}]'],
    ['non-ASCII as \\u escapes', 'é漢', '"\\u00e9\\u6f22"'],
    ['astral characters as surrogate pairs', '😀', '"\\ud83d\\ude00"'],
    ['DEL and line separators', '\u007f\u2028', '"\\u007f\\u2028"'],
    ['control characters', '\n\t\u0001"\\/', '"\\n\\t\\u0001\\"\\\\/"'],
    ['a lone surrogate', '\ud800', '"\\ud800"'],
    ['separators inside strings untouched', { 'a,b:c': 'x, y: z' }, '{"a,b:c": "x, y: z"}'],
    ['digits inside strings untouched', ['1e5', '0.00001'], '["1e5", "0.00001"]'],
    ['integers', [0, -7, 9007199254740991], '[0, -7, 9007199254740991]'],
    [
      'integral doubles as Python ints',
      [1e21, -1e22],
      '[1000000000000000000000, -10000000000000000000000]',
    ],
    ['negative zero as 0', -0, '0'],
    ['fractions', [0.1, -123.456, 0.0001], '[0.1, -123.456, 0.0001]'],
    ['small fractions in exponent form', [1e-5, -2.5e-7, 1e-300], '[1e-05, -2.5e-07, 1e-300]'],
    ['literals', [true, false, null], '[true, false, null]'],
    ['NaN as JSON.stringify does', [Number.NaN, Infinity], '[null, null]'],
    ['skipped undefined members', { a: undefined, b: 1 }, '{"b": 1}'],
    ['toJSON', { d: new Date(0) }, '{"d": "1970-01-01T00:00:00.000Z"}'],
  ])('prints %s', (_name, value, python) => {
    expect(pythonJsonDumps(value)).toBe(python);
    expect(JSON.parse(python)).toEqual(JSON.parse(JSON.stringify(value)));
  });
});

describe('compactJsonDumps (itsdangerous _CompactJSON)', () => {
  it.each([
    ['no spaces and raw UTF-8', { a: ['é😀', 1] }, '{"a":["é😀",1]}'],
    ['small fractions respelled', { n: 1.5e-5 }, '{"n":1.5e-05}'],
    ['big integral doubles respelled', [1e21], '[1000000000000000000000]'],
    ['exponent-like strings untouched', { 'e.00001': '2e5' }, '{"e.00001":"2e5"}'],
    ['escapes kept', '"\\\n', '"\\"\\\\\\n"'],
  ])('prints %s', (_name, value, python) => {
    expect(compactJsonDumps(value)).toBe(python);
  });

  it.each([
    ['undefined', undefined],
    ['a function', () => 1],
    ['a BigInt', 1n],
    [
      'a cycle',
      (() => {
        const cycle: { self?: unknown } = {};
        cycle.self = cycle;
        return cycle;
      })(),
    ],
  ])('throws a TypeError for %s, as json.dumps does for unserializable values', (_name, value) => {
    expect(() => compactJsonDumps(value)).toThrow(TypeError);
    expect(() => pythonJsonDumps(value)).toThrow(TypeError);
  });
});

describe('parseJson', () => {
  it(`accepts ${MAX_JSON_DEPTH} levels of nesting and refuses one more`, () => {
    expect(() => parseJson(nested(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => parseJson(nested(MAX_JSON_DEPTH + 1))).toThrow(RangeError);
    expect(() =>
      parseJson(`${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`),
    ).toThrow(RangeError);
  });

  it('does not count brackets inside strings', () => {
    const text = JSON.stringify({ s: '['.repeat(3 * MAX_JSON_DEPTH), t: '\\"[' });
    expect(parseJson(text)).toEqual(JSON.parse(text));
  });

  it('makes __proto__ an own key, never a prototype', () => {
    const parsed = parseJson(
      '{"__proto__":{"isAdmin":true},"a":{"__proto__":{"polluted":1}}}',
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'a']);
    expect((parsed as { isAdmin?: boolean }).isAdmin).toBeUndefined();
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  it('throws a SyntaxError on anything else', () => {
    expect(() => parseJson('{"a":NaN}')).toThrow(SyntaxError);
  });
});
