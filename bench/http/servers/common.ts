/**
 * What every benchmark server shares: the secret, the cookie each stack sets, the answer it
 * sends, and how it tells the driver its port. Every stack sets the same cookie attributes
 * (`Path=/; HttpOnly; SameSite=Lax; Max-Age=86400`, no `Secure`: the run is plain HTTP on
 * loopback), so the stacks differ only in their session layer.
 */
import { appendFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** 32 bytes, the least every stack accepts (`@fastify/secure-session` wants exactly 32). */
export const SECRET = 'tessera-http-bench-secret-0123456789abcdef';

/** The session cookie's name in every stack. */
export const COOKIE_NAME = 'sid';

/** The session cookie's lifetime in seconds. */
export const MAX_AGE = 86_400;

/** The attributes appended to the floors' hand-built `Set-Cookie`. */
export const COOKIE_ATTRIBUTES = `Path=/; HttpOnly; SameSite=Lax; Max-Age=${MAX_AGE}`;

/** The body of the bare servers, which keep no session. */
export const BARE_BODY = JSON.stringify({ hello: 'world' });

/** The data every session stack keeps: one counter. */
export interface Counter {
  count: number;
}

/** The counter after one more request. */
export const increment = (current: number | undefined): number => (current ?? 0) + 1;

/** The Redis URL the driver started, or the default local one. */
export const redisUrl = (): string => process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Prints `{"port":N}` on its own line once `server` listens on a free loopback port. */
export function announce(server: Server): void {
  // An orderly exit on the driver's SIGTERM, so `--cpu-prof` (HTTP_NODE_ARGS) writes its file;
  // HTTP_REQUEST_LOG names a file that gets `pid requests`, to turn a profile into µs/request.
  let requests = 0;
  server.on('request', () => requests++);
  process.once('SIGTERM', () => {
    const log = process.env['HTTP_REQUEST_LOG'];
    if (log !== undefined) appendFileSync(log, `${process.pid} ${requests}\n`);
    process.exit(0);
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`${JSON.stringify({ port })}\n`);
  });
}
