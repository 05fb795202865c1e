/**
 * The load: autocannon on loopback, 10 connections, each with its own cookie jar, so every
 * request after a connection's first loads, increments and commits that connection's
 * session. Afterwards each session is asked for its counter, which must have grown by one
 * per answered request: a stack that silently drops sessions fails the run.
 */
import type { IncomingHttpHeaders } from 'node:http';
import autocannon from 'autocannon';

export const CONNECTIONS = 10;

/** What one connection saw: its latest cookie and how many 2xx answers it received. */
interface Jar {
  cookie: string | undefined;
  answered: number;
}

/** The `headers` event of autocannon's client: the raw header list of one response. */
interface RawHead {
  readonly headers: readonly string[];
}

function percentile(values: number[], rank: number): number {
  if (values.length === 0) return Number.NaN;
  values.sort((a, b) => a - b);
  return values[Math.min(values.length - 1, Math.ceil(rank * values.length) - 1)]!;
}

/** `name=value` of the last `Set-Cookie` in a raw header list, if any. */
function lastCookie(head: RawHead): string | undefined {
  let cookie: string | undefined;
  for (let i = 0; i + 1 < head.headers.length; i += 2) {
    if (head.headers[i]!.toLowerCase() === 'set-cookie')
      cookie = head.headers[i + 1]!.split(';')[0];
  }
  return cookie;
}

export interface LoadResult {
  readonly requests: number;
  readonly reqPerSecond: number;
  readonly p99Ms: number;
  readonly failures: number;
  /** Why the counters do not match the answers, or undefined when every one does. */
  readonly counterProblem: string | undefined;
}

async function counterOf(url: string, cookie: string): Promise<number | undefined> {
  const response = await fetch(url, { headers: { cookie }, signal: AbortSignal.timeout(5000) });
  const body = (await response.json()) as { count?: unknown };
  return typeof body.count === 'number' ? body.count : undefined;
}

/**
 * Checks each jar's session: its counter must be its answers plus one (this request), or
 * plus two when the run stopped with a request in flight, which the server still handled.
 */
async function checkCounters(url: string, jars: readonly Jar[]): Promise<string | undefined> {
  for (const jar of jars) {
    if (jar.cookie === undefined) return 'a connection never received a session cookie';
    const count = await counterOf(url, jar.cookie);
    if (count === undefined || count < jar.answered + 1 || count > jar.answered + 2) {
      return `counter ${String(count)} after ${jar.answered} answers`;
    }
  }
  return undefined;
}

/** Runs the load for `seconds`; `session` stacks also get their counters checked. */
export async function load(url: string, seconds: number, session: boolean): Promise<LoadResult> {
  const jars: Jar[] = [];
  const latencies: number[] = [];
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    setupClient: (client) => {
      const jar: Jar = { cookie: undefined, answered: 0 };
      jars.push(jar);
      // The typings say parsed headers; autocannon passes its parser's raw head.
      client.on('headers', (parsed: IncomingHttpHeaders) => {
        const cookie = lastCookie(parsed as unknown as RawHead);
        if (cookie !== undefined && cookie !== jar.cookie) {
          jar.cookie = cookie;
          client.setHeaders({ cookie });
        }
      });
      // autocannon's own histogram keeps whole milliseconds; this keeps the client's float.
      client.on('response', (status, _bytes, milliseconds) => {
        latencies.push(milliseconds);
        if (status >= 200 && status < 300) jar.answered++;
      });
    },
  });
  return {
    requests: result.requests.total,
    reqPerSecond: result.requests.total / seconds,
    p99Ms: percentile(latencies, 0.99),
    failures: result.non2xx + result.errors + result.timeouts,
    counterProblem: session ? await checkCounters(url, jars) : undefined,
  };
}
