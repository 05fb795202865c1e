/** (a) bare node:http answering JSON: the floor every node:http stack is measured against. */
import { createServer } from 'node:http';
import { BARE_BODY, announce } from './common.js';

announce(
  createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(BARE_BODY);
  }),
);
