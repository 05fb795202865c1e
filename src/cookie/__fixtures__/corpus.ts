/**
 * Loads the JSON corpora beside this file, turning the markers JSON cannot express
 * (`$date`, `$number`, `$repeat`, `$concat`) into the values they stand for.
 */
import { readFileSync } from 'node:fs';

export interface CorpusRow {
  readonly id: string;
  readonly category: string;
  readonly layer: 'parser' | 'serializer' | 'expire';
  readonly input: unknown;
  readonly expect: string;
  readonly output?: unknown;
  readonly getAll?: Readonly<Record<string, readonly string[]>>;
  readonly pollute?: Readonly<Record<string, unknown>>;
  readonly encode?: 'identity';
  readonly source: string;
}

export interface RealWorldCorpus {
  readonly cookie: Readonly<Record<string, readonly string[]>>;
  readonly setCookie: Readonly<Record<string, readonly string[]>>;
}

function revive(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const marker = value as Readonly<Record<string, unknown>>;
  if (Object.hasOwn(marker, '$date')) return new Date(marker['$date'] as string | number);
  if (Object.hasOwn(marker, '$number')) return Number(marker['$number']);
  if (Object.hasOwn(marker, '$repeat')) {
    const [text, count] = marker['$repeat'] as [string, number];
    return text.repeat(count);
  }
  if (Object.hasOwn(marker, '$concat')) return (marker['$concat'] as string[]).join('');
  return value;
}

function load(file: string): unknown {
  return JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'), revive);
}

export const securityCorpus = (load('./security-corpus.json') as { rows: CorpusRow[] }).rows;

export const realWorldCorpus = load('./real-world.json') as RealWorldCorpus;
