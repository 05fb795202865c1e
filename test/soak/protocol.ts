/** The IPC messages between the soak runner and the demo child (`demo-child.ts`). */

/** Session events the child's demo logged, by kind (from `src/demo/log.ts`'s lines). */
export interface EventCounts {
  readonly created: number;
  readonly regenerated: number;
  readonly destroyed: number;
  readonly expired: number;
  readonly rejected: number;
  /** `session.store-error` lines: the store failed (answered 503). */
  readonly storeErrors: number;
  /** `error` lines: a handler threw (answered 500). */
  readonly handlerErrors: number;
}

/** The child's memory after forced full collections, in bytes, and its event counts. */
export interface HeapReport {
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly rss: number;
  readonly external: number;
  readonly arrayBuffers: number;
  readonly events: EventCounts;
}

export type ParentRequest = { readonly type: 'heap' } | { readonly type: 'close' };

export type ChildReply =
  | { readonly type: 'ready'; readonly url: string }
  | { readonly type: 'failed'; readonly error: string }
  | { readonly type: 'heap'; readonly heap: HeapReport };

/**
 * Sessions alive by the events: a first write makes one (created), a logout (destroyed) or
 * an expiry ends one, a login moves one to a new ID (regenerated). The old ID a login
 * retires is not counted: it lives `regenerateGrace` (5 s) more, and in the memory store
 * until the next sweep (every 60 s).
 */
export const liveSessions = (events: EventCounts): number =>
  events.created - events.destroyed - events.expired;
