import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { createSessionManager } from './manager.js';
import type { SessionManagerOptions } from './options.js';
import type { SessionStore } from './store.js';

const store = {} as SessionStore;
const secrets = ['a-test-secret-of-at-least-32-bytes-0001'];

describe('createSessionManager options', () => {
  it.each<[string, unknown]>([
    ['neither store nor secrets', {}],
    ['both store and secrets', { store, secrets }],
    ['a short secret', { secrets: ['short'] }],
    ['generateId in sealed mode', { secrets, generateId: () => 'x' }],
    ['a generateId that is not a function', { store, generateId: 'x' }],
    ['a cookie name that is not a token', { store, cookie: { name: 'bad name' } }],
    ['__Host- without Secure', { store, cookie: { secure: false } }],
    ['__Host- with a Domain', { store, cookie: { domain: 'example.com' } }],
    [
      'SameSite=None without Secure',
      { store, cookie: { name: 'sid', secure: false, sameSite: 'none' } },
    ],
    ['a zero idle timeout', { store, idleTimeout: 0 }],
    ['a fractional idle timeout', { store, idleTimeout: 1.5 }],
    ['an idle timeout as text', { store, idleTimeout: '60' }],
    ['an idle timeout over the absolute one', { store, idleTimeout: 100, absoluteTimeout: 50 }],
    ['an absolute timeout over 400 days', { store, absoluteTimeout: 34_560_001 }],
    ['a negative touch interval', { store, touchInterval: -1 }],
    ['a negative grace', { store, regenerateGrace: -1 }],
    ['a clock that is not a function', { store, now: 5 }],
    ['an event handler that is not a function', { store, onEvent: 'log' }],
    ['no options object', undefined],
  ])('refuses %s with a ConfigError', (_name, options) => {
    expect(() => createSessionManager(options as SessionManagerOptions)).toThrow(ConfigError);
  });

  it.each<[string, SessionManagerOptions, string]>([
    ['the default cookie name', { store }, '__Host-sid'],
    ['a chosen cookie name', { store, cookie: { name: 'sid', path: '/app' } }, 'sid'],
    ['sealed mode', { secrets }, '__Host-sid'],
  ])('accepts %s', (_name, options, cookieName) => {
    expect(createSessionManager(options).cookieName).toBe(cookieName);
  });

  it('keeps the cause of a refused cookie option', () => {
    expect(() => createSessionManager({ store, cookie: { name: 'bad name' } })).toThrow(
      expect.objectContaining({
        cause: expect.objectContaining({ code: 'ERR_COOKIE_NAME' }) as unknown,
      }) as Error,
    );
  });
});
