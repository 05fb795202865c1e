import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { cookieParam, cookies, type CookieParam, type CookieSource } from './cookie-param.js';
import { CookieParamError } from './errors.js';

/** The 422 body a read fails with, or the value it resolves to. */
async function outcome<T>(param: CookieParam<T>, header: CookieSource): Promise<unknown> {
  try {
    return { value: await param.read(header) };
  } catch (error) {
    if (!(error instanceof CookieParamError)) throw error;
    return error.body;
  }
}

const missing = (name: string) => ({
  detail: [{ type: 'missing', loc: ['cookie', name], msg: 'Field required', input: null }],
});

describe('cookies', () => {
  it.each([
    [undefined, {}],
    ['', {}],
    ['a=1; b=2', { a: '1', b: '2' }],
    ['a=1; a=2', { a: '1' }],
    ['__proto__=x; constructor=y', { ['__proto__']: 'x', constructor: 'y' }],
  ])('%j → %j, inheriting nothing', (header, expected) => {
    const parsed = cookies(header);
    expect(['toString', 'hasOwnProperty'].filter((key) => key in parsed)).toEqual([]);
    expect({ ...parsed }).toEqual(expected);
  });
});

describe('cookieParam without a schema', () => {
  it.each([
    ['present', 'session_id=abc', { value: 'abc' }],
    ['present and empty', 'session_id=', { value: '' }],
    ['missing', 'other=1', missing('session_id')],
    ['no Cookie header', undefined, missing('session_id')],
    ['a prototype name only', 'x=1', missing('session_id')],
  ])('a required cookie %s', async (_name, header, expected) => {
    expect(await outcome(cookieParam('session_id'), header)).toEqual(expected);
  });

  it.each([
    ['required: false', cookieParam('ads_id', { required: false }), 'x=1', { value: undefined }],
    ['default null', cookieParam('ads_id', { default: null }), 'x=1', { value: null }],
    ['default text', cookieParam('ads_id', { default: 'none' }), undefined, { value: 'none' }],
    ['default and present', cookieParam('ads_id', { default: null }), 'ads_id=7', { value: '7' }],
    [
      'default but required',
      cookieParam('ads_id', { default: null, required: true }),
      'x=1',
      missing('ads_id'),
    ],
  ])('an optional cookie, %s', async (_name, param, header, expected) => {
    expect(await outcome(param, header)).toEqual(expected);
  });

  it('reads the first of repeated cookies (RFC 6265bis §5.8.3)', async () => {
    expect(await cookieParam('id').read('id=first; id=second')).toBe('first');
  });

  it.each([
    [{ session_id: 'abc' }, { value: 'abc' }],
    [{ session_id: undefined }, missing('session_id')],
    [{}, missing('session_id')],
    [{ toString: 'x' }, missing('session_id')],
  ])('reads cookies a framework parsed: %j', async (record, expected) => {
    expect(await outcome(cookieParam('session_id'), record)).toEqual(expected);
  });

  it('never takes an inherited property for a cookie', async () => {
    expect(await outcome(cookieParam('toString'), {})).toEqual(missing('toString'));
    expect(await outcome(cookieParam('toString'), 'a=1')).toEqual(missing('toString'));
  });

  it.each([[''], [1]])('refuses the name %j', (name) => {
    expect(() => cookieParam(name as string)).toThrow(TypeError);
  });

  it('exposes its name', () => {
    expect(cookieParam('ads_id').name).toBe('ads_id');
  });
});

describe.each([
  ['zod', z.coerce.number().int().min(1), z.enum(['light', 'dark'])],
  [
    'valibot',
    v.pipe(v.string(), v.transform(Number), v.integer(), v.minValue(1)),
    v.picklist(['light', 'dark']),
  ],
])('cookieParam with a %s schema', (_vendor, page, theme) => {
  it('resolves the schema output', async () => {
    expect(await cookieParam('page', page).read('page=3')).toBe(3);
    expect(await cookieParam('theme', theme).read('theme=dark')).toBe('dark');
  });

  it.each([['page=0'], ['page=abc'], ['page=1.5']])(
    'answers 422 value_error for %s, with the raw input',
    async (header) => {
      const error: unknown = await cookieParam('page', page)
        .read(header)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CookieParamError);
      const { detail } = error as CookieParamError;
      expect(detail.length).toBeGreaterThan(0);
      for (const entry of detail) {
        expect(entry).toEqual({
          type: 'value_error',
          loc: ['cookie', 'page'],
          msg: expect.any(String) as string,
          input: header.slice('page='.length),
        });
        expect(entry.msg).not.toBe('');
      }
    },
  );

  it('answers 422 missing before validating', async () => {
    expect(await outcome(cookieParam('page', page), undefined)).toEqual(missing('page'));
  });

  it('reads a missing optional cookie as undefined', async () => {
    expect(await cookieParam('page', page, { required: false }).read('')).toBeUndefined();
  });

  it('reads a missing cookie with a default as the default', async () => {
    expect(await cookieParam('page', page, { default: 1 }).read('')).toBe(1);
  });
});

describe('cookieParam issue paths', () => {
  it('appends the issue path to loc', async () => {
    const schema = z
      .string()
      .transform((text) => JSON.parse(text) as unknown)
      .pipe(z.object({ lang: z.enum(['en', 'fr']) }));
    const error: unknown = await cookieParam('prefs', schema)
      .read('prefs={"lang":"de"}')
      .catch((caught: unknown) => caught);
    expect((error as CookieParamError).detail).toEqual([
      expect.objectContaining({ loc: ['cookie', 'prefs', 'lang'], input: '{"lang":"de"}' }),
    ]);
  });
});

describe('cookieParam types', () => {
  it('infers the value type', () => {
    expectTypeOf(cookieParam('a').read).returns.resolves.toEqualTypeOf<string>();
    expectTypeOf(cookieParam('a', { required: false }).read).returns.resolves.toEqualTypeOf<
      string | undefined
    >();
    expectTypeOf(cookieParam('a', { default: null }).read).returns.resolves.toEqualTypeOf<
      string | null
    >();
    expectTypeOf(cookieParam('a', z.coerce.number()).read).returns.resolves.toEqualTypeOf<number>();
    expectTypeOf(cookieParam('a', v.picklist(['x', 'y'])).read).returns.resolves.toEqualTypeOf<
      'x' | 'y'
    >();
    expectTypeOf(
      cookieParam('a', z.coerce.number(), { required: false }).read,
    ).returns.resolves.toEqualTypeOf<number | undefined>();
    expectTypeOf(
      cookieParam('a', z.coerce.number(), { default: 0 }).read,
    ).returns.resolves.toEqualTypeOf<number>();
  });
});
