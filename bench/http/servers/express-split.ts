/**
 * The split run's server (`npm run bench:http:split`): Express apps on ports of their own in
 * one process, so the driver can load them in alternating slices and the machine's drift
 * falls on all alike. Tessera's cost on Express is taken apart: the session work alone
 * (`session`, the API called in the route, headers set by hand), the middleware with an
 * untouched session (`middleware`), and both (`tessera`), next to the floors.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { getSession, sessionMiddleware } from 'tessera/adapters/express';
import { increment } from './common.js';
import { floorApp } from './express-floor.js';
import { tesseraSessions } from './tessera.js';

const sessions = await tesseraSessions('mem');

/** Every app of the run, by name; the driver measures each against `bare`. */
const APPS: Record<string, () => Express> = {
  bare: () => express().get('/', (_req, res) => res.json({ hello: 'world' })),
  floor: () => floorApp(false),
  'floor-async': () => floorApp(true),
  middleware: () =>
    express()
      .use(sessionMiddleware(sessions))
      .get('/', (_req, res) => res.json({ hello: 'world' })),
  session: () =>
    express().get('/', async (req, res) => {
      const session = sessions.fromRequest(req);
      const count = await session.update('count', increment);
      const { setCookies, headers } = await session.commit();
      for (const cookie of setCookies) (res as ServerResponse).appendHeader('set-cookie', cookie);
      res.set(headers).json({ count });
    }),
  tessera: () =>
    express()
      .use(sessionMiddleware(sessions))
      .get('/', async (req, res) => {
        res.json({ count: await getSession(req, sessions).update('count', increment) });
      }),
};

const listening = (server: Server): Promise<number> =>
  new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve((server.address() as AddressInfo).port);
    }),
  );

const ports: Record<string, number> = {};
for (const [name, build] of Object.entries(APPS)) {
  ports[name] = await listening(createServer(build()));
}
process.once('SIGTERM', () => process.exit(0));
process.stdout.write(`${JSON.stringify({ port: ports['bare'], ports })}\n`);
