import type { IncomingMessage, ServerResponse } from 'node:http';
import { TesseraError } from '../errors.js';

/** The largest request body the demo reads (OWASP ASVS 5.0 13.1.x: bound every input). */
export const MAX_BODY_BYTES = 16 * 1024;

/** A request the demo refuses: the router answers `status` with the JSON `body` as it is. */
export class DemoHttpError extends TesseraError {
  declare readonly code: 'ERR_DEMO_HTTP';

  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super('ERR_DEMO_HTTP', `The request was refused with HTTP ${status}.`);
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

export function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    // The page shows the user's data: it is not to be framed (clickjacking) or to run scripts.
    'content-security-policy': "default-src 'none'; form-action 'self'; frame-ancestors 'none'",
  });
  response.end(html);
}

/** 303 See Other: the browser follows with a GET, so a reload does not post the form again. */
export function redirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { location, 'content-length': 0 });
  response.end();
}

/** The request's media type, lower-case, without parameters; `''` when it has none. */
export const mediaType = (request: IncomingMessage): string =>
  (request.headers['content-type'] ?? '').replace(/;.*$/s, '').trim().toLowerCase();

/** True for a browser: a form post, or a request that accepts HTML. */
export function wantsHtml(request: IncomingMessage): boolean {
  return (
    mediaType(request) === 'application/x-www-form-urlencoded' ||
    (request.headers.accept ?? '').includes('text/html')
  );
}

async function readText(request: IncomingMessage): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new DemoHttpError(413, { detail: 'Request body too large' });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Chunked bodies declare no length: count as they arrive, and stop reading at the cap.
    if (size > MAX_BODY_BYTES) throw new DemoHttpError(413, { detail: 'Request body too large' });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads a JSON object or an `application/x-www-form-urlencoded` form as string fields.
 * An empty body is an empty object; malformed JSON is 400, a body too large 413, any other
 * media type 415. JSON strings, numbers and booleans become their text (`true` → `'true'`), as a form would send them; other values are dropped.
 */
export function readFields(request: IncomingMessage): Promise<Map<string, string>> {
  // The CSRF check reads a form before its handler does: the body is read once.
  const read = parsed.get(request) ?? parseFields(request);
  parsed.set(request, read);
  return read;
}

const parsed = new WeakMap<IncomingMessage, Promise<Map<string, string>>>();

async function parseFields(request: IncomingMessage): Promise<Map<string, string>> {
  const text = await readText(request);
  const type = mediaType(request);
  if (type === 'application/x-www-form-urlencoded') return new Map(new URLSearchParams(text));
  if (text === '') return new Map();
  if (type !== 'application/json' && type !== '') {
    throw new DemoHttpError(415, { detail: 'Send JSON or a form' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DemoHttpError(400, { detail: 'Malformed JSON' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DemoHttpError(422, { detail: 'Expected a JSON object' });
  }
  return new Map(
    Object.entries(value as Record<string, unknown>).flatMap(([name, field]) =>
      typeof field === 'string' || typeof field === 'boolean' || typeof field === 'number'
        ? [[name, String(field)]]
        : [],
    ),
  );
}

/** A field the body must carry, or a FastAPI-shaped 422. */
export function requireField(fields: Map<string, string>, name: string): string {
  const value = fields.get(name);
  if (value === undefined) {
    throw new DemoHttpError(422, {
      detail: [{ type: 'missing', loc: ['body', name], msg: 'Field required', input: null }],
    });
  }
  return value;
}
