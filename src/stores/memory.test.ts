import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../errors.js';
import { MemoryStore, type MemoryStoreOptions } from './memory.js';
import { describeStoreContract, fakeClock } from './store.contract.js';

/** Reaches the serialized records, as a test can reach a database's rows. */
class OpenMemoryStore extends MemoryStore {
  plant(key: string, raw: string): void {
    this.records.set(key, raw);
  }
}

describeStoreContract('MemoryStore', () => {
  const clock = fakeClock();
  const store = new OpenMemoryStore({ now: clock.now });
  const corrupt = (key: string): Promise<void> => {
    store.plant(key, 'not a record');
    return Promise.resolve();
  };
  return Promise.resolve({ store, clock, corrupt, cleanup: () => Promise.resolve() });
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

  it.each([
    ['no header', 'garbage'],
    ['a fraction', '1.5 0 1  {}'],
    ['version 0', 'zz 0 0  {}'],
    ['a user longer than the record', 'zz 0 1 9 ab'],
  ])('reads a record with %s as missing', async (_, raw) => {
    const store = new OpenMemoryStore({ now: () => 0, sweepIntervalMs: 0 });
    store.plant('k', raw);
    expect(await store.get('k')).toBeUndefined();
    store.plant('k', 'zz 0 1  {}');
    expect(await store.get('k')).toEqual({
      data: '{}',
      expiresAt: 1295,
      lastSeenAt: 0,
      version: 1,
    });
  });
});
