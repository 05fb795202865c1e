/**
 * Sessions: one manager, two ways to keep them (server store or sealed cookie), one API.
 */

// Manager and session
export { SessionManager, createSessionManager, type UserSession } from './manager.js';
export { Session } from './session.js';
export type { CommitResult } from './commit-result.js';
export type { RequestLike } from './request.js';

// Options and events
export type {
  CommonSessionOptions,
  SealedModeOptions,
  SessionCookieOptions,
  SessionManagerOptions,
  StoreModeOptions,
} from './options.js';
export type { RejectReason, SessionEvent } from './events.js';

// Session IDs
export { generateSessionId, isSessionId } from './id.js';

// Errors
export { SessionError, SessionTooLargeError, type SessionErrorCode } from './errors.js';
export { StoreError, type SessionStore } from './store.js';
