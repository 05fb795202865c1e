import { describe, expect, it } from 'vitest';
import { KeyedLock } from './lock.js';

describe('KeyedLock', () => {
  it('runs tasks on one key one at a time, in order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setImmediate(resolve));
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      lock.run('k', task('a')),
      lock.run('k', task('b')),
      lock.run('other', task('c')),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log.indexOf('end a')).toBeLessThan(log.indexOf('start b'));
    expect(log.indexOf('start c')).toBeLessThan(log.indexOf('end a'));
  });

  it('goes on after a task fails', async () => {
    const lock = new KeyedLock();
    const failing = lock.run('k', () => Promise.reject(new Error('boom')));
    const next = lock.run('k', () => Promise.resolve('ok'));
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });

  it('goes on after a task throws before returning its promise', async () => {
    const lock = new KeyedLock();
    const throwing = lock.run('k', () => {
      throw new Error('sync');
    });
    await expect(throwing).rejects.toThrow('sync');
    await expect(lock.run('k', () => Promise.resolve('ok'))).resolves.toBe('ok');
  });
});
