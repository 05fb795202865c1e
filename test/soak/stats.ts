import { createHistogram } from 'node:perf_hooks';
import { RequestTimeout } from './http-client.js';

/** How many unexpected answers are kept word for word, for the report. */
const KEPT_PROBLEMS = 5;

/** What the mixed flow did and checked, counted per step. */
export interface FlowCounts {
  /** Logins that succeeded (JSON or form), each checked by a read of `/data` or `/`. */
  logins: number;
  /** Wrong passwords, refused with 401 while the session stayed logged in. */
  refusedLogins: number;
  logouts: number;
  /** Counter increments (JSON or form). */
  writes: number;
  /** Reads that showed the counter the user's own writes made (JSON answer or home page). */
  verifiedReads: number;
  /** Cross-site posts refused with 403. */
  refusedForgeries: number;
  /** Requests without cookies to routes that need no session; none may start one. */
  anonymous: number;
}

/** Latency percentiles in milliseconds. */
export interface Latency {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Answers by status class, and requests that got none. */
export interface StatusCounts {
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
  /** Transport failures: refused or reset connections, malformed answers. */
  errors: number;
  timeouts: number;
}

/** The counts of one load phase, as the report shows them. */
export interface LoadSummary {
  readonly requests: number;
  readonly seconds: number;
  readonly latency: Latency;
  readonly statuses: Readonly<StatusCounts>;
  /** Answers the flow did not expect (wrong status, body or cookie), 5xx included. */
  readonly unexpected: number;
  readonly problems: readonly string[];
  readonly flow: Readonly<FlowCounts>;
}

const ms = (nanoseconds: number): number => nanoseconds / 1e6;

/** Counts and latencies of one load phase, shared by its virtual users. */
export class LoadStats {
  readonly #latency = createHistogram();
  readonly statuses: StatusCounts = {
    '2xx': 0,
    '3xx': 0,
    '4xx': 0,
    '5xx': 0,
    errors: 0,
    timeouts: 0,
  };
  readonly flow: FlowCounts = {
    logins: 0,
    refusedLogins: 0,
    logouts: 0,
    writes: 0,
    verifiedReads: 0,
    refusedForgeries: 0,
    anonymous: 0,
  };
  readonly #problems: string[] = [];
  #unexpected = 0;
  #requests = 0;
  readonly #started = performance.now();

  /** One answered request and how long it took. */
  answered(status: number, nanoseconds: number): void {
    this.#requests++;
    this.#latency.record(Math.max(1, Math.round(nanoseconds)));
    const statusClass = `${Math.floor(status / 100)}xx`;
    if (Object.hasOwn(this.statuses, statusClass)) this.statuses[statusClass as '2xx']++;
  }

  /** One request that got no answer. */
  failed(error: unknown, what: string): void {
    this.#requests++;
    if (error instanceof RequestTimeout) this.statuses.timeouts++;
    else this.statuses.errors++;
    this.#problem(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }

  /** An answer the flow did not expect. */
  unexpected(what: string): void {
    this.#unexpected++;
    this.#problem(what);
  }

  summary(): LoadSummary {
    const seconds = (performance.now() - this.#started) / 1000;
    const empty = this.#requests === 0;
    return {
      requests: this.#requests,
      seconds,
      latency: {
        p50: empty ? 0 : ms(this.#latency.percentile(50)),
        p90: empty ? 0 : ms(this.#latency.percentile(90)),
        p99: empty ? 0 : ms(this.#latency.percentile(99)),
        max: empty ? 0 : ms(this.#latency.max),
      },
      statuses: { ...this.statuses },
      unexpected: this.#unexpected,
      problems: [...this.#problems],
      flow: { ...this.flow },
    };
  }

  #problem(text: string): void {
    if (this.#problems.length < KEPT_PROBLEMS) this.#problems.push(text);
  }
}
