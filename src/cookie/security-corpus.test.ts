import { describe, expect, it } from 'vitest';
import { securityCorpus, type CorpusRow } from './__fixtures__/corpus.js';
import {
  CookieError,
  expireSetCookie,
  getAllCookies,
  parseCookie,
  stringifySetCookie,
} from './index.js';
import type { SetCookieInit, SetCookieOptions, StringifyOptions } from './index.js';

const rows = (layer: CorpusRow['layer']): CorpusRow[] =>
  securityCorpus.filter((row) => row.layer === layer);

function outcome(run: () => string): string {
  try {
    return `equal:${run()}`;
  } catch (error) {
    if (error instanceof CookieError) return `throw:${error.code}`;
    throw error;
  }
}

function expected(row: CorpusRow): string {
  return row.expect === 'equal' ? `equal:${String(row.output)}` : row.expect;
}

/** Sets `Object.prototype` properties for the length of `run`, then removes them. */
function withPollutedPrototype<T>(
  pollute: Readonly<Record<string, unknown>> | undefined,
  run: () => T,
): T {
  const keys = Object.keys(pollute ?? {});
  for (const key of keys) {
    Object.defineProperty(Object.prototype, key, {
      value: pollute?.[key],
      configurable: true,
      writable: true,
    });
  }
  try {
    return run();
  } finally {
    for (const key of keys) Reflect.deleteProperty(Object.prototype, key);
  }
}

const identity = (value: string): string => value;

describe('security corpus (shared/research/security.md §8)', () => {
  it('has unique row ids and a row for every layer it claims', () => {
    const ids = securityCorpus.map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rows('parser').length).toBeGreaterThan(20);
    expect(rows('serializer').length).toBeGreaterThan(40);
  });

  describe('parser rows: parseCookie never throws and returns exactly these keys', () => {
    it.each(rows('parser').map((row) => [row.id, row] as const))('%s', (_id, row) => {
      const header = row.input as string;
      const parsed = parseCookie(header);
      expect(Object.getPrototypeOf(Object.getPrototypeOf(parsed))).toBeNull();
      expect({ ...parsed }).toEqual(row.output);
      for (const [name, values] of Object.entries(row.getAll ?? {})) {
        expect(getAllCookies(header, name)).toEqual(values);
        expect(parsed[name]).toBe(values[0]);
      }
    });
  });

  describe('serializer rows, object form: stringifySetCookie({ name, value, ...attributes })', () => {
    it.each(rows('serializer').map((row) => [row.id, row] as const))('%s', (_id, row) => {
      const options: StringifyOptions = row.encode === 'identity' ? { encode: identity } : {};
      const input = row.input as SetCookieInit;
      const result = withPollutedPrototype(row.pollute, () =>
        outcome(() => stringifySetCookie(input, options)),
      );
      expect(result).toBe(expected(row));
    });
  });

  describe('serializer rows, three-argument form: stringifySetCookie(name, value, attributes)', () => {
    it.each(rows('serializer').map((row) => [row.id, row] as const))('%s', (_id, row) => {
      const { name, value, ...rest } = row.input as SetCookieInit;
      const attributes: SetCookieOptions & StringifyOptions =
        row.encode === 'identity' ? { ...rest, encode: identity } : rest;
      const result = withPollutedPrototype(row.pollute, () =>
        outcome(() => stringifySetCookie(name, value, attributes)),
      );
      expect(result).toBe(expected(row));
    });
  });

  describe('clearing rows: expireSetCookie(name, attributes)', () => {
    it.each(rows('expire').map((row) => [row.id, row] as const))('%s', (_id, row) => {
      const { name, ...attributes } = row.input as SetCookieOptions & { name: string };
      expect(outcome(() => expireSetCookie(name, attributes))).toBe(expected(row));
    });
  });

  it('leaves Object.prototype clean after the pollution rows', () => {
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>)['domain']).toBeUndefined();
  });
});
