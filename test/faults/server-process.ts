/** Starts the server under fault ({@link ./fault-server.ts}) as a child process and watches it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { hasExited, stopChild } from './processes.js';

/**
 * Which store the server under fault keeps its sessions in. SQLite is opened as the demo
 * opens it (`path`, WAL mode), or in rollback-journal mode when `journal` says so.
 */
export type StoreConfig =
  | { readonly kind: 'node-redis' | 'ioredis' | 'postgres'; readonly url: string }
  | {
      readonly kind: 'sqlite';
      readonly path: string;
      /** SqliteStore's `shared`: the file open to other connections (its `-shm` mapped). */
      readonly shared?: boolean;
      readonly journal?: 'delete';
    };

/**
 * How long a Redis or PostgreSQL call may wait: the demo's connect and command timeouts
 * (src/demo/open-store.ts), which the server under fault uses too.
 */
export const STORE_TIMEOUT_MS = 2000;

const ENTRY = fileURLToPath(new URL('fault-server.ts', import.meta.url));

export class ServerProcess {
  /** Every line the server wrote to stderr: unexpected errors, or a crash's trace. */
  readonly stderr: string[] = [];
  readonly #child: ChildProcess;
  readonly url: string;
  /** Resolves when the process exits, whatever the reason. */
  readonly exited: Promise<void>;

  private constructor(child: ChildProcess, url: string) {
    this.#child = child;
    this.url = url;
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        resolve();
      });
    });
    createInterface({ input: child.stderr! }).on('line', (line) => this.stderr.push(line));
  }

  /** Starts the server on `config` and resolves once it listens. */
  static async launch(config: StoreConfig): Promise<ServerProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, JSON.stringify(config)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let early = '';
    const collect = (chunk: Buffer): void => void (early += chunk.toString());
    child.stderr.on('data', collect);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', (line) => {
          resolve((JSON.parse(line) as { url: string }).url);
        });
        child.once('exit', (code) => {
          reject(new Error(`the server exited with ${code}: ${early}`));
        });
        child.once('error', reject);
      });
      child.stderr.off('data', collect);
      return new ServerProcess(child, url);
    } catch (error) {
      await stopChild(child);
      throw error;
    }
  }

  /** True while the process runs: it neither crashed nor exited. */
  get alive(): boolean {
    return !hasExited(this.#child);
  }

  /** How the process ended, for the report: `running`, `exit 1`, `signal SIGABRT`. */
  get state(): string {
    if (this.alive) return 'running';
    return this.#child.signalCode === null
      ? `exit ${this.#child.exitCode}`
      : `signal ${this.#child.signalCode}`;
  }

  /** Stops the process (SIGTERM, then SIGKILL). */
  stop(): Promise<void> {
    return stopChild(this.#child, 'SIGTERM', 5000);
  }
}
