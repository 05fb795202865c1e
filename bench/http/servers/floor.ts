/**
 * The pieces the hand-written floors (a1, a2, a4, a3) share: the least work a session layer
 * can do per request with node:crypto, and nothing else.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { COOKIE_ATTRIBUTES, COOKIE_NAME, SECRET } from './common.js';

const PREFIX = `${COOKIE_NAME}=`;

/** The raw value of the session cookie, found without a general parser. */
export function readCookie(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  const start = header.startsWith(PREFIX) ? 0 : header.indexOf(`; ${PREFIX}`) + 2;
  if (start === 1) return undefined;
  const end = header.indexOf(';', start);
  return header.slice(start + PREFIX.length, end === -1 ? undefined : end);
}

const mac = (value: string): string =>
  createHmac('sha256', SECRET).update(value).digest('base64url');

/** `value.signature`, HMAC-SHA256 as cookie-signature does. */
export const sign = (value: string): string => `${value}.${mac(value)}`;

/** The value of a `value.signature` token, or `undefined` if the signature is wrong. */
export function unsign(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const dot = token.lastIndexOf('.');
  if (dot === -1) return undefined;
  const value = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(value));
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : undefined;
}

/** Answers `{ count }` and sets the session cookie to `value`. */
export function reply(res: ServerResponse, count: number, value: string): void {
  res
    .writeHead(200, {
      'content-type': 'application/json',
      'set-cookie': `${PREFIX}${value}; ${COOKIE_ATTRIBUTES}`,
    })
    .end(JSON.stringify({ count }));
}
