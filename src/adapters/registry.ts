/**
 * Each request's sessions, by manager, for adapters whose request objects cannot carry a
 * typed field: the session is found again by request and manager, so its type comes from
 * the manager and nobody writes declaration merging.
 */
import { ConfigError } from '../errors.js';
import type { Session, SessionManager } from '../session/index.js';

/** Each request's sessions, by manager: for adapters whose requests cannot carry a typed field. */
const attached = new WeakMap<object, Map<object, unknown>>();

/** Remembers `session` as the session of `request` under `manager`. */
export function attachSession<T extends object>(
  request: object,
  manager: SessionManager<T>,
  session: Session<T>,
): void {
  const sessions = attached.get(request) ?? new Map<object, unknown>();
  sessions.set(manager, session);
  attached.set(request, sessions);
}

/** The session {@link attachSession} remembered, typed by its manager, if any. */
export function findSession<T extends object>(
  request: object,
  manager: SessionManager<T>,
): Session<T> | undefined {
  return attached.get(request)?.get(manager) as Session<T> | undefined;
}

/**
 * The session {@link attachSession} remembered, typed by its manager.
 * @throws {ConfigError} when the adapter's middleware did not run for `manager`.
 */
export function sessionOf<T extends object>(
  request: object,
  manager: SessionManager<T>,
): Session<T> {
  const session = findSession(request, manager);
  if (session === undefined) {
    throw new ConfigError(
      'No session for this request: register the session middleware with this manager first.',
    );
  }
  return session;
}
