/**
 * A Redis server of the test's own, on a free loopback port with an append-only file fsynced
 * on every write, so the test can stop and start it without touching the shared one on 6379.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, hasExited, onPath, requireTool, stopChild, waitUntil } from './processes.js';

/** Why the Redis fault tests cannot run here, or `undefined`. */
export const redisSkip = requireTool(
  onPath('redis-server') === undefined ? 'redis-server is not installed' : undefined,
);

/** True once the server on `port` answers PING with PONG (not LOADING or an error). */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1000 });
    let reply = '';
    const done = (up: boolean): void => {
      socket.destroy();
      resolve(up);
    };
    socket.once('connect', () => {
      socket.write('PING\r\n');
    });
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('error', () => {
      done(false);
    });
    socket.once('timeout', () => {
      done(false);
    });
  });
}

export class PrivateRedis {
  readonly #dir = mkdtempSync(join(tmpdir(), 'tessera-faults-redis-'));
  readonly #port: number;
  #server: ChildProcess | undefined;

  private constructor(port: number) {
    this.#port = port;
  }

  /** Starts a fresh, empty server. */
  static async launch(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    try {
      await redis.start();
    } catch (error) {
      await redis.dispose();
      throw error;
    }
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.#port}`;
  }

  /** Starts the server on the same port and directory, and waits until it has loaded its data. */
  async start(): Promise<void> {
    // An acknowledged write is fsynced before the reply, so it survives the stop (the point).
    const args = ['--port', String(this.#port), '--bind', '127.0.0.1', '--save', ''];
    args.push('--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.#dir);
    const server = spawn('redis-server', args, { stdio: 'ignore' });
    this.#server = server;
    await waitUntil('the private Redis', async () => {
      if (hasExited(server)) throw new Error(`redis-server exited with ${server.exitCode}`);
      return pong(this.#port);
    });
  }

  /** Stops the server as an operator would (SIGTERM: flush the AOF, close every client). */
  async stop(): Promise<void> {
    if (this.#server) await stopChild(this.#server);
    this.#server = undefined;
  }

  /** Stops the server if it runs and removes its files. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
