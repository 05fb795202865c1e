/** (a2) floor: node:http with the session sealed into the cookie by AES-256-GCM. */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { SECRET, increment, type Counter, announce } from './common.js';
import { readCookie, reply } from './floor.js';

const key = createHash('sha256').update(SECRET).digest();

function seal(data: Counter): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(data)), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

function unseal(token: string | undefined): Counter | undefined {
  if (token === undefined) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length < 28) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(-16));
    const json = Buffer.concat([decipher.update(bytes.subarray(12, -16)), decipher.final()]);
    return JSON.parse(json.toString()) as Counter;
  } catch {
    return undefined;
  }
}

announce(
  createServer((req, res) => {
    const count = increment(unseal(readCookie(req))?.count);
    reply(res, count, seal({ count }));
  }),
);
