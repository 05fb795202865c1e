/**
 * A private Redis Cluster for tests: three masters on free loopback ports, started from
 * Debian's `redis-server` with `--cluster-enabled yes` and joined by `redis-cli --cluster
 * create`. It never touches the shared Redis on 6379, every wait is bounded, and every
 * failure says what it was waiting for and what the servers printed.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const HOST = '127.0.0.1';
/** Redis Cluster's node-to-node bus listens on the client port plus this. */
const BUS_OFFSET = 10_000;
/** Client ports are drawn here, so bus ports stay below Linux's ephemeral range (32768). */
const PORT_RANGE = [17_000, 22_000] as const;
const MASTERS = 3;
const START_ATTEMPTS = 3;
const SERVER_READY_MS = 5_000;
const CREATE_MS = 20_000;
const CLUSTER_OK_MS = 10_000;
const STOP_MS = 5_000;

/** A running cluster of three masters on 127.0.0.1. */
export interface RedisCluster {
  /** The masters' client ports. */
  readonly ports: readonly number[];
  /** Ends the servers this cluster started, by PID, and removes its directory. Idempotent. */
  readonly stop: () => Promise<void>;
}

/**
 * Resolves to `undefined` when `redis-server` and `redis-cli` are on the PATH, else to the
 * reason to skip. With `TESSERA_REQUIRE_SERVICES=1` (CI) their absence throws instead.
 */
export function redisClusterSkipReason(): string | undefined {
  const missing = ['redis-server', 'redis-cli'].filter((binary) => !onPath(binary));
  if (missing.length === 0) return undefined;
  const reason = `${missing.join(' and ')} not found on the PATH (Debian: apt-get install redis-server)`;
  if (process.env['TESSERA_REQUIRE_SERVICES'] === '1') {
    throw new Error(`Redis Cluster cannot start: ${reason}, and TESSERA_REQUIRE_SERVICES=1`);
  }
  console.warn(`Skipping the Redis Cluster tests: ${reason}.`);
  return reason;
}

/**
 * Starts three masters, joins them into one cluster and waits until every node reports
 * `cluster_state:ok`. On failure it stops whatever it started before rejecting.
 */
export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-redis-cluster-'));
  const servers: ChildProcess[] = [];
  const killAll = (): void => {
    for (const server of servers) if (server.exitCode === null) server.kill('SIGKILL');
  };
  // A worker that dies without running afterAll must not leave servers behind.
  process.once('exit', killAll);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      await Promise.all(servers.map(ended));
      process.removeListener('exit', killAll);
      rmSync(dir, { recursive: true, force: true });
    })());
  try {
    const ports = await startServers(dir, servers);
    await run(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((port) => `${HOST}:${port}`)].concat(
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ),
      CREATE_MS,
    );
    await untilClusterOk(ports);
    return { ports, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Starts the masters on fresh ports, drawing new ones when another process took a port first. */
async function startServers(dir: string, servers: ChildProcess[]): Promise<number[]> {
  for (let attempt = 1; ; attempt++) {
    const ports = await freePorts(MASTERS);
    const started = ports.map((port) => startServer(dir, port));
    servers.push(...started.map(({ server }) => server));
    const outcomes = await Promise.allSettled(started.map(({ ready }) => ready));
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure === undefined) return ports;
    await Promise.all(servers.splice(0).map(ended));
    const reason: unknown = failure.reason;
    if (attempt === START_ATTEMPTS || !String(reason).includes('Address already in use')) {
      throw reason;
    }
  }
}

function startServer(dir: string, port: number): { server: ChildProcess; ready: Promise<void> } {
  const args = [
    ...['--port', String(port), '--bind', HOST, '--dir', dir],
    ...['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`)],
    ...['--cluster-node-timeout', '2000', '--save', '', '--appendonly', 'no'],
  ];
  const server = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const fail = (why: string): void => {
      reject(new Error(`redis-server on port ${port} ${why}. It printed:\n${output}`));
    };
    const timer = setTimeout(() => {
      fail(`was not ready within ${SERVER_READY_MS} ms`);
    }, SERVER_READY_MS);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    server.stdout.on('data', read);
    server.stderr.on('data', read);
    server.once('error', (error) => {
      clearTimeout(timer);
      fail(`could not be started (${error.message})`);
    });
    server.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(`exited (${String(code ?? signal)}) before it was ready`);
    });
  });
  return { server, ready };
}

/** Waits until every node sees all 16384 slots served: `cluster_state:ok`. */
async function untilClusterOk(ports: readonly number[]): Promise<void> {
  const deadline = Date.now() + CLUSTER_OK_MS;
  for (;;) {
    const states = await Promise.all(
      ports.map(async (port) => {
        const info = await run('redis-cli', ['-h', HOST, '-p', String(port), 'cluster', 'info']);
        return /^cluster_state:(\w+)/m.exec(info)?.[1] ?? 'unknown';
      }),
    );
    if (states.every((state) => state === 'ok')) return;
    if (Date.now() > deadline) {
      const seen = ports.map((port, i) => `${port}: ${String(states[i])}`).join(', ');
      throw new Error(`the cluster was not ok within ${CLUSTER_OK_MS} ms (${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `count` client ports that are free, each with its bus port free too. */
async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let tries = 0; ports.length < count; tries++) {
    if (tries === 100) throw new Error(`found no free port pairs in ${PORT_RANGE.join('-')}`);
    const port = randomInt(...PORT_RANGE);
    if (ports.includes(port)) continue;
    if ((await isFree(port)) && (await isFree(port + BUS_OFFSET))) ports.push(port);
  }
  return ports;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => {
      resolve(false);
    });
    probe.listen(port, HOST, () => {
      probe.close(() => {
        resolve(true);
      });
    });
  });
}

/** Ends one server (SIGTERM, then SIGKILL after {@link STOP_MS}) and waits for its exit. */
async function ended(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null || server.pid === undefined) return;
  const exit = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  const timer = setTimeout(() => {
    server.kill('SIGKILL');
  }, STOP_MS);
  await exit;
  clearTimeout(timer);
}

/** Runs a command to completion within `timeoutMs`; rejects with everything it printed. */
function run(file: string, args: readonly string[], timeoutMs = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) {
        const why = error.killed
          ? `no answer within ${timeoutMs} ms`
          : `exit ${String(error.code)}`;
        reject(new Error(`${[file, ...args].join(' ')} failed (${why}):\n${stdout}${stderr}`));
      } else resolve(stdout);
    });
  });
}

function onPath(binary: string): boolean {
  const dirs = (process.env['PATH'] ?? '').split(delimiter).filter(Boolean);
  return dirs.some((dir) => existsSync(join(dir, binary)));
}
