import type { ServerResponse } from 'node:http';
import { Hold, METHODS, type Methods } from './held-calls.js';
import { PrototypeHold, prototypePatchOf } from './prototype-hold.js';

/** Options of {@link holdHeaders}. */
export interface HoldOptions {
  /**
   * Hold through node:http's `ServerResponse.prototype`, patched once, rather than by
   * patching each response: for Express, whose responses each get a V8 hidden class of
   * their own, so four methods set on a response would copy that class four times on every
   * request. Falls back to patching the response when something shadows the prototype's
   * methods (another middleware's patch of `res.end`, say) or it is held already.
   * @default false
   */
  readonly onPrototype?: boolean;
  /**
   * Asked at the first call: `true` when `before` would have nothing to do (a session that
   * nothing read or changed), so the call goes straight out and nothing is held.
   * @default none: every response is held
   */
  readonly idle?: () => boolean;
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
    ? new InstanceHold(res, before, onError, options.idle)
    : new PrototypeHold(res, patch.original, before, onError, options.idle);
}

/** Intercepts by methods set on the response itself. */
class InstanceHold extends Hold {
  readonly #held: Methods;

  constructor(
    res: ServerResponse,
    before: () => Promise<() => void>,
    onError: (error: unknown) => void,
    idle: (() => boolean) | undefined,
  ) {
    const target = res as unknown as Methods;
    const { writeHead, write, end, flushHeaders } = target;
    super(res, { writeHead, write, end, flushHeaders }, before, onError, idle);
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
