/**
 * The queue behind both ways of holding a node:http response's first write: the calls wait
 * until the commit has run, then replay in order.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** The response methods a hold intercepts. */
export type Method = 'writeHead' | 'write' | 'end' | 'flushHeaders';
/** A response's intercepted methods, called with any arguments. */
export type Methods = Record<Method, (...args: unknown[]) => unknown>;
/** Every intercepted method, in no particular order. */
export const METHODS: readonly Method[] = ['writeHead', 'write', 'end', 'flushHeaders'];

/** The queue of held calls, whichever way they were intercepted. */
export abstract class Hold {
  protected readonly res: ServerResponse;
  /** The methods as they were: the prototype's, or another middleware's patches. */
  protected readonly original: Methods;
  readonly #before: () => Promise<() => void>;
  readonly #onError: (error: unknown) => void;
  readonly #calls: Array<{ method: Method; args: unknown[] }> = [];
  #holding = true;

  constructor(
    res: ServerResponse,
    original: Methods,
    before: () => Promise<() => void>,
    onError: (error: unknown) => void,
  ) {
    this.res = res;
    this.original = original;
    this.#before = before;
    this.#onError = onError;
  }

  abort(): void {
    this.#calls.length = 0;
    this.#stop();
  }

  call(method: Method, args: unknown[]): unknown {
    // Released, but reached through a patch another middleware laid over ours: pass on.
    if (!this.#holding) return this.original[method].apply(this.res, args);
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
    return method === 'write' ? true : this.res;
  }

  /** Stops intercepting this response's calls. */
  protected abstract unhook(): void;

  #stop(): void {
    this.#holding = false;
    this.unhook();
  }

  #release(apply: () => void): void {
    this.#stop();
    const res = this.res;
    const calls = this.#calls.splice(0);
    const head = calls.find((call) => call.method === 'writeHead');
    if (head !== undefined) head.args = moveHeaders(res, head.args);
    apply();
    for (const { method, args } of calls) this.original[method].apply(res, args);
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
