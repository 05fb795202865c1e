import express from 'express';
import { createServer } from 'node:http';
import { describe } from 'vitest';
import express4 from 'express4';
import {
  describeAdapterContract,
  listen,
  route,
  type ContractBackend,
} from '../../src/adapters/adapter.contract.js';
import {
  csrfMiddleware,
  deleteCookie,
  errorHandler,
  getSession,
  requireSessionMiddleware,
  sessionMiddleware,
  setCookie,
} from '../../src/adapters/express.js';
import { MATRIX, SERVICES } from './backends.js';

describe.each<[string, typeof express, readonly ContractBackend[]]>([
  ['Express 5', express, [...MATRIX, ...SERVICES]],
  ['Express 4', express4, MATRIX],
])('%s', (name, framework, backends) => {
  describeAdapterContract(
    {
      name,
      serve: (manager) => {
        const app = framework();
        app.use(sessionMiddleware(manager));
        app.use('/guarded', requireSessionMiddleware(manager));
        app.use('/csrf', framework.urlencoded({ extended: false }), csrfMiddleware(manager));
        // Express 4 does not catch rejected handlers: hand them to next() as both versions do.
        app.use((req, res, next) => {
          route({
            method: req.method,
            path: req.path,
            session: getSession(req, manager),
            cookies: req.headers.cookie,
            setCookie: (...args) => {
              setCookie(res, ...args);
            },
            deleteCookie: (...args) => {
              deleteCookie(res, ...args);
            },
          }).then(({ status, body }) => res.status(status).json(body), next);
        });
        app.use(errorHandler());
        return listen(createServer(app));
      },
    },
    backends,
  );
});
