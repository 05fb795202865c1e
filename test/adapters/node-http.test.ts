import { createServer } from 'node:http';
import { describeAdapterContract, listen, route } from '../../src/adapters/adapter.contract.js';
import { withSessions } from '../../src/adapters/node-http.js';
import { plainCookie, plainCookieDeletion } from '../../src/adapters/respond.js';
import { MATRIX } from './backends.js';

describeAdapterContract(
  {
    name: 'node:http server',
    serve: (manager) =>
      listen(
        createServer(
          withSessions(manager, async (req, res, session) => {
            const { status, body } = await route({
              method: req.method ?? 'GET',
              path: req.url ?? '/',
              session,
              setCookie: (...args) => res.appendHeader('set-cookie', plainCookie(...args)),
              deleteCookie: (...args) =>
                res.appendHeader('set-cookie', plainCookieDeletion(...args)),
            });
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(JSON.stringify(body));
          }),
        ),
      ),
  },
  MATRIX,
);
