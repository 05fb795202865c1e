/** Why a cookie did not yield a session. */
export type RejectReason = 'malformed' | 'unknown' | 'forged' | 'expired';

/**
 * A structured lifecycle event for logs and metrics. Events carry an opaque `handle` at
 * most (see `listUserSessions`), never a session ID, cookie value or data (ASVS 16.5.1).
 */
export type SessionEvent =
  | { readonly type: 'created'; readonly handle?: string | undefined }
  | { readonly type: 'regenerated'; readonly handle?: string | undefined }
  | { readonly type: 'destroyed'; readonly handle?: string | undefined }
  | {
      readonly type: 'expired';
      readonly handle?: string | undefined;
      readonly deadline: 'idle' | 'absolute';
    }
  | { readonly type: 'rejected'; readonly reason: RejectReason }
  | { readonly type: 'store-error'; readonly error: Error };
