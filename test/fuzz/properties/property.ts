/**
 * The shape every shared property takes, so that one definition runs quickly in `npm test`
 * (vitest) and long in `npm run fuzz` (a plain script), and the arbitraries several suites use.
 * Assertions use `node:assert`, which works in both.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';

/** A named fast-check property with the number of runs it gets in `npm test`. */
export interface PropertyCase {
  readonly name: string;
  /** Runs in `npm test`; `npm run fuzz` multiplies them. */
  readonly runs: number;
  /** Runs the property; throws fast-check's report (with seed and counterexample) on failure. */
  check(runs: number, seed?: number): void;
}

/** Wraps a fast-check property as a {@link PropertyCase}. */
export function propertyCase<Ts extends [unknown, ...unknown[]]>(
  name: string,
  runs: number,
  property: fc.IProperty<Ts>,
): PropertyCase {
  return {
    name,
    runs,
    check(numRuns, seed) {
      fc.assert(property, seed === undefined ? { numRuns } : { numRuns, seed });
    },
  };
}

/** Any UTF-16 code unit, lone surrogates included. */
export const codeUnit = fc
  .integer({ min: 0, max: 0xffff })
  .map((code) => String.fromCharCode(code));

/** Any Latin-1 character, controls included: what Node makes of raw header bytes. */
export const latin1Char = fc
  .integer({ min: 0, max: 0xff })
  .map((code) => String.fromCharCode(code));

/** Units of text for JSON strings and keys: any code unit, astral characters, and escapes. */
const textUnit = fc.oneof(
  codeUnit,
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
  fc.constantFrom('"', '\\', '/', '\u2028', '\u2029', '\u007f', '\u0000', '\ufeff', '__proto__'),
);

/** Well-formed Unicode text: whole code points only, so UTF-8 can carry it. */
export const wellFormedText = fc.string({ unit: 'binary', maxLength: 64 });

/**
 * Any JSON value: full-range doubles, strings of any code units (lone surrogates included, which
 * `JSON.stringify` escapes as `\udXXX`), `__proto__` keys. Its JSON round trip is
 * {@link viaJson}: `-0` comes back as `0`, in every token format, since JSON (and Python's
 * `json.dumps` of an int) has no negative zero.
 */
export const anyJson = fc.jsonValue({ maxDepth: 3, stringUnit: textUnit });

/** A JSON object, as session formats require at the top. */
export const anyJsonObject = fc
  .uniqueArray(fc.tuple(fc.string({ unit: textUnit, maxLength: 8 }), anyJson), {
    maxLength: 5,
    selector: ([key]) => key,
  })
  .map((entries) => Object.fromEntries(entries) as Record<string, unknown>);

/** What a JSON value is after a trip through JSON text. */
export const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

type ErrorClass = abstract new (...args: never[]) => Error;

/** Asserts that `run` throws exactly an instance of `type` with the stable `code`. */
export function assertThrowsCode(run: () => unknown, type: ErrorClass, code: string): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  const seen =
    thrown instanceof Error
      ? `${thrown.constructor.name} ${String((thrown as { code?: unknown }).code)}: ${thrown.message}`
      : String(thrown);
  assert.ok(thrown instanceof type, `expected ${type.name} ${code}, got ${seen}`);
  assert.equal((thrown as Error & { code?: unknown }).code, code, seen);
}
