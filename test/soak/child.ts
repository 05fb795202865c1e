/**
 * Starts the demo in a child process (`demo-child.ts`) and talks to it over IPC. Every
 * wait is bounded; the child is ended by its PID, with SIGKILL when it does not close in
 * time, and on this process's exit whatever happened.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildReply, HeapReport, ParentRequest } from './protocol.js';

const START_TIMEOUT_MS = 30_000;
const HEAP_TIMEOUT_MS = 30_000;
const CLOSE_TIMEOUT_MS = 5_000;

const ENTRY = fileURLToPath(new URL('demo-child.ts', import.meta.url));

/** A demo running in a child process. */
export interface DemoChild {
  readonly pid: number;
  /** `http://127.0.0.1:port/` */
  readonly url: string;
  /** The child's memory after forced full collections, and its session event counts. */
  heap(): Promise<HeapReport>;
  /** Closes the demo and ends the child (SIGKILL by PID after 5 s). Idempotent. */
  stop(): Promise<void>;
}

/** Where the child's demo keeps its sessions. */
export interface ChildOptions {
  /** A `TESSERA_STORE` value: `memory`, `sqlite:PATH`, `redis://…`, `postgres://…`. */
  readonly store: string;
  /** The demo's `dataDir` (a temp folder: the demo may write there). */
  readonly dataDir: string;
}

const exited = (child: ChildProcess): boolean =>
  child.exitCode !== null || child.signalCode !== null;

/** The next message from `child` that `accept` maps to a value, within `timeoutMs`. */
function nextReply<T>(
  child: ChildProcess,
  what: string,
  timeoutMs: number,
  accept: (reply: ChildReply) => T | undefined,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (reply: ChildReply): void => {
      if (reply.type === 'failed') {
        done();
        reject(new Error(`the demo child failed while ${what}: ${reply.error}`));
        return;
      }
      const value = accept(reply);
      if (value === undefined) return;
      done();
      resolve(value);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      done();
      reject(new Error(`the demo child exited (${signal ?? String(code)}) while ${what}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`the demo child did not answer within ${timeoutMs} ms while ${what}`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function stopper(child: ChildProcess, kill: () => void): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () =>
    (stopping ??= new Promise<void>((resolve) => {
      const stopped = (): void => {
        clearTimeout(force);
        process.off('exit', kill);
        resolve();
      };
      const force = setTimeout(kill, CLOSE_TIMEOUT_MS);
      if (exited(child)) {
        stopped();
        return;
      }
      child.once('exit', stopped);
      if (child.connected) child.send({ type: 'close' } satisfies ParentRequest);
      else kill();
    }));
}

/** Starts the demo child and resolves once its demo listens. */
export async function startDemoChild({ store, dataDir }: ChildOptions): Promise<DemoChild> {
  const child = fork(ENTRY, [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, SOAK_STORE: store, SOAK_DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const { pid } = child;
  // A failed spawn is also an 'error' event, which would otherwise be thrown.
  child.on('error', () => undefined);
  if (pid === undefined) throw new Error('the demo child could not be spawned');
  // By its PID, and also when this process exits before stopping it (an error, Ctrl-C).
  const kill = (): void => {
    if (!exited(child)) process.kill(pid, 'SIGKILL');
  };
  process.once('exit', kill);
  const stop = stopper(child, kill);
  let url: string;
  try {
    url = await nextReply(child, 'starting', START_TIMEOUT_MS, (reply) =>
      reply.type === 'ready' ? reply.url : undefined,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    pid,
    url,
    heap: () => {
      if (!child.connected) return Promise.reject(new Error('the demo child has gone'));
      const reply = nextReply(child, 'measuring its heap', HEAP_TIMEOUT_MS, (message) =>
        message.type === 'heap' ? message.heap : undefined,
      );
      child.send({ type: 'heap' } satisfies ParentRequest);
      return reply;
    },
    stop,
  };
}
