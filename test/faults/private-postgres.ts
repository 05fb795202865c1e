/**
 * A PostgreSQL cluster of the test's own (initdb into a temporary directory, a free loopback
 * port, fsync on), so the test can stop and start it without touching the shared one on 5432.
 * initdb and the server refuse to run as root, so they run as the `postgres` OS user.
 */
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, requireTool, run, userIds } from './processes.js';

const ROOT = '/usr/lib/postgresql';

/** The newest installed server's bin directory, e.g. /usr/lib/postgresql/15/bin. */
function binDir(): string | undefined {
  const versions = existsSync(ROOT) ? readdirSync(ROOT) : [];
  return versions
    .filter((version) => existsSync(join(ROOT, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(ROOT, version, 'bin'))[0];
}

const BIN = binDir();

/** Why the PostgreSQL fault tests cannot run here, or `undefined`. */
export const postgresSkip = requireTool(
  BIN === undefined ? `no PostgreSQL server binaries under ${ROOT}` : undefined,
);

export class PrivatePostgres {
  readonly #dir: string;
  readonly #port: number;
  readonly #as: { uid: number; gid: number };
  #running = false;

  private constructor(dir: string, port: number, as: { uid: number; gid: number }) {
    this.#dir = dir;
    this.#port = port;
    this.#as = as;
  }

  /** Creates a cluster in a temporary directory and starts it. */
  static async launch(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-faults-pg-'));
    const as = process.getuid?.() === 0 ? await userIds('postgres') : undefined;
    if (as) chownSync(dir, as.uid, as.gid);
    const cluster = new PrivatePostgres(
      dir,
      await freePort(),
      as ?? {
        uid: process.getuid?.() ?? 0,
        gid: process.getgid?.() ?? 0,
      },
    );
    try {
      await cluster.#bin('initdb', ['-D', cluster.#data, '-A', 'trust', '-U', 'postgres']);
      await cluster.start();
    } catch (error) {
      await cluster.dispose();
      throw error;
    }
    return cluster;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.#port}/postgres`;
  }

  get #data(): string {
    return join(this.#dir, 'data');
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    const settings = `-p ${this.#port} -k ${this.#dir} -c listen_addresses=127.0.0.1 -c fsync=on`;
    const log = join(this.#dir, 'server.log');
    await this.#bin('pg_ctl', ['-D', this.#data, '-l', log, '-o', settings, '-w', 'start']);
    this.#running = true;
  }

  /** Stops the server as an operator would: fast shutdown, open sessions are terminated. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    if (!this.#running) return;
    await this.#bin('pg_ctl', ['-D', this.#data, '-m', mode, '-w', 'stop']);
    this.#running = false;
  }

  /** Stops the server if it runs and removes the cluster. */
  async dispose(): Promise<void> {
    try {
      await this.stop('immediate');
    } finally {
      rmSync(this.#dir, { recursive: true, force: true });
    }
  }

  #bin(name: string, args: string[]): Promise<string> {
    if (BIN === undefined) throw new Error('PostgreSQL is not installed');
    return run(join(BIN, name), args, { ...this.#as, cwd: this.#dir });
  }
}
