/**
 * Mutations of a valid token, for checking that a verifier accepts exactly the token it issued
 * and nothing else (security.md §8 G, H, I, K). Tokens are dot-separated; base64 segments get
 * every non-canonical re-encoding of the same bytes, which a lenient decoder would accept.
 */
import type { Rng } from './random.js';

/** What a mutation did, for the report. */
export type MutationKind =
  | 'truncate'
  | 'delete'
  | 'case-flip'
  | 'separator'
  | 'segment'
  | 'base64-padding'
  | 'base64-alphabet'
  | 'base64-spare-bits'
  | 'percent-encode'
  | 'quote'
  | 'whitespace'
  | 'extend'
  | 'splice'
  | 'substitute-byte'
  | 'substitute-alphabet'
  | 'substitute-unicode'
  | 'insert'
  | 'multi';

/** A string derived from a valid token. */
export interface Mutation {
  readonly kind: MutationKind;
  readonly value: string;
}

const SEPARATOR = '.';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Every character our token formats use, and the ones a re-encoding would add. */
const TOKEN_ALPHABET = Array.from(`${BASE64URL}+/=.`);
/** Whitespace a transport or a lenient parser might add or strip, including non-ASCII spaces. */
const WHITESPACE = [' ', '\t', '\n', '\r', '\r\n', '\0', '\u000b', '\u00a0', '\u2000', '\ufeff'];

const replaceAt = (text: string, at: number, by: string, length = 1): string =>
  text.slice(0, at) + by + text.slice(at + length);

interface Segment {
  readonly text: string;
  readonly start: number;
}

function segmentsOf(token: string): Segment[] {
  const segments: Segment[] = [];
  let start = 0;
  for (const text of token.split(SEPARATOR)) {
    segments.push({ text, start });
    start += text.length + 1;
  }
  return segments;
}

const withSegment = (token: string, segment: Segment, text: string): string =>
  replaceAt(token, segment.start, text, segment.text.length);

function* truncations(token: string): Generator<Mutation> {
  for (let length = 0; length < token.length; length++) {
    yield { kind: 'truncate', value: token.slice(0, length) };
  }
}

function* deletions(token: string): Generator<Mutation> {
  for (let at = 0; at < token.length; at++)
    yield { kind: 'delete', value: replaceAt(token, at, '') };
}

function* caseFlips(token: string): Generator<Mutation> {
  for (let at = 0; at < token.length; at++) {
    const char = token.charAt(at);
    const flipped = char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase();
    if (flipped !== char) yield { kind: 'case-flip', value: replaceAt(token, at, flipped) };
  }
  yield { kind: 'case-flip', value: token.toUpperCase() };
  yield { kind: 'case-flip', value: token.toLowerCase() };
}

/** Doubled, moved and dropped separators. */
function* separatorMoves(token: string): Generator<Mutation> {
  for (let at = token.indexOf(SEPARATOR); at !== -1; at = token.indexOf(SEPARATOR, at + 1)) {
    yield { kind: 'separator', value: replaceAt(token, at, SEPARATOR + SEPARATOR) };
    yield { kind: 'separator', value: replaceAt(token, at, SEPARATOR.repeat(3)) };
    if (at > 0)
      yield { kind: 'separator', value: replaceAt(token, at - 1, SEPARATOR + token[at - 1]!, 2) };
    if (at + 1 < token.length) {
      yield { kind: 'separator', value: replaceAt(token, at, token[at + 1]! + SEPARATOR, 2) };
    }
  }
  yield { kind: 'separator', value: SEPARATOR + token };
  yield { kind: 'separator', value: token + SEPARATOR };
}

/** Segments swapped, duplicated and dropped. */
function* segmentMoves(token: string): Generator<Mutation> {
  const parts = token.split(SEPARATOR);
  for (let i = 0; i < parts.length; i++) {
    const dropped = parts.filter((_, j) => j !== i).join(SEPARATOR);
    yield { kind: 'segment', value: dropped };
    yield { kind: 'segment', value: [...parts.slice(0, i + 1), ...parts.slice(i)].join(SEPARATOR) };
    if (i + 1 < parts.length) {
      const swapped = [...parts];
      [swapped[i], swapped[i + 1]] = [parts[i + 1]!, parts[i]!];
      yield { kind: 'segment', value: swapped.join(SEPARATOR) };
    }
  }
}

/**
 * Other spellings of the same bytes for each base64 segment (RFC 4648 §3.5, security.md §8 I):
 * padding added or removed, the other alphabet's `+ /` or `- _`, and every value of the spare
 * bits in the last character.
 */
function* base64Respellings(token: string): Generator<Mutation> {
  for (const segment of segmentsOf(token)) {
    const { text } = segment;
    const standard = /^[A-Za-z0-9+/]+={0,2}$/.test(text) && !/^[A-Za-z0-9_-]+$/.test(text);
    if (!standard && !/^[A-Za-z0-9_-]+$/.test(text)) continue;
    const core = text.replace(/=+$/, '');
    if (core !== text) yield { kind: 'base64-padding', value: withSegment(token, segment, core) };
    for (const padding of ['=', '==', '===']) {
      yield { kind: 'base64-padding', value: withSegment(token, segment, text + padding) };
    }
    const [from, to] = standard ? ['+/', '-_'] : ['-_', '+/'];
    let allSwapped = '';
    for (let at = 0; at < text.length; at++) {
      const index = from.indexOf(text.charAt(at));
      allSwapped += index === -1 ? text.charAt(at) : to.charAt(index);
      if (index !== -1) {
        const value = withSegment(token, segment, replaceAt(text, at, to.charAt(index)));
        yield { kind: 'base64-alphabet', value };
      }
    }
    if (allSwapped !== text) {
      yield { kind: 'base64-alphabet', value: withSegment(token, segment, allSwapped) };
    }
    const spareBits = [0, 0, 4, 2][core.length % 4]!;
    const alphabet = standard ? BASE64 : BASE64URL;
    const last = alphabet.indexOf(core.charAt(core.length - 1));
    for (let bits = 0; spareBits > 0 && last !== -1 && bits < 1 << spareBits; bits++) {
      const index = (last & ~((1 << spareBits) - 1)) | bits;
      if (index === last) continue;
      const respelled =
        replaceAt(core, core.length - 1, alphabet.charAt(index)) + text.slice(core.length);
      yield { kind: 'base64-spare-bits', value: withSegment(token, segment, respelled) };
    }
  }
}

/** Each character as a percent escape, upper- and lower-case hex (what a URI decoder undoes). */
function* percentEncodings(token: string): Generator<Mutation> {
  for (let at = 0; at < token.length; at++) {
    const hex = token.charCodeAt(at).toString(16).padStart(2, '0');
    yield { kind: 'percent-encode', value: replaceAt(token, at, `%${hex.toUpperCase()}`) };
    if (hex !== hex.toUpperCase())
      yield { kind: 'percent-encode', value: replaceAt(token, at, `%${hex}`) };
  }
}

function* wrappings(token: string): Generator<Mutation> {
  yield { kind: 'quote', value: `"${token}"` };
  yield { kind: 'quote', value: `"${token}` };
  yield { kind: 'quote', value: `${token}"` };
  yield { kind: 'quote', value: `'${token}'` };
  for (const space of WHITESPACE) {
    yield { kind: 'whitespace', value: space + token };
    yield { kind: 'whitespace', value: token + space };
    yield { kind: 'whitespace', value: replaceAt(token, token.length >> 1, space, 0) };
  }
}

function* extensions(token: string): Generator<Mutation> {
  for (const char of TOKEN_ALPHABET) yield { kind: 'extend', value: token + char };
  yield { kind: 'extend', value: token + token };
  yield { kind: 'extend', value: token + SEPARATOR + token };
  yield { kind: 'extend', value: token + '\u00e9' };
  yield { kind: 'extend', value: token + ';' };
}

/**
 * Parts of other valid tokens grafted in: each segment replaced by the donor's segment at the
 * same place, and the donor's head joined to this token's tail at every separator.
 */
function* splices(token: string, donors: readonly string[]): Generator<Mutation> {
  const own = segmentsOf(token);
  for (const donor of donors) {
    const theirs = segmentsOf(donor);
    for (let i = 0; i < own.length && i < theirs.length; i++) {
      const segment = own[i]!;
      const graft = theirs[i]!;
      yield { kind: 'splice', value: withSegment(token, segment, graft.text) };
      if (i > 0)
        yield { kind: 'splice', value: donor.slice(0, graft.start) + token.slice(segment.start) };
    }
  }
}

/**
 * Every structural mutation of `token`: truncation at each length, deletion and case flip at
 * each position, separator and segment moves, base64 re-encodings, percent escapes, quotes,
 * whitespace, extensions and splices with `donors` (other valid tokens of the same kind).
 * Duplicates and `token` itself may occur; {@link mutationsOf} drops them.
 */
export function structuralMutations(token: string, donors: readonly string[] = []): Mutation[] {
  return [
    ...truncations(token),
    ...deletions(token),
    ...caseFlips(token),
    ...separatorMoves(token),
    ...segmentMoves(token),
    ...base64Respellings(token),
    ...percentEncodings(token),
    ...wrappings(token),
    ...extensions(token),
    ...splices(token, donors),
  ];
}

const byte = (rng: Rng): string => String.fromCharCode(rng.below(256));
const alphabetChar = (rng: Rng): string => rng.pick(TOKEN_ALPHABET);
const anyChar = (rng: Rng): string => (rng.below(2) === 0 ? byte(rng) : alphabetChar(rng));

/**
 * Endless random point mutations: sweeps over the positions in random order, substituting a
 * random byte (0–255 as a character), a random token character and a random UTF-16 code unit,
 * and inserting one, at each; with a random extension and a multi-point mutation per position.
 */
export function* randomMutations(token: string, rng: Rng): Generator<Mutation> {
  if (token === '') return;
  const positions = Array.from({ length: token.length }, (_, at) => at);
  for (;;) {
    for (const at of rng.shuffled(positions)) {
      yield { kind: 'substitute-byte', value: replaceAt(token, at, byte(rng)) };
      yield { kind: 'substitute-alphabet', value: replaceAt(token, at, alphabetChar(rng)) };
      yield { kind: 'insert', value: replaceAt(token, at, anyChar(rng), 0) };
      if (rng.below(4) === 0) {
        yield {
          kind: 'substitute-unicode',
          value: replaceAt(token, at, String.fromCharCode(rng.below(0x10000))),
        };
      }
      if (rng.below(4) === 0) {
        let tail = '';
        for (let n = 1 + rng.below(8); n > 0; n--) tail += anyChar(rng);
        yield { kind: 'extend', value: token + tail };
      }
      if (rng.below(4) === 0) {
        let value = token;
        for (let n = 2 + rng.below(3); n > 0; n--) {
          value = replaceAt(value, rng.below(value.length), alphabetChar(rng));
        }
        yield { kind: 'multi', value };
      }
    }
  }
}

/** Where the randomness comes from, and which other valid tokens to splice in. */
export interface MutationPlan {
  readonly rng: Rng;
  /** Other valid tokens of the same kind. */
  readonly donors?: readonly string[];
}

/**
 * Distinct strings that differ from `token` and from every donor (those are valid tokens, not
 * mutations), without end: the structural mutations in random order, then random point
 * mutations. Take as many as wanted.
 */
export function* mutationsOf(token: string, plan: MutationPlan): Generator<Mutation> {
  const seen = new Set<string>([token, ...(plan.donors ?? [])]);
  for (const source of [
    plan.rng.shuffled(structuralMutations(token, plan.donors)),
    randomMutations(token, plan.rng),
  ]) {
    for (const mutation of source) {
      if (seen.has(mutation.value)) continue;
      seen.add(mutation.value);
      yield mutation;
    }
  }
}
