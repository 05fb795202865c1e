import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../session/index.js';
import { StoreError } from '../session/index.js';
import { errorLogger, logSessionEvent } from './log.js';

function logged(event: SessionEvent): Record<string, unknown> {
  const lines: string[] = [];
  logSessionEvent((line) => lines.push(line), event);
  expect(lines).toHaveLength(1);
  const { time, ...rest } = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
  expect(typeof time).toBe('string');
  return rest;
}

describe('logSessionEvent', () => {
  it.each<[SessionEvent, Record<string, unknown>]>([
    [
      { type: 'created', handle: 'h' },
      { event: 'session.created', handle: 'h' },
    ],
    [
      { type: 'regenerated', handle: 'h' },
      { event: 'session.regenerated', handle: 'h' },
    ],
    [{ type: 'destroyed' }, { event: 'session.destroyed' }],
    [
      { type: 'expired', handle: 'h', deadline: 'idle' },
      { event: 'session.expired', handle: 'h', deadline: 'idle' },
    ],
    [
      { type: 'rejected', reason: 'forged' },
      { event: 'session.rejected', reason: 'forged' },
    ],
  ])('logs %j', (event, expected) => {
    expect(logged(event)).toEqual(expected);
  });

  it('logs a store error by class and code, not by its message or cause', () => {
    const cause = new Error('connect ECONNREFUSED postgres://app:hunter22@db');
    const error = new StoreError('The store failed: hunter22', { cause });
    const entry = logged({ type: 'store-error', error });
    expect(entry).toEqual({ event: 'session.store-error', error: 'StoreError', code: error.code });
    expect(JSON.stringify(entry)).not.toContain('hunter22');
  });
});

describe('errorLogger', () => {
  it.each<[unknown, string]>([
    [new TypeError('secret request data'), 'TypeError'],
    ['a thrown string', 'string'],
    [undefined, 'undefined'],
  ])('logs %j by its class only', (error, name) => {
    const lines: string[] = [];
    errorLogger((line) => lines.push(line))(error);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ event: 'error', error: name });
    expect(lines[0]).not.toContain('secret');
    expect(lines[0]).not.toContain('a thrown');
  });
});
