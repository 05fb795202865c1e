import { SessionError } from './errors.js';

/**
 * The session envelope: what a session is, whichever strategy keeps it. The store's `data`
 * field (or the sealed cookie) holds it as JSON; it is parsed as untrusted input.
 */

/** Session data as kept: JSON values by key, in an object without a prototype. */
export type DataRecord = Record<string, unknown>;

/** A session's contents and fixed facts. */
export interface Envelope {
  /** The application's data. No prototype: a `__proto__` key is an ordinary key. */
  readonly data: DataRecord;
  /** Flash messages, shown once. No prototype. */
  readonly flash: Readonly<Record<string, string>>;
  /** When the session was created, in milliseconds since the epoch. */
  readonly createdAt: number;
  /** The absolute deadline, fixed at creation and never moved (OWASP ASVS 5.0 7.3.2). */
  readonly absoluteAt: number;
  /** The logged-in user, indexed by the store for "my sessions" and "log out everywhere". */
  readonly userId?: string | undefined;
  /** The User-Agent that created the session, trimmed, for "my sessions" pages. */
  readonly userAgent?: string | undefined;
  /**
   * The store's reference to the session this one replaced by `regenerate()`, which lives
   * on for the grace period: destroying this session ends it too, so logging out right
   * after a login leaves no older ID working (OWASP ASVS 5.0 7.4.1).
   */
  readonly retired?: string | undefined;
}

/** Longest User-Agent kept: enough to tell devices apart, too short to bloat records. */
export const MAX_USER_AGENT = 256;

/** An empty session created at `now`. */
export function emptyEnvelope(
  now: number,
  absoluteAt: number,
  userAgent: string | undefined,
): Envelope {
  return {
    data: Object.create(null) as DataRecord,
    flash: Object.create(null) as Record<string, string>,
    createdAt: now,
    absoluteAt,
    userAgent: userAgent?.slice(0, MAX_USER_AGENT),
  };
}

/** True when the envelope holds nothing worth a record or a cookie (MW-06). */
export function isEmpty(envelope: Envelope): boolean {
  return (
    envelope.userId === undefined &&
    Object.keys(envelope.data).length === 0 &&
    Object.keys(envelope.flash).length === 0
  );
}

/** The JSON form: short keys, a version for future formats. */
interface Wire {
  v: 1;
  c: number;
  a: number;
  d: DataRecord;
  f?: Record<string, string>;
  u?: string;
  ua?: string;
  r?: string;
}

/** The envelope as a plain JSON-ready object (the sealed strategy seals this). */
export function toWire(envelope: Envelope): Wire {
  const wire: Wire = { v: 1, c: envelope.createdAt, a: envelope.absoluteAt, d: envelope.data };
  if (Object.keys(envelope.flash).length > 0) wire.f = envelope.flash;
  if (envelope.userId !== undefined) wire.u = envelope.userId;
  if (envelope.userAgent !== undefined) wire.ua = envelope.userAgent;
  if (envelope.retired !== undefined) wire.r = envelope.retired;
  return wire;
}

/**
 * The deepest nesting an envelope's JSON may have. `JSON.parse` reads any depth, but
 * `JSON.stringify` is recursive: a record nested 100 000 deep would load and then fail every
 * write with a stack overflow (checklist TK-12). The envelope itself takes two levels.
 */
export const MAX_ENVELOPE_DEPTH = 64;

/**
 * The envelope as JSON text, for a store record.
 * @throws {SessionError} `ERR_SESSION_DATA` when the data nests deeper than
 * {@link MAX_ENVELOPE_DEPTH} allows; a `TypeError` for data JSON cannot hold.
 */
export function encodeEnvelope(envelope: Envelope): string {
  const text = JSON.stringify(toWire(envelope));
  if (!withinDepth(text)) {
    throw new SessionError(
      'ERR_SESSION_DATA',
      `Session data may nest at most ${MAX_ENVELOPE_DEPTH - 2} levels deep.`,
    );
  }
  return text;
}

/**
 * True when JSON `text` nests at most {@link MAX_ENVELOPE_DEPTH} deep: one linear pass that
 * skips strings and stops at the first level too many.
 */
function withinDepth(text: string): boolean {
  // Every level takes an opening and a closing bracket: short texts need no scan.
  if (text.length <= 2 * MAX_ENVELOPE_DEPTH) return true;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) {
        if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      }
    } else if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
      if (++depth > MAX_ENVELOPE_DEPTH) return false;
    } else if (code === 0x7d /* } */ || code === 0x5d /* ] */) {
      depth--;
    }
  }
  return true;
}

/**
 * Parses a stored envelope; anything malformed, or nested deeper than
 * {@link MAX_ENVELOPE_DEPTH}, gives `undefined` (an anonymous session).
 */
export function decodeEnvelope(text: string): Envelope | undefined {
  if (!withinDepth(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return fromWire(value);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * Validates a parsed envelope field by field and copies data and flash into objects without
 * a prototype, so a `__proto__` or `constructor` key stays inert (OWASP ASVS 5.0 15.3.6).
 */
export function fromWire(value: unknown): Envelope | undefined {
  if (!isRecord(value) || value['v'] !== 1) return undefined;
  const { c, a, d, f, u, ua, r } = value;
  if (!isTime(c) || !isTime(a) || !isRecord(d)) return undefined;
  if (f !== undefined && !isRecord(f)) return undefined;
  if (u !== undefined && typeof u !== 'string') return undefined;
  if (ua !== undefined && typeof ua !== 'string') return undefined;
  if (r !== undefined && typeof r !== 'string') return undefined;
  const flash = Object.create(null) as Record<string, string>;
  for (const [key, message] of Object.entries(f ?? {})) {
    if (typeof message !== 'string') return undefined;
    flash[key] = message;
  }
  return {
    data: Object.assign(Object.create(null) as DataRecord, d),
    flash,
    createdAt: c,
    absoluteAt: a,
    userId: u,
    userAgent: ua,
    retired: r,
  };
}
