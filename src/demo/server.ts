import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoListener } from './app.js';

/** Options for {@link startDemo}. */
export interface DemoOptions {
  /** @default Number(process.env.PORT ?? 3000); 0 picks a free port. */
  readonly port?: number;
  /** Loopback only: the demo is not meant to be reachable from other machines. @default '127.0.0.1' */
  readonly host?: string;
  /** @default console.log */
  readonly log?: (line: string) => void;
}

/** Starts the demo app and resolves once it listens. */
export async function startDemo(options: DemoOptions = {}): Promise<Server> {
  const port = options.port ?? Number(process.env['PORT'] ?? 3000);
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? console.log;
  const server = createServer(demoListener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: actual } = server.address() as AddressInfo;
  log(JSON.stringify({ event: 'listening', url: `http://${host}:${actual}/` }));
  return server;
}
