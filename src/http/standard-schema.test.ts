import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { isStandardSchema, issuePath, validate, type StandardSchemaV1 } from './standard-schema.js';

/** A hand-written schema whose validator answers asynchronously. */
const asyncEven: StandardSchemaV1<unknown, number> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate: async (value) => {
      await Promise.resolve();
      return typeof value === 'number' && value % 2 === 0
        ? { value }
        : { issues: [{ message: 'Expected an even number' }] };
    },
  },
};

describe('isStandardSchema', () => {
  it.each([
    ['a zod schema', z.string(), true],
    ['a valibot schema', v.string(), true],
    ['a hand-written schema', asyncEven, true],
    ['an options object', { required: false }, false],
    ['null', null, false],
    ['a string', 'schema', false],
    ['a wrong version', { '~standard': { version: 2, validate: () => ({ value: 1 }) } }, false],
    ['no validate function', { '~standard': { version: 1, validate: 'no' } }, false],
    ['~standard not an object', { '~standard': 1 }, false],
    ['~standard null', { '~standard': null }, false],
  ])('%s → %s', (_name, value, expected) => {
    expect(isStandardSchema(value)).toBe(expected);
  });
});

describe('validate', () => {
  it.each([
    ['zod', z.string().min(2)],
    ['valibot', v.pipe(v.string(), v.minLength(2))],
  ])('returns the %s output on success', async (_name, schema) => {
    expect(await validate(schema, 'ok')).toMatchObject({ value: 'ok' });
  });

  it.each([
    ['zod', z.string().min(2)],
    ['valibot', v.pipe(v.string(), v.minLength(2))],
  ])('returns the %s issues on failure', async (_name, schema) => {
    const result = await validate(schema, 'x');
    expect(result.issues).toHaveLength(1);
    expect(result.issues?.[0]?.message).toMatch(/2/);
  });

  it.each([
    [4, { value: 4 }],
    [3, { issues: [{ message: 'Expected an even number' }] }],
  ])('awaits an async validator (%s)', async (input, expected) => {
    expect(await validate(asyncEven, input)).toEqual(expected);
  });

  it('awaits zod async refinements', async () => {
    const schema = z.string().refine(async (text) => Promise.resolve(text === 'yes'), 'Say yes');
    expect(await validate(schema, 'no')).toMatchObject({ issues: [{ message: 'Say yes' }] });
  });
});

describe('issuePath', () => {
  it.each([
    [{ message: 'm' }, []],
    [{ message: 'm', path: ['a', 0] }, ['a', 0]],
    [{ message: 'm', path: [{ key: 'a' }, { key: 1 }] }, ['a', 1]],
    [{ message: 'm', path: [Symbol('s'), 'b', { key: Symbol('t') }] }, ['b']],
  ])('%o → %o', (issue: StandardSchemaV1.Issue, expected) => {
    expect(issuePath(issue)).toEqual(expected);
  });
});
