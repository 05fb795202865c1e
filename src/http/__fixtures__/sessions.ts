/** Sessions for the http tests: a memory-store manager and a jar that carries its cookie. */
import { parseSetCookie } from '../../cookie/index.js';
import { createSessionManager, type Session } from '../../session/index.js';
import { MemoryStore } from '../../stores/memory.js';

export interface AppData {
  role: 'admin' | 'staff';
  cart: string[];
}

/** A fresh manager over its own memory store, so tests share nothing. */
export function newManager() {
  return createSessionManager<AppData>({ store: new MemoryStore() });
}

/**
 * A browser of one: runs `step` with the session of its current cookie, commits, and keeps
 * the cookie the response set (or drops it when the response expired it).
 */
export function newJar(manager = newManager()) {
  let cookie: string | undefined;
  return {
    manager,
    get cookie(): string | undefined {
      return cookie;
    },
    set cookie(value: string | undefined) {
      cookie = value;
    },
    async visit<R>(step: (session: Session<AppData>) => Promise<R>): Promise<R> {
      const headers: Record<string, string> = cookie === undefined ? {} : { cookie };
      const session = manager.fromRequest({ headers });
      const result = await step(session);
      const { setCookies } = await session.commit();
      for (const line of setCookies) {
        const { name, value, maxAge } = parseSetCookie(line);
        cookie = maxAge === 0 || value === '' ? undefined : `${name}=${value}`;
      }
      return result;
    },
  };
}
