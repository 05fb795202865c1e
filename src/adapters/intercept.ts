import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

type Method = 'writeHead' | 'write' | 'end' | 'flushHeaders';
type Methods = Record<Method, (...args: unknown[]) => unknown>;
const METHODS: readonly Method[] = ['writeHead', 'write', 'end', 'flushHeaders'];

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
  return new Hold(res, before, onError);
}

class Hold {
  readonly #res: ServerResponse;
  readonly #before: () => Promise<() => void>;
  readonly #onError: (error: unknown) => void;
  /** The methods as they were: the prototype's, or another middleware's patches. */
  readonly #original: Methods;
  readonly #held: Methods;
  readonly #calls: Array<{ method: Method; args: unknown[] }> = [];
  #holding = true;

  constructor(
    res: ServerResponse,
    before: () => Promise<() => void>,
    onError: (error: unknown) => void,
  ) {
    this.#res = res;
    this.#before = before;
    this.#onError = onError;
    const target = res as unknown as Methods;
    const { writeHead, write, end, flushHeaders } = target;
    this.#original = { writeHead, write, end, flushHeaders };
    this.#held = {
      writeHead: (...args) => this.#call('writeHead', args),
      write: (...args) => this.#call('write', args),
      end: (...args) => this.#call('end', args),
      flushHeaders: (...args) => this.#call('flushHeaders', args),
    };
    // Plain assignments, as express-session's patch: `defineProperty` costs a trip into the
    // runtime each.
    for (const method of METHODS) target[method] = this.#held[method];
  }

  abort(): void {
    this.#calls.length = 0;
    this.#restore();
  }

  #call(method: Method, args: unknown[]): unknown {
    // Released, but reached through a patch another middleware laid over ours: pass on.
    if (!this.#holding) return this.#original[method].apply(this.#res, args);
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

  #release(apply: () => void): void {
    this.#restore();
    const res = this.#res;
    const calls = this.#calls.splice(0);
    const head = calls.find((call) => call.method === 'writeHead');
    if (head !== undefined) head.args = moveHeaders(res, head.args);
    apply();
    for (const { method, args } of calls) this.#original[method].apply(res, args);
  }

  #restore(): void {
    this.#holding = false;
    // Assigned back, never deleted: deleting a property turns a response whose prototype was
    // replaced (Express does) into a slow dictionary object for the rest of its life. A patch
    // another middleware laid over ours stays; ours passes its calls on.
    const target = this.#res as unknown as Methods;
    for (const method of METHODS) {
      if (target[method] === this.#held[method]) target[method] = this.#original[method];
    }
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
