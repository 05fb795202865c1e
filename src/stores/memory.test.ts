import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../errors.js';
import { MemoryStore, type MemoryStoreOptions } from './memory.js';
import { describeStoreContract, fakeClock } from './store.contract.js';

// No `corrupt`: records are objects the store built itself, so none can be malformed.
describeStoreContract('MemoryStore', () => {
  const clock = fakeClock();
  const store = new MemoryStore({ now: clock.now });
  return Promise.resolve({ store, clock, cleanup: () => Promise.resolve() });
});

describe('MemoryStore specifics', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const record = { data: '{}', expiresAt: 5000, lastSeenAt: 0 };

  it.each<[string, MemoryStoreOptions]>([
    ['maxSessions 0', { maxSessions: 0 }],
    ['maxSessions 1.5', { maxSessions: 1.5 }],
    ['sweepIntervalMs -1', { sweepIntervalMs: -1 }],
    ['sweepIntervalMs Infinity', { sweepIntervalMs: Infinity }],
  ])('refuses %s', (_, options) => {
    expect(() => new MemoryStore(options)).toThrow(ConfigError);
  });

  it('evicts the least recently written record beyond maxSessions', async () => {
    const store = new MemoryStore({ maxSessions: 2, now: () => 0, sweepIntervalMs: 0 });
    await store.create('a', { ...record, userId: 'u' });
    await store.create('b', record);
    await store.touch('a', 6000, 1);
    await store.create('c', record);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBeDefined();
    await store.create('d', record);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.listByUser('u')).toEqual([]);
  });

  it('sweeps on its own timer and stops when closed', async () => {
    vi.useFakeTimers();
    let now = 0;
    const store = new MemoryStore({ now: () => now, sweepIntervalMs: 1000 });
    await store.create('a', record);
    now = 5000;
    await store.create('b', { ...record, expiresAt: 9000 });
    vi.advanceTimersByTime(1000);
    now = 0;
    expect(await store.get('a')).toBeUndefined();
    await store.close();
    now = 9000;
    vi.advanceTimersByTime(5000);
    now = 5000;
    expect(await store.get('b')).toBeDefined();
  });

  it('hands out records that cannot be changed behind its back', async () => {
    const store = new MemoryStore({ now: () => 0, sweepIntervalMs: 0 });
    await store.create('k', record);
    const read = await store.get('k');
    expect(Object.isFrozen(read)).toBe(true);
    expect(read).toEqual({ ...record, version: 1 });
  });
});
