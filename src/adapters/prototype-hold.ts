/**
 * Holding through a patched prototype, for Express: its responses each have a V8 hidden
 * class of their own, so methods set on each response would copy that class per request.
 */
import { ServerResponse } from 'node:http';
import { Hold, type Method, type Methods } from './held-calls.js';

/** The held responses of patched prototypes; a response leaves when it is released. */
const held = new WeakMap<object, PrototypeHold>();

/** Intercepts through its prototype's patched methods, which look the response up. */
export class PrototypeHold extends Hold {
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

/** A patched base prototype: its methods as they were, and the ones laid over them. */
export interface PrototypePatch {
  readonly original: Methods;
  readonly patched: Methods;
}

/** Each base prototype's patch, and each response prototype's base patch (`null`: none). */
const patchesOfBases = new WeakMap<object, PrototypePatch>();
const patchesOfPrototypes = new WeakMap<object, PrototypePatch | null>();

/**
 * The patch of `res`'s base prototype, laid on first use, when `res` reaches all four
 * methods through it and is not held through it already; else `undefined`.
 */
export function prototypePatchOf(res: ServerResponse): PrototypePatch | undefined {
  // A second hold on one response (two managers) wraps the first one response-wise.
  if (held.has(res)) return undefined;
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
