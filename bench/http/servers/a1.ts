/** (a1) floor: node:http with the counter itself in an HMAC-signed cookie. */
import { createServer } from 'node:http';
import { announce } from './common.js';
import { readCookie, reply, sign, unsign } from './floor.js';

announce(
  createServer((req, res) => {
    const count = Number(unsign(readCookie(req)) ?? 0) + 1;
    reply(res, count, sign(String(count)));
  }),
);
