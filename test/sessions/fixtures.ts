/** Shared pieces of the session tests: a fake clock, a store that counts, request builders. */
import {
  createSessionManager,
  type CommonSessionOptions,
  type SessionEvent,
} from '../../src/session/index.js';
import { MemoryStore } from '../../src/stores/memory.js';

export const START = Date.UTC(2030, 0, 1);
export const NAME = '__Host-sid';
export const SECRET = 'a-test-secret-of-at-least-32-bytes-0001';
export const OLD_SECRET = 'a-test-secret-of-at-least-32-bytes-0000';

/** A memory store that counts calls per method. */
export class CountingStore extends MemoryStore {
  readonly calls = new Map<string, number>();

  count(method: string): number {
    return this.calls.get(method) ?? 0;
  }

  #hit(method: string): void {
    this.calls.set(method, this.count(method) + 1);
  }

  override get(key: string): ReturnType<MemoryStore['get']> {
    this.#hit('get');
    return super.get(key);
  }

  override create(...args: Parameters<MemoryStore['create']>): ReturnType<MemoryStore['create']> {
    this.#hit('create');
    return super.create(...args);
  }

  override update(...args: Parameters<MemoryStore['update']>): ReturnType<MemoryStore['update']> {
    this.#hit('update');
    return super.update(...args);
  }

  override touch(...args: Parameters<MemoryStore['touch']>): ReturnType<MemoryStore['touch']> {
    this.#hit('touch');
    return super.touch(...args);
  }

  override destroy(key: string): ReturnType<MemoryStore['destroy']> {
    this.#hit('destroy');
    return super.destroy(key);
  }

  /** Every write (create, update, touch). */
  writes(): number {
    return this.count('create') + this.count('update') + this.count('touch');
  }
}

export interface Data {
  count: number;
  name: string;
  tags: string[];
  a: number;
  b: number;
}

/** A server-mode manager over a counting store, with a clock the test moves. */
export function serverSetup(options: Partial<CommonSessionOptions> = {}) {
  let time = START;
  const events: SessionEvent[] = [];
  const store = new CountingStore({ now: () => time, sweepIntervalMs: 0 });
  const manager = createSessionManager<Data>({
    store,
    now: () => time,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return {
    store,
    manager,
    events,
    advance: (seconds: number) => {
      time += seconds * 1000;
    },
    now: () => time,
  };
}

/** A sealed-mode manager with a clock the test moves. */
export function sealedSetup(
  options: Partial<CommonSessionOptions> & { secrets?: readonly string[] } = {},
) {
  let time = START;
  const events: SessionEvent[] = [];
  const manager = createSessionManager<Data>({
    secrets: [SECRET],
    now: () => time,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return {
    manager,
    events,
    advance: (seconds: number) => {
      time += seconds * 1000;
    },
  };
}

/** A request carrying `value` as the session cookie (or no cookie). */
export function requestWith(value?: string, userAgent = 'TestAgent/1.0'): Request {
  const headers = new Headers({ 'user-agent': userAgent });
  if (value !== undefined) headers.set('cookie', `${NAME}=${value}`);
  return new Request('https://example.test/', { headers });
}

/** The session cookie's value in a commit's Set-Cookie lines, if one was set. */
export function cookieIn(setCookies: readonly string[]): string | undefined {
  for (const line of setCookies) {
    const match = /^__Host-sid=([^;]*)/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}
