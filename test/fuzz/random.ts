/**
 * A small seeded generator (mulberry32), so that every fuzz run can be replayed from the seed it
 * prints. Not for secrets: it only picks which mutations to try.
 */
import { randomInt } from 'node:crypto';

/** Uniform choices drawn from one seed. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, max). */
  below(max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A copy of `items` in random order (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[];
}

/** mulberry32: floats in [0, 1) whose whole sequence is fixed by `seed` (a 32-bit integer). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

/** A generator whose whole sequence is fixed by `seed` (a 32-bit integer). */
export function createRng(seed: number): Rng {
  const next = seededRandom(seed);
  const below = (max: number): number => Math.floor(next() * max);
  return {
    next,
    below,
    pick: <T>(items: readonly T[]): T => items[below(items.length)]!,
    shuffled<T>(items: readonly T[]): T[] {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = below(i + 1);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    },
  };
}

/**
 * The seed in `FUZZ_SEED` (decimal), or a fresh random one. Throws on a malformed value rather
 * than silently fuzzing with another seed than the one asked for.
 */
export function seedFromEnv(value: string | undefined = process.env['FUZZ_SEED']): number {
  if (value === undefined || value === '') return randomInt(0, 2 ** 31);
  const seed = Number(value);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new RangeError(`FUZZ_SEED must be an integer from 0 to 2^32 - 1, got ${value}.`);
  }
  return seed;
}
