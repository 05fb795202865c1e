import { type DataRecord, type Envelope, emptyEnvelope } from './envelope.js';

/** One change a request made, kept so it can be replayed on a fresher envelope. */
export type Change =
  | { readonly kind: 'set'; readonly key: string; readonly value: unknown }
  | { readonly kind: 'delete'; readonly key: string }
  | { readonly kind: 'update'; readonly key: string; readonly fn: (current: unknown) => unknown }
  | { readonly kind: 'flash'; readonly key: string; readonly message: string }
  | { readonly kind: 'take-flash'; readonly key: string }
  | { readonly kind: 'user'; readonly userId: string };

/** What a new envelope needs besides the changes. */
export interface Origin {
  readonly now: number;
  readonly absoluteAt: number;
  readonly userAgent: string | undefined;
}

const copy = <V>(record: Readonly<Record<string, V>>): Record<string, V> =>
  Object.assign(Object.create(null) as Record<string, V>, record);

/**
 * Applies changes in order to `base` (or to a new envelope) without mutating it. On a
 * compare-and-set conflict the same changes run again on the fresh envelope: per-key sets and
 * deletes win over the other writer's for those keys only, and `update` functions see the
 * fresh value, so concurrent increments all count (DESIGN.md "Concurrency").
 */
export function applyChanges(
  base: Envelope | undefined,
  changes: readonly Change[],
  origin: Origin,
): Envelope {
  const start = base ?? emptyEnvelope(origin.now, origin.absoluteAt, origin.userAgent);
  const data: DataRecord = copy(start.data);
  const flash = copy(start.flash);
  let userId = start.userId;
  for (const change of changes) {
    switch (change.kind) {
      case 'set':
        data[change.key] = change.value;
        break;
      case 'delete':
        Reflect.deleteProperty(data, change.key);
        break;
      case 'update':
        data[change.key] = change.fn(data[change.key]);
        break;
      case 'flash':
        flash[change.key] = change.message;
        break;
      case 'take-flash':
        Reflect.deleteProperty(flash, change.key);
        break;
      case 'user':
        userId = change.userId;
        break;
    }
  }
  return { ...start, data, flash, userId };
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

/**
 * Whether `changes` turned `before` into a different `after`, decided from the keys they
 * touched: `true` as soon as a touched value differs, `false` when every one is the same
 * primitive, and `undefined` when two objects are compared, which only their JSON can tell.
 * Spares encoding the loaded envelope for the common write of a number or a string.
 */
export function changedBy(
  before: Envelope,
  after: Envelope,
  changes: readonly Change[],
): boolean | undefined {
  let unknown = false;
  for (const change of changes) {
    let was: unknown;
    let is: unknown;
    if (change.kind === 'user') {
      was = before.userId;
      is = after.userId;
    } else if (change.kind === 'flash' || change.kind === 'take-flash') {
      was = before.flash[change.key];
      is = after.flash[change.key];
    } else {
      was = before.data[change.key];
      is = after.data[change.key];
    }
    if (isObject(was) && isObject(is)) unknown = true;
    else if (was !== is) return true;
  }
  return unknown ? undefined : false;
}
