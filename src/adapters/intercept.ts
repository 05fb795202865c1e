import { ServerResponse, type OutgoingHttpHeaders } from 'node:http';

type Method = 'writeHead' | 'write' | 'end' | 'flushHeaders';
type Methods = Record<Method, (...args: unknown[]) => unknown>;
const METHODS: readonly Method[] = ['writeHead', 'write', 'end', 'flushHeaders'];

/** Options of {@link holdHeaders}. */
export interface HoldOptions {
  /**
   * Patch the response's base prototype (the last before Node's `ServerResponse.prototype`),
   * once, rather than each response: for frameworks that give responses a prototype of
   * their own (Express: one per app, over its shared response object). V8 gives each such
   * response a hidden class of its own, so four patched methods would copy it four times on
   * every request. Falls back to patching the response when something already shadows the
   * base's methods, or the response's prototype is Node's own.
   * @default false
   */
  readonly onPrototype?: boolean;
}

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
  options: HoldOptions = {},
): { abort: () => void } {
  const patch = options.onPrototype === true ? prototypePatchOf(res) : undefined;
  return patch === undefined
    ? new InstanceHold(res, before, onError)
    : new PrototypeHold(res, patch.original, before, onError);
}

/** The queue of held calls, whichever way they were intercepted. */
abstract class Hold {
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

/** Intercepts by methods set on the response itself. */
class InstanceHold extends Hold {
  readonly #held: Methods;

  constructor(
    res: ServerResponse,
    before: () => Promise<() => void>,
    onError: (error: unknown) => void,
  ) {
    const target = res as unknown as Methods;
    const { writeHead, write, end, flushHeaders } = target;
    super(res, { writeHead, write, end, flushHeaders }, before, onError);
    const held: Methods = {
      writeHead: (...args) => this.call('writeHead', args),
      write: (...args) => this.call('write', args),
      end: (...args) => this.call('end', args),
      flushHeaders: (...args) => this.call('flushHeaders', args),
    };
    this.#held = held;
    // Named assignments, as express-session's patch: `defineProperty` costs a trip into the
    // runtime each, and a store under a computed name may turn an object with many
    // properties into a slow dictionary.
    target.writeHead = held.writeHead;
    target.write = held.write;
    target.end = held.end;
    target.flushHeaders = held.flushHeaders;
  }

  protected unhook(): void {
    // Assigned back, never deleted: deleting a property turns a response whose prototype was
    // replaced (Express does) into a slow dictionary object for the rest of its life. A patch
    // another middleware laid over ours stays; ours passes its calls on.
    const target = this.res as unknown as Methods;
    for (const method of METHODS) {
      if (target[method] === this.#held[method]) target[method] = this.original[method];
    }
  }
}

/** The held responses of patched prototypes; a response leaves when it is released. */
const held = new WeakMap<object, PrototypeHold>();

/** Intercepts through its prototype's patched methods, which look the response up. */
class PrototypeHold extends Hold {
  constructor(
    res: ServerResponse,
    original: Methods,
    before: () => Promise<() => void>,
    onError: (error: unknown) => void,
  ) {
    super(res, original, before, onError);
    held.set(res, this);
  }

  protected unhook(): void {
    held.delete(this.res);
  }
}

interface PrototypePatch {
  readonly original: Methods;
  readonly patched: Methods;
}

/** Each base prototype's patch, and each response prototype's base patch (`null`: none). */
const patchesOfBases = new WeakMap<object, PrototypePatch>();
const patchesOfPrototypes = new WeakMap<object, PrototypePatch | null>();

/**
 * The patch of `res`'s base prototype, laid on first use, when `res` reaches all four
 * methods through it; else `undefined`.
 */
function prototypePatchOf(res: ServerResponse): PrototypePatch | undefined {
  const prototype = Object.getPrototypeOf(res) as object | null;
  if (prototype === null) return undefined;
  let patch = patchesOfPrototypes.get(prototype);
  if (patch === undefined) {
    const base = baseOf(prototype);
    patch = base === undefined ? null : (patchesOfBases.get(base) ?? patchPrototype(base));
    if (base !== undefined && patch !== null) patchesOfBases.set(base, patch);
    patchesOfPrototypes.set(prototype, patch);
  }
  if (patch === null) return undefined;
  const target = res as unknown as Methods;
  const { patched } = patch;
  return target.writeHead === patched.writeHead &&
    target.write === patched.write &&
    target.end === patched.end &&
    target.flushHeaders === patched.flushHeaders
    ? patch
    : undefined;
}

/**
 * The last prototype before Node's `ServerResponse.prototype` in the chain from `prototype`:
 * Express's own response object, from which every app's response prototype inherits, so a
 * hold survives Express swapping prototypes between an app and a mounted one. `undefined`
 * when `prototype` is Node's own or the chain never reaches it.
 */
function baseOf(prototype: object): Methods | undefined {
  let current: object | null = prototype;
  while (current !== null && current !== ServerResponse.prototype) {
    const parent = Object.getPrototypeOf(current) as object | null;
    if (parent === ServerResponse.prototype) return current as Methods;
    current = parent;
  }
  return undefined;
}

/** Lays methods on `prototype` that defer to a held response's hold, else pass through. */
function patchPrototype(prototype: Methods): PrototypePatch {
  const { writeHead, write, end, flushHeaders } = prototype;
  const original: Methods = { writeHead, write, end, flushHeaders };
  const through = (method: Method) =>
    function (this: ServerResponse, ...args: unknown[]): unknown {
      const hold = held.get(this);
      return hold === undefined ? original[method].apply(this, args) : hold.call(method, args);
    };
  const patched: Methods = {
    writeHead: through('writeHead'),
    write: through('write'),
    end: through('end'),
    flushHeaders: through('flushHeaders'),
  };
  Object.assign(prototype, patched);
  return { original, patched };
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
