/**
 * Reads and writes the cookie of Starlette's `SessionMiddleware`
 * (`starlette/middleware/sessions.py`), so a Node service can share sessions with a
 * Starlette or FastAPI app during a migration.
 *
 * Cookie value: `TimestampSigner(secret_key).sign(b64encode(json.dumps(session)))`, that
 * is standard base64 *with* padding of Python's default `json.dumps` output, signed with
 * the default salt, key derivation and SHA-1.
 */
import { ConfigError } from '../../errors.js';
import { BadPayload } from './errors.js';
import { parseJson, pythonJsonDumps } from './json.js';
import type { SecretKeys } from './signer.js';
import { TimestampSigner } from './timed.js';

/** Options of {@link StarletteSessionSerializer}. */
export interface StarletteSessionOptions {
  /**
   * Session lifetime in seconds, checked on every `loads` (Starlette's `max_age`).
   * Starlette allows `None` (never expires); this does not (OWASP ASVS 5.0 7.3.2).
   * @default 1209600 (14 days, as Starlette)
   */
  readonly maxAge?: number;
  /**
   * The clock, in milliseconds since the epoch.
   * @default Date.now
   */
  readonly now?: () => number;
}

/** A session as Starlette keeps it: a JSON object. */
export type StarletteSession = Record<string, unknown>;

const FOURTEEN_DAYS = 14 * 24 * 60 * 60;
// Keep a BOM, as Python's decode('utf-8') does, so JSON parsing refuses it there and here.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64 as Python's `b64encode` writes it, or `undefined` for any other spelling. */
function decodeStandardBase64(text: string): Buffer | undefined {
  if (!STANDARD_BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Re-encoding catches non-zero bits after the last byte, which Python also ignores.
  return bytes.toString('base64') === text ? bytes : undefined;
}

function isSession(value: unknown): value is StarletteSession {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Starlette `SessionMiddleware` cookies, both ways. Where the middleware silently turns
 * a bad or expired cookie into an empty session, `loads` throws the typed error
 * (`BadSignature`, `SignatureExpired`, `BadPayload`) and the caller decides.
 *
 * @example
 * ```ts
 * const sessions = new StarletteSessionSerializer(process.env.SECRET_KEY!);
 * const cookie = sessions.dumps({ user: 'alice' });  // what Starlette would set
 * sessions.loads(cookie);                             // { user: 'alice' }
 * ```
 */
export class StarletteSessionSerializer {
  /** The lifetime `loads` applies when not told otherwise, in seconds. */
  readonly maxAge: number;
  readonly #signer: TimestampSigner;

  constructor(secretKey: SecretKeys, options: StarletteSessionOptions = {}) {
    const { maxAge = FOURTEEN_DAYS, now } = options;
    if (typeof maxAge !== 'number' || !(maxAge >= 0)) {
      throw new ConfigError('maxAge must be a number of seconds, 0 or more.');
    }
    this.maxAge = maxAge;
    this.#signer = new TimestampSigner(secretKey, now === undefined ? {} : { now });
  }

  /** The cookie value Starlette would set for `session`. */
  dumps(session: StarletteSession): string {
    if (!isSession(session)) throw new TypeError('A Starlette session must be a plain object.');
    return this.#signer.sign(Buffer.from(pythonJsonDumps(session), 'utf8').toString('base64'));
  }

  /** The session in a cookie value, or a typed error; the signature is checked first. */
  loads(cookieValue: string, options: { readonly maxAge?: number } = {}): StarletteSession {
    const payload = this.#signer.unsign(cookieValue, { maxAge: options.maxAge ?? this.maxAge });
    const bytes = decodeStandardBase64(payload);
    if (bytes === undefined) throw new BadPayload('The session is not canonical base64.');
    let session: unknown;
    try {
      session = parseJson(utf8.decode(bytes));
    } catch (error) {
      throw new BadPayload('The session is not valid JSON.', { cause: error });
    }
    if (!isSession(session)) throw new BadPayload('The session is not a JSON object.');
    return session;
  }
}
