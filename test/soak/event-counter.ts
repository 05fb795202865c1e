import type { EventCounts } from './protocol.js';

/** The `event` names of the demo's log lines that {@link EventCounter} counts. */
const COUNTED: Readonly<Record<string, keyof EventCounts>> = {
  'session.created': 'created',
  'session.regenerated': 'regenerated',
  'session.destroyed': 'destroyed',
  'session.expired': 'expired',
  'session.rejected': 'rejected',
  'session.store-error': 'storeErrors',
  error: 'handlerErrors',
};

/** Counts the demo's JSON log lines by event instead of printing them. */
export class EventCounter {
  readonly #counts: Record<keyof EventCounts, number> = {
    created: 0,
    regenerated: 0,
    destroyed: 0,
    expired: 0,
    rejected: 0,
    storeErrors: 0,
    handlerErrors: 0,
  };

  count(line: string): void {
    const { event } = JSON.parse(line) as { event?: unknown };
    const key =
      typeof event === 'string' && Object.hasOwn(COUNTED, event) ? COUNTED[event] : undefined;
    if (key !== undefined) this.#counts[key]++;
  }

  snapshot(): EventCounts {
    return { ...this.#counts };
  }
}
