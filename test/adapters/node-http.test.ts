import { createServer, type IncomingMessage } from 'node:http';
import { text } from 'node:stream/consumers';
import {
  describeAdapterContract,
  listen,
  protectByHand,
  route,
} from '../../src/adapters/adapter.contract.js';
import { nodeCsrfRequest, withSessions } from '../../src/adapters/node-http.js';
import { plainCookie, plainCookieDeletion } from '../../src/http/responses.js';
import { MATRIX } from './backends.js';

/** The urlencoded form a request carries, if it is one. */
async function formOf(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const isForm = req.headers['content-type']?.startsWith('application/x-www-form');
  return isForm ? new URLSearchParams(await text(req)) : undefined;
}

describeAdapterContract(
  {
    name: 'node:http server',
    serve: (manager) =>
      listen(
        createServer(
          withSessions(manager, async (req, res, session) => {
            const path = req.url ?? '/';
            await protectByHand(path, session, nodeCsrfRequest(req), await formOf(req));
            const { status, body } = await route({
              method: req.method ?? 'GET',
              path,
              session,
              cookies: req.headers.cookie,
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
