/**
 * Child processes of the HTTP benchmark: each server (and redis-server) runs pinned to its
 * own core, is read for CPU time through /proc, and is stopped by its PID. Every wait is
 * bounded, so a server that hangs fails the stack instead of the run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const CLIENT_CORE = '0';
const SERVER_CORE = '1';
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

const hasTaskset = spawnSync('taskset', ['-V']).status === 0;
const ticksPerSecond = Number(spawnSync('getconf', ['CLK_TCK']).stdout.toString().trim()) || 100;

/** Pins this process, the load generator, to the client core; false when taskset is missing. */
export function pinClient(): boolean {
  if (!hasTaskset) return false;
  return spawnSync('taskset', ['-a', '-p', '-c', CLIENT_CORE, String(process.pid)]).status === 0;
}

/** Spawns `command` on the server core (taskset execs it, so the PID is the command's own). */
function spawnOnServerCore(command: string, args: readonly string[], env: NodeJS.ProcessEnv) {
  const [file, argv] = hasTaskset
    ? ['taskset', ['-c', SERVER_CORE, command, ...args]]
    : [command, [...args]];
  return spawn(file, argv, { stdio: ['ignore', 'pipe', 'inherit'], env });
}

/** CPU seconds (user + system, every thread) the process `pid` has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** CPU seconds every core of the machine has spent busy (not idle or waiting on I/O). */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal ...
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const busy = ticks.reduce((sum, value, i) => (i === 3 || i === 4 ? sum : sum + value), 0);
  return busy / ticksPerSecond;
}

/** A running benchmark server. */
export interface RunningServer {
  readonly pid: number;
  readonly url: string;
  /** The ports of a server hosting several apps (`{"port":N,"ports":{app:N}}`), else empty. */
  readonly ports: Readonly<Record<string, number>>;
  readonly stop: () => Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      const force = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

/** Starts `servers/<name>.ts` and waits for the `{"port":N}` line it prints. */
export function startServer(
  name: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<RunningServer> {
  const file = fileURLToPath(new URL(`servers/${name}.ts`, import.meta.url));
  // HTTP_NODE_ARGS adds flags for the servers, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = process.env['HTTP_NODE_ARGS']?.split(' ').filter(Boolean) ?? [];
  const child = spawnOnServerCore(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', file, ...args],
    env,
  );
  const stop = stopper(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (reason: string): void => {
      clearTimeout(timer);
      void stop().then(() => {
        reject(new Error(`server ${name} ${reason}`));
      });
    };
    const timer = setTimeout(() => {
      fail(`did not print its port within ${START_TIMEOUT_MS} ms`);
    }, START_TIMEOUT_MS);
    child.once('exit', (code) => {
      fail(`exited with code ${String(code)} before listening`);
    });
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n')[0];
      if (line === undefined || !output.includes('\n')) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const { port, ports = {} } = JSON.parse(line) as {
        port: number;
        ports?: Record<string, number>;
      };
      resolve({ pid: child.pid!, url: `http://127.0.0.1:${port}/`, ports, stop });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => {
        resolve(port);
      });
    });
    probe.once('error', reject);
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

/**
 * Starts a private redis-server on loopback (no persistence) beside the servers, so no
 * other user of a shared Redis skews the run; `undefined` when redis-server is missing.
 */
export async function startRedis(): Promise<RunningServer | undefined> {
  if (spawnSync('redis-server', ['--version']).status !== 0) return undefined;
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawnOnServerCore('redis-server', args, process.env);
  child.stdout.resume();
  const stop = stopper(child);
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await accepts(port))
      return { pid: child.pid!, url: `redis://127.0.0.1:${port}`, ports: {}, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error('redis-server did not accept connections within 5 s');
}
