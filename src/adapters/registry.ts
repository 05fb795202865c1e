/**
 * Each request's sessions, by manager, for adapters whose request objects cannot carry a
 * typed field: the session is found again by request and manager, so its type comes from
 * the manager and nobody writes declaration merging.
 */
import { ConfigError } from '../errors.js';
import type { Session, SessionManager } from '../session/index.js';

/**
 * Where a request keeps its sessions: a symbol-keyed field, invisible to enumeration and
 * JSON, holding the one session most apps have, or a map when several managers share a
 * request. A `WeakMap` from requests would cost the garbage collector an ephemeron each.
 */
const SESSIONS = Symbol('tessera.sessions');

interface Attached {
  readonly manager: object;
  readonly session: unknown;
}

type Carrier = { [SESSIONS]?: Attached | Map<object, unknown> };

/** Remembers `session` as the session of `request` under `manager`. */
export function attachSession<T extends object>(
  request: object,
  manager: SessionManager<T>,
  session: Session<T>,
): void {
  const carrier = request as Carrier;
  const current = carrier[SESSIONS];
  if (current === undefined || (!(current instanceof Map) && current.manager === manager)) {
    carrier[SESSIONS] = { manager, session };
  } else if (current instanceof Map) {
    current.set(manager, session);
  } else {
    carrier[SESSIONS] = new Map([
      [current.manager, current.session],
      [manager, session],
    ]);
  }
}

/** The session {@link attachSession} remembered, typed by its manager, if any. */
export function findSession<T extends object>(
  request: object,
  manager: SessionManager<T>,
): Session<T> | undefined {
  const current = (request as Carrier)[SESSIONS];
  if (current === undefined) return undefined;
  if (current instanceof Map) return current.get(manager) as Session<T> | undefined;
  return current.manager === manager ? (current.session as Session<T>) : undefined;
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
