import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DemoHttpError, MAX_BODY_BYTES, readFields, requireField, wantsHtml } from './http.js';

function request(headers: Record<string, string>, ...chunks: string[]): IncomingMessage {
  return Object.assign(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), {
    headers,
  }) as unknown as IncomingMessage;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

describe('readFields', () => {
  it.each<[string, Record<string, string>, string[], Record<string, string>]>([
    [
      'a JSON object',
      JSON_TYPE,
      ['{"username":"alice","password":"x"}'],
      { username: 'alice', password: 'x' },
    ],
    ['JSON split across chunks', JSON_TYPE, ['{"a":', '"b"}'], { a: 'b' }],
    [
      'JSON scalars as text',
      JSON_TYPE,
      ['{"keep":true,"n":2,"o":{},"z":null}'],
      { keep: 'true', n: '2' },
    ],
    ['JSON without a media type', {}, ['{"a":"b"}'], { a: 'b' }],
    ['an empty body', {}, [], {}],
    ['an empty JSON body', JSON_TYPE, [], {}],
    [
      'a form',
      FORM_TYPE,
      ['username=al%20ice&password=a%26b'],
      { username: 'al ice', password: 'a&b' },
    ],
    ['an empty form', FORM_TYPE, [], {}],
    [
      'a __proto__ key as a plain field',
      JSON_TYPE,
      ['{"__proto__":"x"}'],
      Object.fromEntries([['__proto__', 'x']]),
    ],
  ])('reads %s', async (_case, headers, chunks, expected) => {
    const fields = await readFields(request(headers, ...chunks));
    expect(Object.fromEntries(fields)).toEqual(expected);
  });

  it.each<[string, Record<string, string>, string[], number]>([
    ['malformed JSON', JSON_TYPE, ['{"a":'], 400],
    ['a JSON array', JSON_TYPE, ['["a"]'], 422],
    ['a JSON string', JSON_TYPE, ['"a"'], 422],
    ['JSON null', JSON_TYPE, ['null'], 422],
    ['another media type', { 'content-type': 'text/plain' }, ['a'], 415],
    ['a declared length over the cap', { 'content-length': String(MAX_BODY_BYTES + 1) }, [], 413],
    ['a streamed body over the cap', JSON_TYPE, ['x'.repeat(MAX_BODY_BYTES), 'x'], 413],
  ])('refuses %s with %i', async (_case, headers, chunks, status) => {
    const refused = readFields(request(headers, ...chunks));
    await expect(refused).rejects.toBeInstanceOf(DemoHttpError);
    await expect(refused).rejects.toMatchObject({ status, code: 'ERR_DEMO_HTTP' });
  });

  it('reads a body of exactly the cap', async () => {
    const body = JSON.stringify({ a: 'x'.repeat(MAX_BODY_BYTES - 8) });
    expect(body).toHaveLength(MAX_BODY_BYTES);
    expect((await readFields(request(JSON_TYPE, body))).get('a')).toHaveLength(MAX_BODY_BYTES - 8);
  });
});

describe('requireField', () => {
  it('returns a present field, even an empty one', () => {
    expect(requireField(new Map([['a', '']]), 'a')).toBe('');
  });

  it('refuses a missing one with a FastAPI-shaped 422', () => {
    expect(() => requireField(new Map(), 'username')).toThrow(
      expect.objectContaining({
        status: 422,
        body: {
          detail: [
            { type: 'missing', loc: ['body', 'username'], msg: 'Field required', input: null },
          ],
        },
      }),
    );
  });
});

describe('wantsHtml', () => {
  it.each<[Record<string, string>, boolean]>([
    [{}, false],
    [{ accept: 'application/json' }, false],
    [{ accept: 'text/html,application/xhtml+xml' }, true],
    [{ 'content-type': 'application/x-www-form-urlencoded' }, true],
    [{ 'content-type': 'Application/X-WWW-Form-Urlencoded; charset=utf-8' }, true],
    [{ 'content-type': 'application/json' }, false],
  ])('%j → %s', (headers, expected) => {
    expect(wantsHtml(request(headers))).toBe(expected);
  });
});
