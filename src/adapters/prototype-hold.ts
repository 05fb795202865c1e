/**
 * Holding through node:http's `ServerResponse.prototype`, for Express: its responses each
 * have a V8 hidden class of their own, so methods set on each response would copy that
 * class per request. Patched once; a response that is not held passes straight through.
 */
import { ServerResponse } from 'node:http';
import { Hold, METHODS, type Methods } from './held-calls.js';

/** The held responses; a response leaves when it is released. */
const held = new WeakMap<object, PrototypeHold>();

/** Intercepts through the prototype's patched methods, which look the response up. */
export class PrototypeHold extends Hold {
  constructor(
    res: ServerResponse,
    original: Methods,
    before: () => Promise<() => void>,
    onError: (error: unknown) => void,
    idle?: () => boolean,
  ) {
    super(res, original, before, onError, idle);
    held.set(res, this);
  }

  protected unhook(): void {
    held.delete(this.res);
  }
}

/** The patched prototype: the methods it passes calls on to, and the ones laid on it. */
export interface PrototypePatch {
  readonly original: Methods;
  readonly patched: Methods;
}

let patch: PrototypePatch | undefined;

/**
 * The patch of `ServerResponse.prototype`, laid on first use, when `res` reaches all four
 * methods through it and is not held through it already; else `undefined`. Patching
 * Node's prototype rather than Express's own response object keeps the hold when Express
 * hands the response to an app of another copy of Express, which swaps its prototype.
 */
export function prototypePatchOf(res: ServerResponse): PrototypePatch | undefined {
  // A second hold on one response (two managers) wraps the first one response-wise.
  if (held.has(res)) return undefined;
  const target = res as unknown as Methods;
  const reached = patch?.patched ?? (ServerResponse.prototype as unknown as Methods);
  const qualifies =
    target.writeHead === reached.writeHead &&
    target.write === reached.write &&
    target.end === reached.end &&
    target.flushHeaders === reached.flushHeaders;
  if (!qualifies) return undefined;
  patch ??= patchPrototype();
  return patch;
}

/**
 * Lays methods on `ServerResponse.prototype` that defer to a held response's hold, else
 * pass through. The methods passed to are looked up at each call, so a wrap another tool
 * lays on `OutgoingMessage.prototype` later still runs.
 */
function patchPrototype(): PrototypePatch {
  const prototype = ServerResponse.prototype as unknown as Methods;
  const parent = Object.getPrototypeOf(prototype) as Methods;
  const original = {} as Methods;
  const patched = {} as Methods;
  for (const method of METHODS) {
    const through = Object.hasOwn(prototype, method)
      ? prototype[method]
      : function (this: ServerResponse, ...args: unknown[]): unknown {
          return parent[method].apply(this, args);
        };
    original[method] = through;
    patched[method] = function (this: ServerResponse, ...args: unknown[]): unknown {
      const hold = held.get(this);
      return hold === undefined ? through.apply(this, args) : hold.call(method, args);
    };
    // Not enumerable, as Node's own methods are.
    Object.defineProperty(prototype, method, {
      value: patched[method],
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  return { original, patched };
}
