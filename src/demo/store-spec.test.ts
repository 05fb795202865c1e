import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { describeStore, parseStoreSpec } from './store-spec.js';

describe('parseStoreSpec', () => {
  it.each([
    [undefined, { kind: 'sqlite', path: '/data/demo.db' }],
    ['', { kind: 'sqlite', path: '/data/demo.db' }],
    ['sqlite:/tmp/x.db', { kind: 'sqlite', path: '/tmp/x.db' }],
    ['sqlite:rel/x.db', { kind: 'sqlite', path: 'rel/x.db' }],
    ['memory', { kind: 'memory' }],
    ['cookie', { kind: 'cookie' }],
    ['redis://localhost:6379', { kind: 'redis', url: 'redis://localhost:6379' }],
    ['rediss://h/1', { kind: 'redis', url: 'rediss://h/1' }],
    ['postgres://u:p@h/db', { kind: 'postgres', url: 'postgres://u:p@h/db' }],
    ['postgresql://h/db', { kind: 'postgres', url: 'postgresql://h/db' }],
  ])('reads %j', (value, expected) => {
    expect(parseStoreSpec(value, '/data')).toEqual(expected);
  });

  it.each(['sqlite:', 'Memory', 'mysql://h/db', 'redis://[bad', 'postgres:/h', 'file.db'])(
    'refuses %j with a ConfigError',
    (value) => {
      expect(() => parseStoreSpec(value, '/data')).toThrow(ConfigError);
    },
  );

  it('does not echo a refused value, which may hold a password', () => {
    expect(() => parseStoreSpec('mysql://app:hunter22@db/prod', '/data')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter22') as string }),
    );
  });
});

describe('describeStore', () => {
  it.each([
    ['sqlite:/tmp/x.db', 'sqlite:/tmp/x.db'],
    ['memory', 'memory'],
    ['cookie', 'cookie'],
    ['redis://user:hunter22@cache:6379/2?x=1', 'redis://cache:6379/2'],
    ['postgres://app:hunter22@db/prod?sslmode=require', 'postgres://db/prod'],
  ])('describes %j as %j, without credentials', (value, expected) => {
    expect(describeStore(parseStoreSpec(value, '/data'))).toBe(expected);
  });
});
