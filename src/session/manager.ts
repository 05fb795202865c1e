import { ConfigError } from '../errors.js';
import { generateSessionId } from './id.js';
import { type ResolvedOptions, type SessionManagerOptions, resolveOptions } from './options.js';
import { type RequestLike, readRequest } from './request.js';
import { SealedStrategy } from './sealed-strategy.js';
import { ServerStrategy } from './server-strategy.js';
import { LOADED, Session, type SessionContext } from './session.js';
import type { SessionStrategy } from './strategy.js';

/** One entry of "my sessions". Safe to show the user: it opens nothing. */
export interface UserSession {
  /** An opaque handle (a hash of the store key), never the session ID. */
  readonly id: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly userAgent: string | undefined;
  /** True for the session passed as `current`. */
  readonly current: boolean;
}

function strategyOf(options: SessionManagerOptions, resolved: ResolvedOptions): SessionStrategy {
  const { store, secrets } = options as { store?: unknown; secrets?: unknown };
  if ((store === undefined) === (secrets === undefined)) {
    throw new ConfigError(
      'Pass either store (server-side sessions) or secrets (sealed cookies), not both.',
    );
  }
  if (options.store !== undefined) {
    const generateId = options.generateId ?? generateSessionId;
    if (typeof generateId !== 'function') throw new ConfigError('generateId must be a function.');
    return new ServerStrategy(options.store, generateId);
  }
  // Sealed mode has no IDs to generate.
  if (options.generateId !== undefined) throw new ConfigError('generateId needs a store.');
  return new SealedStrategy(options.secrets, resolved.cookieName, resolved.now);
}

/**
 * Loads, changes and commits sessions. One manager per application; everything is
 * validated here, at construction, so a misconfiguration fails at start-up.
 */
export class SessionManager<T extends object = Record<string, unknown>> {
  readonly #context: SessionContext;

  /** @throws {ConfigError} for a bad option, cookie attribute or secret. */
  constructor(options: SessionManagerOptions) {
    if (typeof options !== 'object')
      throw new ConfigError('createSessionManager needs an options object.');
    const resolved = resolveOptions(options);
    const strategy = strategyOf(options, resolved);
    // Only "my sessions" pages show the User-Agent, and only a store can list sessions: a
    // sealed cookie would carry it in every request for nothing.
    this.#context = {
      options: resolved,
      strategy,
      keepUserAgent: strategy instanceof ServerStrategy,
    };
  }

  /** The session cookie's name. */
  get cookieName(): string {
    return this.#context.options.cookieName;
  }

  /**
   * The session of one request. Nothing is read yet: the store is asked only when the
   * handler first uses the session. The ID comes from the cookie only (checklist MW-07).
   */
  fromRequest(request: RequestLike): Session<T> {
    const { options, keepUserAgent } = this.#context;
    return new Session<T>(this.#context, readRequest(request, options.cookieName, keepUserAgent));
  }

  /**
   * The live sessions of a user, for a "where you're signed in" page (OWASP ASVS 5.0 7.4.5).
   * @throws {SessionError} `ERR_SESSION_UNSUPPORTED` in sealed mode.
   */
  async listUserSessions(userId: string, current?: Session<T>): Promise<UserSession[]> {
    const listed = await this.#context.strategy.listByUser(userId);
    const handle = current && (await current[LOADED]())?.handle;
    return listed.map(({ handle: id, envelope, lastSeenAt }) => ({
      id,
      createdAt: new Date(envelope.createdAt),
      lastSeenAt: new Date(lastSeenAt),
      userAgent: envelope.userAgent,
      current: id === handle,
    }));
  }

  /**
   * Logs a user out everywhere, or everywhere but `except` (OWASP ASVS 5.0 7.4.3, 7.5.2).
   * Returns how many sessions ended.
   * @throws {SessionError} `ERR_SESSION_UNSUPPORTED` in sealed mode.
   */
  async destroyUserSessions(
    userId: string,
    options: { readonly except?: Session<T> } = {},
  ): Promise<number> {
    const except = options.except && (await options.except[LOADED]());
    return this.#context.strategy.destroyByUser(userId, except);
  }
}

/**
 * Creates a session manager. Pass `store` for server-side sessions (the cookie holds a
 * random ID) or `secrets` for sealed stateless cookies; the API is the same.
 *
 * @example
 * const sessions = createSessionManager<{ count: number }>({ store: new MemoryStore() });
 * const session = sessions.fromRequest(request);
 * await session.update('count', (n) => (n ?? 0) + 1);
 * const { setCookies, headers } = await session.commit();
 */
export function createSessionManager<T extends object = Record<string, unknown>>(
  options: SessionManagerOptions,
): SessionManager<T> {
  return new SessionManager<T>(options);
}
