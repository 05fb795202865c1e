import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createSessionManager } from '../session/index.js';
import { createDemoListener } from './app.js';
import { errorLogger, logSessionEvent } from './log.js';
import { openStore } from './open-store.js';
import { loadOrCreateSecret } from './secret.js';
import type { DemoData } from './session-routes.js';
import { describeStore, parseStoreSpec } from './store-spec.js';
import { DEMO_USERS, createUserDirectory } from './users.js';

/** Options for {@link startDemo}. */
export interface DemoOptions {
  /** @default Number(process.env.PORT ?? 3000); 0 picks a free port. */
  readonly port?: number;
  /** Loopback only: the demo is not meant to be reachable from other machines. @default '127.0.0.1' */
  readonly host?: string;
  /** Receives one JSON line per event; never secrets, session IDs or cookie values. @default console.log */
  readonly log?: (line: string) => void;
  /**
   * `sqlite:PATH`, `memory`, `cookie` (sealed stateless sessions), `redis://…` or `postgres://…`.
   * @default process.env.TESSERA_STORE, else `sqlite:` + `demo.db` in `dataDir`
   */
  readonly store?: string;
  /**
   * The secret, at least 32 bytes. Without it, one is created once and kept in a `secret`
   * file (mode 0600) beside the SQLite database, or in `dataDir` for the other stores.
   * @default process.env.TESSERA_SECRET
   */
  readonly secret?: string;
  /** Where the default database and secret file live. @default '.tessera' (git-ignored) */
  readonly dataDir?: string;
}

/** A running demo. */
export interface RunningDemo {
  readonly server: Server;
  /** `http://host:port/` */
  readonly url: string;
  /** Stops accepting connections, ends open ones and closes the store. Idempotent. */
  close(): Promise<void>;
}

/** Starts the demo app and resolves once it listens. */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const port = options.port ?? Number(process.env['PORT'] ?? 3000);
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? console.log;
  const dataDir = resolve(options.dataDir ?? '.tessera');
  const spec = parseStoreSpec(options.store ?? process.env['TESSERA_STORE'], dataDir);
  const secretFile = join(spec.kind === 'sqlite' ? dirname(spec.path) : dataDir, 'secret');
  const { secret, source } = await loadOrCreateSecret(
    options.secret ?? process.env['TESSERA_SECRET'],
    secretFile,
  );
  log(
    JSON.stringify({
      event: 'secret',
      source,
      ...(source !== 'environment' && { file: secretFile }),
    }),
  );
  const opened = await openStore(spec);
  const manager = createSessionManager<DemoData>({
    ...(opened === undefined ? { secrets: [secret] } : { store: opened.store }),
    onEvent: (event) => {
      logSessionEvent(log, event);
    },
  });
  const listener = createDemoListener({
    manager,
    users: await createUserDirectory(DEMO_USERS),
    revocable: opened !== undefined,
    onError: errorLogger(log),
  });
  const server = createServer(listener);
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolveListen);
    });
  } catch (error) {
    await opened?.close();
    throw error;
  }
  const { port: actual } = server.address() as AddressInfo;
  const url = `http://${host}:${actual}/`;
  log(JSON.stringify({ event: 'listening', url, store: describeStore(spec) }));
  let closing: Promise<void> | undefined;
  return {
    server,
    url,
    close: () =>
      (closing ??= new Promise<void>((resolveClose) => {
        server.close(() => {
          resolveClose();
        });
        server.closeAllConnections();
      }).then(() => opened?.close())),
  };
}
