import { describe, expect, it } from 'vitest';
import { type Change, applyChanges, changedBy } from './changes.js';
import { type Envelope, encodeEnvelope } from './envelope.js';

const origin = { now: 1000, absoluteAt: 5000, userAgent: undefined };
const base: Envelope = applyChanges(
  undefined,
  [
    { kind: 'set', key: 'count', value: 1 },
    { kind: 'set', key: 'cart', value: { items: [1] } },
    { kind: 'flash', key: 'notice', message: 'Saved' },
    { kind: 'user', userId: 'alice' },
  ],
  origin,
);

const verdict = (changes: Change[]) =>
  changedBy(base, applyChanges(base, changes, origin), changes);

describe('changedBy', () => {
  it.each<[string, Change[]]>([
    ['a new number', [{ kind: 'set', key: 'count', value: 2 }]],
    ['an update', [{ kind: 'update', key: 'count', fn: (n) => (n as number) + 1 }]],
    ['a deleted key', [{ kind: 'delete', key: 'count' }]],
    ['an object replacing a number', [{ kind: 'set', key: 'count', value: { n: 1 } }]],
    ['a new flash', [{ kind: 'flash', key: 'other', message: 'Hi' }]],
    ['a taken flash', [{ kind: 'take-flash', key: 'notice' }]],
    ['another user', [{ kind: 'user', userId: 'bob' }]],
  ])('sees %s as a change', (_, changes) => {
    expect(verdict(changes)).toBe(true);
  });

  it.each<[string, Change[]]>([
    ['the same number', [{ kind: 'set', key: 'count', value: 1 }]],
    ['a key deleted that was never there', [{ kind: 'delete', key: 'missing' }]],
    ['the same user', [{ kind: 'user', userId: 'alice' }]],
    [
      'a set undone',
      [
        { kind: 'set', key: 'count', value: 9 },
        { kind: 'set', key: 'count', value: 1 },
      ],
    ],
  ])('sees %s as no change', (_, changes) => {
    expect(verdict(changes)).toBe(false);
  });

  it('leaves two objects to their JSON', () => {
    expect(verdict([{ kind: 'set', key: 'cart', value: { items: [1] } }])).toBeUndefined();
  });

  it('never calls a change a no-op when the JSON differs', () => {
    const cases: Change[][] = [
      [{ kind: 'set', key: 'count', value: 1 }],
      [{ kind: 'set', key: 'count', value: undefined }],
      [{ kind: 'set', key: 'fresh', value: null }],
      [{ kind: 'set', key: 'count', value: -0 }],
      [{ kind: 'set', key: 'cart', value: { items: [2] } }],
    ];
    for (const changes of cases) {
      const after = applyChanges(base, changes, origin);
      if (changedBy(base, after, changes) === false)
        expect(encodeEnvelope(after)).toBe(encodeEnvelope(base));
    }
  });
});
