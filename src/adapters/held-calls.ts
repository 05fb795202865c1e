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

/**
 * Stands in for the head while calls are held, so the response reads as sent, as it would
 * without the hold: `headersSent` is true, a later `setHeader` throws `ERR_HTTP_HEADERS_SENT`
 * instead of changing a head already "written", and middleware that writes the head only
 * when none is out (compression) does not write it again.
 */
const HELD_HEAD = 'HTTP/1.1 000 held until the session commits\r\n\r\n';

/** Node's private head field, which its `headersSent` reads. */
type WithHead = ServerResponse & { _header: string | null };

/** The queue of held calls, whichever way they were intercepted. */
export abstract class Hold {
  protected readonly res: ServerResponse;
  /** The methods as they were: the prototype's, or another middleware's patches. */
  protected readonly original: Methods;
  readonly #before: () => Promise<() => void>;
  readonly #onError: (error: unknown) => void;
  readonly #idle: (() => boolean) | undefined;
  readonly #calls: Array<{ method: Method; args: unknown[] }> = [];
  #holding = true;
  #ended = false;
  /** The status when the first call wrote the head, which later assignments cannot change. */
  #status = 200;
  #statusMessage = '';

  constructor(
    res: ServerResponse,
    original: Methods,
    before: () => Promise<() => void>,
    onError: (error: unknown) => void,
    idle?: () => boolean,
  ) {
    this.res = res;
    this.original = original;
    this.#before = before;
    this.#onError = onError;
    this.#idle = idle;
  }

  abort(): void {
    this.#calls.length = 0;
    this.#stop();
  }

  call(method: Method, args: unknown[]): unknown {
    // Released, but reached through a patch another middleware laid over ours: pass on.
    if (!this.#holding) return this.original[method].apply(this.res, args);
    const res = this.res;
    if (this.#calls.length > 0) {
      // The head is "out": Node refuses a second one, and ignores writes after the end.
      if (method === 'writeHead') throw headersSentError();
      if (this.#ended) return method === 'write' ? false : res;
    } else if (this.#idle?.() === true) {
      // Nothing to commit: nothing to wait for, and nothing to replay.
      this.#stop();
      return this.original[method].apply(res, args);
    } else {
      this.#status = res.statusCode;
      this.#statusMessage = res.statusMessage;
      (res as WithHead)._header = HELD_HEAD;
    }
    if (method === 'end') this.#ended = true;
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
    return method === 'write' ? true : res;
  }

  /** Stops intercepting this response's calls. */
  protected abstract unhook(): void;

  #stop(): void {
    this.#holding = false;
    this.unhook();
    const res = this.res as WithHead;
    if (res._header === HELD_HEAD) res._header = null;
  }

  #release(apply: () => void): void {
    this.#stop();
    const res = this.res;
    const calls = this.#calls.splice(0);
    try {
      // Assigned only when the handler changed them: node:http keeps both on the prototype, and
      // a first own property gives every response a hidden class of its own (Express's too).
      if (res.statusCode !== this.#status) res.statusCode = this.#status;
      if (res.statusMessage !== this.#statusMessage) res.statusMessage = this.#statusMessage;
      const head = calls.find((call) => call.method === 'writeHead');
      if (head !== undefined) head.args = moveHeaders(res, head.args);
      apply();
      for (const { method, args } of calls) this.original[method].apply(res, args);
    } catch (error) {
      // What Node refuses (an invalid header, a number for a body) would have thrown in the
      // handler; replayed after it returned, it is answered here, never left to crash the
      // process as an unhandled rejection.
      this.#onError(error);
    }
  }
}

/** Node's error for a head written twice; its class is internal. */
function headersSentError(): Error {
  return Object.assign(new Error('Cannot write headers after they are sent to the client'), {
    code: 'ERR_HTTP_HEADERS_SENT',
  });
}

/**
 * Turns `writeHead(status, [reason], headers)` into `setHeader` calls, after the listener's
 * earlier ones as Node would merge them (a name given to `writeHead` replaces the earlier
 * value, `Set-Cookie` included), and returns the arguments left for `writeHead`.
 */
function moveHeaders(res: ServerResponse, args: unknown[]): unknown[] {
  const [status, second, third] = args;
  const headers = typeof second === 'string' ? third : second;
  let cookies = false;
  for (const [name, value] of entries(headers)) {
    // A flat array may repeat Set-Cookie: the first replaces, the others add.
    if (name.toLowerCase() !== 'set-cookie') res.setHeader(name, value);
    else if (cookies) res.appendHeader(name, value);
    else {
      res.setHeader(name, value);
      cookies = true;
    }
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
