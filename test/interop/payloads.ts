/**
 * Deterministic JSON payloads for the interop tests: the same seed gives the same list on
 * every run, so a failure names a reproducible case.
 *
 * Every value prints the same in Python and JavaScript once parsed on the other side:
 * object keys start with a letter (JavaScript moves integer-like keys first), numbers
 * are safe integers or non-integral doubles (a double past 1e21 is a float in Python
 * but prints as an integer here), and strings are well-formed Unicode (Python cannot
 * encode a lone surrogate as UTF-8).
 */
import { seededRandom } from '../fuzz/random.js';

const PIECES = [
  'a',
  'Z',
  '0',
  ' ',
  '"',
  '\\',
  '/',
  '\n',
  '\t',
  '\u0001',
  '\u001f',
  '\u007f',
  'é',
  'ü',
  'ß',
  '漢',
  '字',
  '中文',
  '日本語',
  '한',
  '😀',
  '🎉',
  '👩‍💻',
  '\u2028',
  'مرحبا',
  'Ω',
  '€',
  '\ufeff',
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '.',
  '=',
  '<script>',
];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class PayloadGenerator {
  readonly #random: () => number;

  constructor(seed: number) {
    this.#random = seededRandom(seed);
  }

  int(max: number): number {
    return Math.floor(this.#random() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  text(maxPieces = 8): string {
    let out = '';
    for (let n = this.int(maxPieces + 1); n > 0; n--) out += this.pick(PIECES);
    return out;
  }

  number(): number {
    switch (this.int(5)) {
      case 0:
        return this.int(2_000_001) - 1_000_000;
      case 1:
        return this.pick([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 0, 1, -1]);
      case 2:
        return (this.int(20_001) - 10_000) / 8 + 1 / 16;
      case 3: {
        const value = this.#random() * 10 ** (this.int(17) - 8);
        return Number.isInteger(value) ? value + 0.5 : value;
      }
      default:
        return this.pick([0.1, -2.5e-7, 1.5e-5, 0.0001, 123.456, 1e-300, 6.02214076e-23]);
    }
  }

  key(): string {
    return this.int(40) === 0 ? '__proto__' : `k${this.text(3)}`;
  }

  value(depth = 0): Json {
    const kind = this.int(depth > 3 ? 5 : 8);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.int(2) === 0;
      case 2:
      case 3:
        return this.number();
      case 4:
        return this.text();
      case 5:
        return Array.from({ length: this.int(5) }, () => this.value(depth + 1));
      default:
        return this.object(depth + 1);
    }
  }

  object(depth = 0): { [key: string]: Json } {
    // fromEntries makes `__proto__` an own key, as JSON.parse does.
    return Object.fromEntries(
      Array.from({ length: this.int(5) }, () => [this.key(), this.value(depth + 1)]),
    );
  }

  /** Values big and repetitive enough that the URL-safe serializers compress them. */
  compressible(): Json {
    const unit = this.object(2);
    return this.pick<Json>([
      this.text(2).repeat(200 + this.int(400)),
      Array.from({ length: 30 + this.int(60) }, () => unit),
      { kdata: 'x'.repeat(500), knested: [unit, unit, unit, unit] },
    ]);
  }

  /** `count` payloads: the edge cases first, then generated ones, every 7th compressible. */
  payloads(count: number): Json[] {
    const fixed: Json[] = [{}, [], '', 0, null, true, false, { ka: [] }, [{}], 'é😀', [42]];
    const generated = Array.from({ length: count - fixed.length }, (_, i) =>
      i % 7 === 6 ? this.compressible() : this.value(),
    );
    return [...fixed, ...generated];
  }

  /** Non-empty objects, the shape a Starlette session has. */
  sessions(count: number): { [key: string]: Json }[] {
    return Array.from({ length: count }, (_, i) => {
      const session = this.object(1);
      session[`kid${i}`] = i % 5 === 0 ? this.compressible() : this.value(1);
      return session;
    });
  }
}
