import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { DEFAULT_TTL, MAX_TTL, type SealerOptions, resolveOptions } from './options.js';

describe('resolveOptions', () => {
  it('applies the documented defaults', () => {
    expect(resolveOptions({})).toEqual({
      ttl: DEFAULT_TTL,
      context: '',
      now: Date.now,
      backend: 'auto',
    });
    expect(DEFAULT_TTL).toBe(14 * 86_400);
    expect(MAX_TTL).toBe(400 * 86_400);
  });

  it('keeps valid values, including the edges', () => {
    const now = (): number => 0;
    expect(resolveOptions({ ttl: 1, context: '__Host-sid 😀', now, backend: 'node' })).toEqual({
      ttl: 1,
      context: '__Host-sid 😀',
      now,
      backend: 'node',
    });
    expect(resolveOptions({ ttl: MAX_TTL }).ttl).toBe(MAX_TTL);
  });

  it.each<[string, SealerOptions]>([
    ['a ttl of 0', { ttl: 0 }],
    ['a negative ttl', { ttl: -1 }],
    ['a fractional ttl', { ttl: 1.5 }],
    ['a NaN ttl', { ttl: NaN }],
    ['a ttl over 400 days', { ttl: MAX_TTL + 1 }],
    ['a ttl given as text', { ttl: '60' as unknown as number }],
    ['a context that is not a string', { context: 1 as unknown as string }],
    ['a context with a lone high surrogate', { context: 'a\ud800' }],
    ['a context with a lone low surrogate', { context: '\udc00b' }],
    ['a clock that is not a function', { now: 5 as unknown as () => number }],
  ])('refuses %s with a ConfigError', (_why, options) => {
    expect(() => resolveOptions(options)).toThrow(ConfigError);
  });
});
