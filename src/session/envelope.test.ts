import { describe, expect, it } from 'vitest';
import {
  decodeEnvelope,
  emptyEnvelope,
  encodeEnvelope,
  isEmpty,
  MAX_ENVELOPE_DEPTH,
  MAX_USER_AGENT,
} from './envelope.js';

describe('decodeEnvelope', () => {
  it('reads back what encodeEnvelope wrote', () => {
    const envelope = {
      ...emptyEnvelope(1000, 5000, 'Agent'),
      data: Object.assign(Object.create(null) as Record<string, unknown>, { count: 1 }),
      flash: Object.assign(Object.create(null) as Record<string, string>, { notice: 'Saved' }),
      userId: 'u1',
    };
    expect(decodeEnvelope(encodeEnvelope(envelope))).toEqual(envelope);
  });

  it.each([
    ['not JSON', '{'],
    ['null', 'null'],
    ['an array', '[]'],
    ['another version', '{"v":2,"c":1,"a":2,"d":{}}'],
    ['a missing creation time', '{"v":1,"a":2,"d":{}}'],
    ['a negative deadline', '{"v":1,"c":1,"a":-2,"d":{}}'],
    ['a fractional time', '{"v":1,"c":1.5,"a":2,"d":{}}'],
    ['data that is an array', '{"v":1,"c":1,"a":2,"d":[]}'],
    ['flash that is a string', '{"v":1,"c":1,"a":2,"d":{},"f":"x"}'],
    ['a flash message that is a number', '{"v":1,"c":1,"a":2,"d":{},"f":{"a":1}}'],
    ['a numeric user id', '{"v":1,"c":1,"a":2,"d":{},"u":1}'],
    ['a numeric user agent', '{"v":1,"c":1,"a":2,"d":{},"ua":1}'],
  ])('rejects %s', (_name, text) => {
    expect(decodeEnvelope(text)).toBeUndefined();
  });

  it('keeps __proto__ keys as inert data in objects without a prototype', () => {
    const envelope = decodeEnvelope(
      '{"v":1,"c":1,"a":2,"d":{"__proto__":{"admin":true}},"f":{"__proto__":"x"}}',
    )!;
    expect(Object.getPrototypeOf(envelope.data)).toBeNull();
    expect(Object.keys(envelope.data)).toEqual(['__proto__']);
    expect((envelope.data as { admin?: unknown }).admin).toBeUndefined();
    expect(envelope.flash['__proto__']).toBe('x');
  });
});

describe('emptyEnvelope and isEmpty', () => {
  it('trims the user agent', () => {
    expect(emptyEnvelope(0, 1, 'x'.repeat(1000)).userAgent).toHaveLength(MAX_USER_AGENT);
  });

  it.each([
    ['nothing', {}, true],
    ['data', { data: { a: 1 } }, false],
    ['a flash message', { flash: { a: 'b' } }, false],
    ['a user', { userId: 'u' }, false],
  ])('says an envelope with %s is empty: %s', (_name, extra, empty) => {
    expect(isEmpty({ ...emptyEnvelope(0, 1, undefined), ...extra })).toBe(empty);
  });
});

describe('envelope nesting', () => {
  const nested = (depth: number): unknown => {
    let value: unknown = 0;
    for (let i = 0; i < depth; i++) value = [value];
    return value;
  };
  const withData = (data: Record<string, unknown>) => ({
    ...emptyEnvelope(1000, 5000, undefined),
    data: Object.assign(Object.create(null) as Record<string, unknown>, data),
  });

  it('keeps data nested up to the limit, envelope levels included', () => {
    const envelope = withData({ x: nested(MAX_ENVELOPE_DEPTH - 2) });
    expect(decodeEnvelope(encodeEnvelope(envelope))).toEqual(envelope);
  });

  it('refuses to write data nested deeper, with ERR_SESSION_DATA', () => {
    expect(() => encodeEnvelope(withData({ x: nested(MAX_ENVELOPE_DEPTH - 1) }))).toThrow(
      expect.objectContaining({ name: 'SessionError', code: 'ERR_SESSION_DATA' }),
    );
  });

  it('reads a record nested 100 000 deep as malformed, without overflowing', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(decodeEnvelope(`{"v":1,"c":1,"a":2,"d":{"x":${deep}}}`)).toBeUndefined();
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = `{"v":1,"c":1,"a":2,"d":{"x":"${'[{'.repeat(200)}\\"${'['.repeat(200)}"}}`;
    expect(decodeEnvelope(text)?.data['x']).toBe(`${'[{'.repeat(200)}"${'['.repeat(200)}`);
  });
});
