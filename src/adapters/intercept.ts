import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

type Method = 'writeHead' | 'write' | 'end' | 'flushHeaders';
const METHODS: readonly Method[] = ['writeHead', 'write', 'end', 'flushHeaders'];
const NEWEST_FIRST: readonly Method[] = [...METHODS].reverse();

/**
 * Holds a response's first `writeHead`/`write`/`end`/`flushHeaders` until `before` has run,
 * then replays the calls in order: the session commits before any header leaves (checklist
 * MW-04), as express-session's `res.end` patch does, but asynchronously. Headers passed to
 * `writeHead` become `setHeader` calls first, so the session's `Set-Cookie` is appended to
 * them rather than replaced. Returns `abort`, which drops held calls after a failure.
 */
export function holdHeaders(
  res: ServerResponse,
  before: () => Promise<() => void>,
  onError: (error: unknown) => void,
): { abort: () => void } {
  const held: Array<{ method: Method; args: unknown[] }> = [];
  let started = false;
  const restore = (): void => {
    // Newest first: V8 undoes the last-added property in place, while deleting an older one
    // turns the response into a slow dictionary object for the rest of its life (~7 µs).
    for (const method of NEWEST_FIRST) Reflect.deleteProperty(res, method);
  };
  const release = (apply: () => void): void => {
    restore();
    const calls = held.splice(0);
    const head = calls.find((call) => call.method === 'writeHead');
    if (head !== undefined) head.args = moveHeaders(res, head.args);
    apply();
    for (const { method, args } of calls) (res[method] as (...rest: unknown[]) => unknown)(...args);
  };
  for (const method of METHODS) {
    Object.defineProperty(res, method, {
      configurable: true,
      writable: true,
      value: (...args: unknown[]) => {
        held.push({ method, args });
        if (!started) {
          started = true;
          before().then(release, (error: unknown) => {
            held.length = 0;
            restore();
            onError(error);
          });
        }
        return method === 'write' ? true : res;
      },
    });
  }
  return {
    abort: () => {
      held.length = 0;
      restore();
    },
  };
}

/**
 * Turns `writeHead(status, [reason], headers)` into `setHeader` calls, after the listener's
 * earlier ones as Node would merge them, and returns the arguments left for `writeHead`.
 */
function moveHeaders(res: ServerResponse, args: unknown[]): unknown[] {
  const [status, second, third] = args;
  const headers = typeof second === 'string' ? third : second;
  for (const [name, value] of entries(headers)) {
    if (name.toLowerCase() === 'set-cookie') res.appendHeader(name, value);
    else res.setHeader(name, value);
  }
  return typeof second === 'string' ? [status, second] : [status];
}

/** `writeHead`'s headers: an object, or a flat `[name, value, …]` array as Node accepts. */
function entries(headers: unknown): Array<[string, string | string[]]> {
  const pairs: Array<[string, string | string[]]> = [];
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2)
      pairs.push([String(headers[i]), String(headers[i + 1])]);
  } else if (typeof headers === 'object' && headers !== null) {
    const record = headers as OutgoingHttpHeaders;
    for (const name in record) {
      if (!Object.hasOwn(record, name)) continue;
      const value = record[name];
      if (value !== undefined) pairs.push([name, Array.isArray(value) ? value : String(value)]);
    }
  }
  return pairs;
}
