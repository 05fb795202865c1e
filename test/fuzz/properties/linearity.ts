/**
 * Parse time against input size on adversarial shapes (security.md CP-07, tough-cookie
 * CVE-2016-1000232). For each shape, an input of size n and one of size 16n are timed in the
 * same run, interleaved, and the median of the per-round ratios is kept: linear work gives
 * about 16, quadratic about 256. Machine speed cancels out; noise mostly does too.
 */
import { performance } from 'node:perf_hooks';
import { getAllCookies, parseCookie } from '../../../src/cookie/parse.js';
import { parseSetCookie } from '../../../src/cookie/set-cookie-parse.js';

/** How much larger the second input is. */
export const SCALE = 16;

/** The largest ratio accepted: a quarter of quadratic's 256, four times linear's 16. */
export const MAX_RATIO = 64;

/** A parser fed one family of inputs. */
export interface ScalingCase {
  readonly name: string;
  readonly parse: (input: string) => unknown;
  /** An input of about `n` characters. */
  readonly build: (n: number) => string;
}

/** `piece` repeated to about `n` characters, at least once. */
const fill = (piece: string, n: number): string =>
  piece.repeat(Math.max(1, Math.round(n / piece.length)));

/**
 * Pairs `k0=…; k1=…` to about `n` characters. Names cycle through 100, so that the object stays
 * in V8's fast mode: past about 1000 keys V8 switches to dictionary mode, whose inserts cost
 * up to ten times more once the table outgrows the CPU caches (plateauing, not growing
 * quadratically), a cost of the engine's objects that would drown the parser's own.
 */
const pairs = (n: number, pair: (i: number) => string): string => {
  const parts: string[] = [];
  for (let i = 0, length = 0; length < n; i++) {
    parts.push(pair(i % 100));
    length += parts.at(-1)!.length + 2;
  }
  return parts.join('; ');
};

/** Shapes for the `Cookie` header parsers. */
const COOKIE_SHAPES: readonly (readonly [string, (n: number) => string])[] = [
  ['"=" without ";"', (n) => fill('=', n)],
  ['";" only', (n) => fill(';', n)],
  ['pairs without "="', (n) => fill('a;', n)],
  ['nameless pairs', (n) => fill('=;', n)],
  ['pairs without "=" before one "="', (n) => fill('x;', n) + 'a=1'],
  ['many pairs', (n) => pairs(n, (i) => `k${i}=v${i}`)],
  ['one name repeated', (n) => fill('a=1; ', n)],
  ['long whitespace around a name and value', (n) => `a${fill(' ', n / 2)}=${fill('\t', n / 2)}b`],
  ['whitespace-only pairs', (n) => fill(' \t;', n)],
  ['"%" runs in a value', (n) => 'a=' + fill('%', n)],
  ['escapes in a value', (n) => 'a=' + fill('%41', n)],
  ['malformed UTF-8 escapes in a value', (n) => 'a=' + fill('%E0', n)],
  ['an escape in every pair', (n) => pairs(n, (i) => `k${i}=%41`)],
  ['"%" runs in a name', (n) => fill('%', n) + '=1'],
  ['"%" in pairs without "="', (n) => fill('%;', n) + 'a=%41'],
  ['double quotes', (n) => 'a=' + fill('"', n)],
  ['quoted pairs', (n) => pairs(n, (i) => `k${i}="v"`)],
  ['"=" runs in a value', (n) => 'a=' + fill('=', n)],
];

/** Shapes for `parseSetCookie`, whose attributes run through further parsers. */
const SET_COOKIE_SHAPES: readonly (readonly [string, (n: number) => string])[] = [
  ['attributes without values', (n) => 'a=b' + fill('; x', n)],
  ['";" only', (n) => fill(';', n)],
  ['"=" only', (n) => fill('=', n)],
  ['attributes with "="', (n) => 'a=b;' + fill('x=', n)],
  ['whitespace runs', (n) => 'a=b;' + fill(' ', n) + 'Secure'],
  ['"%" runs in the value', (n) => 'a=' + fill('%', n)],
  ['Expires dates', (n) => 'a=b' + fill('; Expires=Wed, 21 Oct 2015 07:28:00 GMT', n)],
  ['Expires of 1000 date-like tokens', (n) => 'a=b' + fill(`; expires=${'1:2:3 '.repeat(166)}`, n)],
  ['Max-Age of 1000 digits', (n) => 'a=b' + fill(`; Max-Age=${'9'.repeat(1000)}`, n)],
  ['Domain and SameSite in capitals', (n) => 'a=b' + fill('; DOMAIN=.A.EXAMPLE; SAMESITE=LAX', n)],
  ['attribute values over 1024 octets', (n) => 'a=b' + fill(`; Path=/${'x'.repeat(1100)}`, n)],
];

/** Every parser × shape pair. */
export const SCALING_CASES: readonly ScalingCase[] = [
  ...COOKIE_SHAPES.map(([shape, build]) => ({
    name: `parseCookie: ${shape}`,
    parse: parseCookie,
    build,
  })),
  ...COOKIE_SHAPES.map(([shape, build]) => ({
    name: `getAllCookies: ${shape}`,
    parse: (input: string) => getAllCookies(input, 'a'),
    build,
  })),
  ...SET_COOKIE_SHAPES.map(([shape, build]) => ({
    name: `parseSetCookie: ${shape}`,
    parse: parseSetCookie,
    build,
  })),
];

/** The least time a sample takes, in milliseconds: long enough for the timer's resolution. */
const SAMPLE_MS = 0.5;

/** Milliseconds for `reps` calls. */
function timeOf(parse: (input: string) => unknown, input: string, reps: number): number {
  let result: unknown;
  const start = performance.now();
  for (let i = 0; i < reps; i++) result = parse(input);
  const elapsed = performance.now() - start;
  // Reading the result keeps the optimizer from dropping the calls.
  if (result === undefined) throw new Error(`${parse.name} returned nothing.`);
  return elapsed;
}

/** Calls per sample so that one sample takes at least `ms` (at most 2^16 calls). */
function repsFor(parse: (input: string) => unknown, input: string, ms: number): number {
  let reps = 1;
  while (reps < 1 << 16 && timeOf(parse, input, reps) < ms) reps *= 2;
  return reps;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
};

/**
 * The median over `rounds` of time(16n) / time(n) per call, the two inputs timed back to back
 * in each round so both see the same machine load, each the fastest of three samples.
 */
function medianRatio(scalingCase: ScalingCase, n: number, rounds: number): number {
  const { parse, build } = scalingCase;
  const small = build(n);
  const large = build(n * SCALE);
  const smallReps = repsFor(parse, small, SAMPLE_MS);
  const largeReps = repsFor(parse, large, SAMPLE_MS);
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let perSmall = Infinity;
    let perLarge = Infinity;
    // The fastest of three samples each: noise only ever adds time.
    for (let sample = 0; sample < 3; sample++) {
      perSmall = Math.min(perSmall, timeOf(parse, small, smallReps) / smallReps);
      perLarge = Math.min(perLarge, timeOf(parse, large, largeReps) / largeReps);
    }
    ratios.push(perLarge / perSmall);
  }
  return median(ratios);
}

/**
 * The scaling ratio of one case: the lowest median of up to `attempts` measurements, stopping
 * at the first under {@link MAX_RATIO}. Another process or a garbage collection can inflate
 * one measurement on a shared machine; quadratic work is over the limit every time.
 */
export function scalingRatio(
  scalingCase: ScalingCase,
  n: number,
  rounds = 5,
  attempts = 3,
): number {
  let best = Infinity;
  for (let attempt = 0; attempt < attempts && best >= MAX_RATIO; attempt++) {
    best = Math.min(best, medianRatio(scalingCase, n, rounds));
  }
  return best;
}
