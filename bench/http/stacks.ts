/**
 * Every stack the HTTP benchmark runs, with the ids of shared/research/performance.md §5:
 * the bare frameworks, the hand-written floors, the peers a user would pick instead, and
 * Tessera on each framework and store.
 */

/** The most server CPU a Tessera stack may add per request over its bare framework. */
export interface Target {
  readonly maxAddedUs: number;
  /** The stack the issue compares against, run in the same round. */
  readonly reference: string;
}

export interface Stack {
  readonly id: string;
  readonly label: string;
  /** The server file under `servers/`, without `.ts`, and its arguments. */
  readonly server: string;
  readonly args?: readonly string[];
  /** The same framework without sessions; absent for the bare stacks themselves. */
  readonly bare?: string;
  readonly redis?: boolean;
  readonly target?: Target;
}

const tessera = (
  framework: string,
  label: string,
  bare: string,
  mode: 'mem' | 'redis' | 'sealed',
  target?: Target,
): Stack => ({
  id: `t-${framework}-${mode}`,
  label: `Tessera: ${label} (${mode === 'mem' ? 'memory store' : mode === 'redis' ? 'Redis store, node-redis' : 'sealed cookie'})`,
  server: `t-${framework}`,
  args: [mode],
  bare,
  redis: mode === 'redis',
  ...(target === undefined ? {} : { target }),
});

export const STACKS: readonly Stack[] = [
  { id: 'a', label: 'bare node:http, JSON', server: 'a' },
  { id: 'a1', label: 'floor: node:http + HMAC-signed counter cookie', server: 'a1', bare: 'a' },
  { id: 'a2', label: 'floor: node:http + AES-256-GCM sealed cookie', server: 'a2', bare: 'a' },
  { id: 'a4', label: 'floor: node:http + signed sid + Map store', server: 'a4', bare: 'a' },
  {
    id: 'a3',
    label: 'floor: node:http + signed sid + Redis GET/SET (node-redis)',
    server: 'a3',
    bare: 'a',
    redis: true,
  },
  { id: 'b', label: 'bare express', server: 'b' },
  {
    id: 'b4',
    label: 'floor: express + signed sid + Map store, as a middleware',
    server: 'b4',
    bare: 'b',
  },
  {
    id: 'b4a',
    label: 'floor: b4 with an async route (one await)',
    server: 'b4',
    args: ['async'],
    bare: 'b',
  },
  { id: 'c', label: 'express + express-session (MemoryStore)', server: 'c', bare: 'b' },
  {
    id: 'd',
    label: 'express + express-session + connect-redis 9 (node-redis)',
    server: 'd',
    bare: 'b',
    redis: true,
  },
  { id: 'j', label: 'express + iron-session', server: 'j', bare: 'b' },
  { id: 'f0', label: 'bare fastify', server: 'f0' },
  {
    id: 'f',
    label: 'fastify + @fastify/cookie + @fastify/session (memory)',
    server: 'f',
    bare: 'f0',
  },
  { id: 'g', label: 'fastify + @fastify/secure-session (sodium)', server: 'g', bare: 'f0' },
  { id: 'h0', label: 'bare hono on @hono/node-server', server: 'h0' },
  { id: 'h', label: 'hono + signed cookie counter', server: 'h', bare: 'h0' },
  tessera('node', 'node:http', 'a', 'mem', { maxAddedUs: 17, reference: 'a4' }),
  tessera('node', 'node:http', 'a', 'sealed', { maxAddedUs: 20, reference: 'a2' }),
  tessera('node', 'node:http', 'a', 'redis', { maxAddedUs: 84, reference: 'a3' }),
  tessera('express', 'express', 'b', 'mem', { maxAddedUs: 25, reference: 'c' }),
  tessera('express', 'express', 'b', 'redis', { maxAddedUs: 84, reference: 'd' }),
  tessera('fastify', 'fastify', 'f0', 'mem', { maxAddedUs: 20, reference: 'f' }),
  tessera('fastify', 'fastify', 'f0', 'sealed', { maxAddedUs: 20, reference: 'g' }),
  tessera('hono', 'hono', 'h0', 'mem'),
  tessera('hono', 'hono', 'h0', 'sealed'),
];

/**
 * The stacks `only` names (all when undefined), plus the bare framework and reference of
 * each, since every added cost and every target compares figures from the same run.
 */
export function selectStacks(only: readonly string[] | undefined): Stack[] {
  if (only === undefined) return [...STACKS];
  const unknown = only.filter((id) => !STACKS.some((stack) => stack.id === id));
  if (unknown.length > 0) throw new Error(`Unknown stack ids: ${unknown.join(', ')}`);
  const wanted = new Set(only);
  for (const stack of STACKS) {
    if (!wanted.has(stack.id)) continue;
    if (stack.bare !== undefined) wanted.add(stack.bare);
    if (stack.target !== undefined) wanted.add(stack.target.reference);
  }
  // The references' own bare frameworks (a4 → a) are already the stacks' bare frameworks.
  return STACKS.filter((stack) => wanted.has(stack.id));
}
