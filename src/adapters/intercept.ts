import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

type Method = 'writeHead' | 'write' | 'end' | 'flushHeaders';
type Held = Record<Method, (...args: unknown[]) => unknown>;

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
  const hold = new Hold(res, before, onError);
  // Plain assignments, as express-session's patch: `defineProperty` costs a trip into the
  // runtime each. The prototype's methods come back when the own ones are deleted.
  const patched = res as unknown as Held;
  patched.writeHead = (...args) => hold.call('writeHead', args);
  patched.write = (...args) => hold.call('write', args);
  patched.end = (...args) => hold.call('end', args);
  patched.flushHeaders = (...args) => hold.call('flushHeaders', args);
  return hold;
}

class Hold {
  readonly #res: ServerResponse;
  readonly #before: () => Promise<() => void>;
  readonly #onError: (error: unknown) => void;
  readonly #calls: Array<{ method: Method; args: unknown[] }> = [];

  constructor(
    res: ServerResponse,
    before: () => Promise<() => void>,
    onError: (error: unknown) => void,
  ) {
    this.#res = res;
    this.#before = before;
    this.#onError = onError;
  }

  call(method: Method, args: unknown[]): unknown {
    this.#calls.push({ method, args });
    if (this.#calls.length === 1) {
      this.#before().then(
        (apply) => {
          this.#release(apply);
        },
        (error: unknown) => {
          this.abort();
          this.#onError(error);
        },
      );
    }
    return method === 'write' ? true : this.#res;
  }

  abort(): void {
    this.#calls.length = 0;
    this.#restore();
  }

  #release(apply: () => void): void {
    this.#restore();
    const res = this.#res;
    const calls = this.#calls.splice(0);
    const head = calls.find((call) => call.method === 'writeHead');
    if (head !== undefined) head.args = moveHeaders(res, head.args);
    apply();
    for (const { method, args } of calls) (res as unknown as Held)[method](...args);
  }

  #restore(): void {
    // Newest first: V8 undoes the last-added property in place, while deleting an older one
    // turns the response into a slow dictionary object for the rest of its life (~7 µs).
    const res = this.#res as Partial<Held>;
    delete res.flushHeaders;
    delete res.end;
    delete res.write;
    delete res.writeHead;
  }
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
