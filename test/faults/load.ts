/**
 * A bounded load: virtual users, each with its own session cookie, each incrementing its
 * counter and reading it back one request at a time until told to stop. Every response is
 * kept as a sample, and each user checks what it is told as it goes: an acknowledged count
 * never goes backwards, and its session ID never changes (a silent new session would).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseSetCookie } from '../../src/cookie/index.js';

/** The HTTP status, or how the request failed without one (`timeout`, `ECONNRESET`, …). */
export type Outcome = number | string;

export interface Sample {
  readonly user: number;
  readonly kind: 'increment' | 'read';
  /** Milliseconds since the load started. */
  readonly start: number;
  readonly end: number;
  readonly outcome: Outcome;
}

export interface LoadOptions {
  readonly base: string;
  readonly users: number;
  /** Milliseconds since the load started; shared with the test's timeline. */
  readonly clock: () => number;
  readonly stop: AbortSignal;
  /** Users pass it before each request, so the test can hold them all. */
  readonly gate: Gate;
  /** A request that takes longer is a hang, recorded as `timeout`. @default 10_000 */
  readonly requestTimeoutMs?: number;
}

const SESSION_COOKIE = '__Host-sid';
/** Think time between a user's requests, and the wait after a 503 before trying again. */
const PAUSE_MS = 10;
const RETRY_AFTER_MS = 50;

/**
 * Lets the test hold every user between two requests: {@link Gate.close} resolves once no
 * request is in flight, and nothing is sent until {@link Gate.open}.
 */
export class Gate {
  #held: Promise<void> | undefined;
  #release: (() => void) | undefined;
  #inFlight = 0;
  #drained: (() => void) | undefined;

  async enter(): Promise<void> {
    while (this.#held) await this.#held;
    this.#inFlight++;
  }

  leave(): void {
    this.#inFlight--;
    if (this.#inFlight === 0) this.#drained?.();
  }

  async close(): Promise<void> {
    this.#held = new Promise((resolve) => (this.#release = resolve));
    if (this.#inFlight > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
    this.#drained = undefined;
  }

  open(): void {
    this.#release?.();
    this.#held = undefined;
  }
}

export class VirtualUser {
  /** The session cookie's value, once the server set one. */
  sessionId: string | undefined;
  /** The counts that 200 answers to increments reported, in order. */
  readonly acknowledged: number[] = [];
  /** Answers that showed a count below one already acknowledged. */
  backwards = 0;
  /** Answers that replaced this user's session ID with another one. */
  sessionSwaps = 0;
  /** Answers that deleted the session cookie. */
  cookieCleared = 0;

  constructor(readonly id: number) {}

  get lastAcknowledged(): number {
    return this.acknowledged.at(-1) ?? 0;
  }

  /** Takes in a response's cookies and, for a 200, its count. */
  observe(kind: Sample['kind'], status: number, setCookies: string[], count: unknown): void {
    for (const line of setCookies) {
      const { name, value, maxAge } = parseSetCookie(line);
      if (name !== SESSION_COOKIE) continue;
      if (value === undefined || value === '' || (maxAge !== undefined && maxAge <= 0)) {
        this.cookieCleared++;
        this.sessionId = undefined;
      } else {
        if (this.sessionId !== undefined && value !== this.sessionId) this.sessionSwaps++;
        this.sessionId = value;
      }
    }
    if (status !== 200 || typeof count !== 'number') return;
    const behind =
      kind === 'increment' ? count <= this.lastAcknowledged : count < this.lastAcknowledged;
    if (behind) this.backwards++;
    if (kind === 'increment') this.acknowledged.push(count);
  }
}

/** Sends one request as `user`; never throws. */
export async function send(
  base: string,
  user: VirtualUser,
  kind: Sample['kind'],
  timeoutMs: number,
): Promise<{ outcome: Outcome; count?: unknown }> {
  const headers: Record<string, string> = {};
  if (user.sessionId !== undefined) headers['cookie'] = `${SESSION_COOKIE}=${user.sessionId}`;
  try {
    const response = await fetch(`${base}/${kind === 'increment' ? 'increment' : 'counter'}`, {
      method: kind === 'increment' ? 'POST' : 'GET',
      headers,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const count =
      response.status === 200 ? (JSON.parse(text) as { count: unknown }).count : undefined;
    user.observe(kind, response.status, response.headers.getSetCookie(), count);
    return { outcome: response.status, count };
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return { outcome: 'timeout' };
    const cause =
      error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
    return { outcome: typeof cause?.code === 'string' ? cause.code : String(error) };
  }
}

/** Runs the users until `stop` aborts, and resolves once each finished its last request. */
export async function runLoad(
  options: LoadOptions,
): Promise<{ samples: Sample[]; users: VirtualUser[] }> {
  const { base, clock, stop, gate, requestTimeoutMs = 10_000 } = options;
  const samples: Sample[] = [];
  const users = Array.from({ length: options.users }, (_, id) => new VirtualUser(id));
  const request = async (user: VirtualUser, kind: Sample['kind']): Promise<Outcome> => {
    await gate.enter();
    const start = clock();
    const { outcome } = await send(base, user, kind, requestTimeoutMs);
    samples.push({ user: user.id, kind, start, end: clock(), outcome });
    gate.leave();
    return outcome;
  };
  // A function, as the signal changes while the loop awaits.
  const stopped = (): boolean => stop.aborted;
  await Promise.all(
    users.map(async (user) => {
      for (let round = 0; !stopped(); round++) {
        let outcome = await request(user, 'increment');
        // Reads only once there is a session to read.
        if (round % 3 === 2 && user.sessionId !== undefined && !stopped()) {
          outcome = await request(user, 'read');
        }
        await sleep(outcome === 200 ? PAUSE_MS : RETRY_AFTER_MS);
      }
    }),
  );
  return { samples, users };
}
