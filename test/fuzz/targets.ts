/**
 * What the mutation fuzzer attacks: every verifier that turns a client-held string into trusted
 * data. Each target issues a few valid tokens from seeded random JSON, then judges candidates:
 * a candidate is `rejected` only with the library's typed error for a bad token, `accepted`
 * when it verified (or got past authentication: an expired or unreadable but authentic token),
 * and `unexpected` for any other outcome, such as a `TypeError`.
 */
import fc from 'fast-check';
import type { IncomingHttpHeaders } from 'node:http';
import {
  BadPayload,
  BadSignature,
  BadTimeSignature,
  SignatureExpired,
  Signer,
  StarletteSessionSerializer,
  TimestampSigner,
  URLSafeTimedSerializer,
} from '../../src/tokens/itsdangerous/index.js';
import { SealError, SealExpiredError, Sealer } from '../../src/tokens/sealed/index.js';
import { installedSodium } from '../../src/tokens/sealed/backend.js';
import { createSessionManager, type SessionEvent } from '../../src/session/index.js';
import { MemoryStore } from '../../src/stores/memory.js';

/** How a verifier treated one candidate. */
export type Verdict = 'rejected' | 'accepted' | { readonly unexpected: string };

/** One verifier under attack. */
export interface FuzzTarget {
  readonly name: string;
  /** Valid tokens, each of which `verify` accepts. */
  readonly tokens: readonly string[];
  verify(candidate: string): Verdict | Promise<Verdict>;
  /**
   * True when `candidate` carries `original` unchanged by the rules of its transport (a cookie
   * value is trimmed of SP/HTAB and ends at `;`, RFC 6265bis §5.6): not a mutation of the token.
   */
  equivalent?(candidate: string, original: string): boolean;
}

/** A target that could not be built here, and why. */
export interface SkippedTarget {
  readonly name: string;
  readonly reason: string;
}

/** The fake clock every target runs on: tokens are issued and checked at this instant. */
const NOW = Date.UTC(2030, 0, 1);
const now = (): number => NOW;
const MAX_AGE = 3600;
const SECRET = 'fuzz-secret-of-at-least-32-bytes-0001';
const OLD_SECRET = 'fuzz-secret-of-at-least-32-bytes-0000';
const TOKENS_PER_TARGET = 4;
const COOKIE_NAME = '__Host-sid';

type ErrorClass = new (...args: never[]) => Error;
/** An error class and the code it must carry. */
type Expected = readonly [ErrorClass, string];

/**
 * Classifies a thrown value by exact class and code: `rejections` are the refusals of a bad
 * token, `authenticated` the errors only an authentic token can reach (its MAC held).
 */
function judge(
  error: unknown,
  rejections: readonly Expected[],
  authenticated: readonly Expected[],
): Verdict {
  const matches = ([type, code]: Expected): boolean =>
    error instanceof Error &&
    error.constructor === type &&
    (error as Error & { code?: unknown }).code === code;
  if (rejections.some(matches)) return 'rejected';
  if (authenticated.some(matches)) return 'accepted';
  const name = error instanceof Error ? error.constructor.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code;
  return { unexpected: `${name}${typeof code === 'string' ? ` ${code}` : ''}: ${String(error)}` };
}

/** Runs `open`; returning at all means the candidate was accepted. */
function verdictOf(open: () => unknown, judgeError: (error: unknown) => Verdict): Verdict {
  try {
    open();
    return 'accepted';
  } catch (error) {
    return judgeError(error);
  }
}

const judgeSigned = (error: unknown): Verdict =>
  judge(error, [[BadSignature, 'ERR_BAD_SIGNATURE']], []);

const judgeTimed = (error: unknown): Verdict =>
  judge(
    error,
    [
      [BadSignature, 'ERR_BAD_SIGNATURE'],
      [BadTimeSignature, 'ERR_BAD_TIME_SIGNATURE'],
    ],
    [
      [SignatureExpired, 'ERR_SIGNATURE_EXPIRED'],
      [BadPayload, 'ERR_BAD_PAYLOAD'],
    ],
  );

const judgeSealed = (error: unknown): Verdict =>
  judge(
    error,
    [
      [SealError, 'ERR_SEAL_MALFORMED'],
      [SealError, 'ERR_SEAL_UNKNOWN_KEY'],
      [SealError, 'ERR_SEAL_FORGED'],
    ],
    [[SealExpiredError, 'ERR_SEAL_EXPIRED']],
  );

/** JSON values for token payloads, fixed by the seed. */
function samplePayloads(seed: number, arbitrary: fc.Arbitrary<unknown>): unknown[] {
  return fc.sample(arbitrary, { seed, numRuns: TOKENS_PER_TARGET });
}

const smallJson = fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' });
/** Values whose compact JSON deflates well, so the URL-safe serializer compresses them. */
const compressibleJson = fc
  .tuple(fc.string({ maxLength: 8 }), fc.integer({ min: 40, max: 120 }), smallJson)
  .map(([key, times, extra]) => ({ [key]: 'ab'.repeat(times), extra }));
const sessionObject = fc.dictionary(fc.string({ maxLength: 8 }), smallJson, { maxKeys: 4 });

function signerTargets(seed: number): FuzzTarget[] {
  const texts = samplePayloads(seed, smallJson).map((value) => JSON.stringify(value));
  const signer = new Signer(SECRET, { salt: 'fuzz' });
  const timestampSigner = new TimestampSigner([OLD_SECRET, SECRET], {
    salt: 'cookie-session',
    keyDerivation: 'hmac',
    now,
  });
  const plain = new URLSafeTimedSerializer(SECRET, { salt: 'fuzz', signerOptions: { now } });
  const compressed = samplePayloads(seed + 1, compressibleJson).map((value) => plain.dumps(value));
  if (!compressed.every((token) => token.startsWith('.'))) {
    throw new Error('The compressible payloads did not compress: the fuzz target is broken.');
  }
  const starlette = new StarletteSessionSerializer(SECRET, { now });
  const loadsTimed = (candidate: string): Verdict =>
    verdictOf(() => plain.loads(candidate, { maxAge: MAX_AGE }), judgeTimed);
  return [
    {
      name: 'Signer',
      tokens: texts.map((text) => signer.sign(text)),
      verify: (candidate) => verdictOf(() => signer.unsign(candidate), judgeSigned),
    },
    {
      name: 'TimestampSigner',
      tokens: texts.map((text) => timestampSigner.sign(text)),
      verify: (candidate) =>
        verdictOf(() => timestampSigner.unsign(candidate, { maxAge: MAX_AGE }), judgeTimed),
    },
    {
      name: 'URLSafeTimedSerializer',
      tokens: samplePayloads(seed + 2, smallJson).map((value) => plain.dumps(value)),
      verify: loadsTimed,
    },
    { name: 'URLSafeTimedSerializer (zlib)', tokens: compressed, verify: loadsTimed },
    {
      name: 'StarletteSessionSerializer',
      tokens: samplePayloads(seed + 3, sessionObject).map((value) =>
        starlette.dumps(value as Record<string, unknown>),
      ),
      verify: (candidate) => verdictOf(() => starlette.loads(candidate), judgeTimed),
    },
  ];
}

/**
 * A sealer on a two-key ring, with tokens under both keys, so splices move key ids and bodies
 * between tokens of different keys.
 */
function sealerTarget(seed: number, backend: 'node' | 'sodium'): FuzzTarget {
  const options = { context: 'fuzz', now, backend } as const;
  const sealer = new Sealer(
    [
      { id: 'new', secret: SECRET },
      { id: 'old', secret: OLD_SECRET },
    ],
    options,
  );
  const retired = new Sealer([{ id: 'old', secret: OLD_SECRET }], options);
  const values = samplePayloads(seed + 4, smallJson);
  return {
    name: `Sealer (${backend})`,
    tokens: values.map((value, i) => (i % 2 === 0 ? sealer : retired).seal(value)),
    verify: (candidate) => verdictOf(() => sealer.unseal(candidate), judgeSealed),
  };
}

/** The cookie value a server reads for the session cookie (RFC 6265bis §5.8.3), raw. */
function cookieValueIn(header: string): string {
  const end = header.indexOf(';');
  return header
    .slice(COOKIE_NAME.length + 1, end === -1 ? undefined : end)
    .replace(/^[ \t]+|[ \t]+$/g, '');
}

/**
 * The session cookie through `createSessionManager`: 32 live sessions, each owned by another
 * user; a mutated cookie must give an anonymous session, never the original or another one.
 */
async function sessionTarget(mode: 'store' | 'sealed'): Promise<FuzzTarget> {
  const events: SessionEvent[] = [];
  const common = { now, onEvent: (event: SessionEvent) => events.push(event) };
  const manager = createSessionManager<{ owner: string }>(
    mode === 'store'
      ? { ...common, store: new MemoryStore({ now, sweepIntervalMs: 0 }) }
      : { ...common, secrets: [SECRET, OLD_SECRET] },
  );
  const requestWith = (value: string): { headers: IncomingHttpHeaders } => ({
    headers: { cookie: `${COOKIE_NAME}=${value}` },
  });
  const cookies: string[] = [];
  for (let i = 0; i < 32; i++) {
    const session = manager.fromRequest({ headers: {} });
    await session.set('owner', `user-${i}`);
    const [line] = (await session.commit()).setCookies;
    if (line === undefined) throw new Error('A new session set no cookie.');
    cookies.push(cookieValueIn(line.slice(0, line.indexOf(';'))));
  }
  const reasons = new Set(
    mode === 'store' ? ['malformed', 'unknown'] : ['malformed', 'forged', 'unknown'],
  );
  return {
    name: `session cookie (${mode})`,
    tokens: cookies.slice(0, TOKENS_PER_TARGET),
    async verify(candidate) {
      events.length = 0;
      let owner: string | undefined;
      try {
        owner = await manager.fromRequest(requestWith(candidate)).get('owner');
      } catch (error) {
        return { unexpected: String(error) };
      }
      if (owner !== undefined) return 'accepted';
      const odd = events.find((event) => event.type !== 'rejected' || !reasons.has(event.reason));
      return odd === undefined ? 'rejected' : { unexpected: `event ${JSON.stringify(odd)}` };
    },
    equivalent: (candidate, original) => cookieValueIn(`${COOKIE_NAME}=${candidate}`) === original,
  };
}

/** Every target this machine can run, from one seed; libsodium's only when it loads. */
export async function createTargets(
  seed: number,
): Promise<{ targets: FuzzTarget[]; skipped: SkippedTarget[] }> {
  const skipped: SkippedTarget[] = [];
  const targets = [...signerTargets(seed), sealerTarget(seed, 'node')];
  if (installedSodium() === undefined) {
    skipped.push({ name: 'Sealer (sodium)', reason: 'sodium-native did not load' });
  } else {
    targets.push(sealerTarget(seed, 'sodium'));
  }
  targets.push(await sessionTarget('store'), await sessionTarget('sealed'));
  for (const target of targets) {
    for (const token of target.tokens) {
      if ((await target.verify(token)) !== 'accepted') {
        throw new Error(`${target.name} refused its own token: the fuzz target is broken.`);
      }
    }
  }
  return { targets, skipped };
}
