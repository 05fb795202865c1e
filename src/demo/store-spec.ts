import { join } from 'node:path';
import { ConfigError } from '../errors.js';

/** Where the demo keeps its sessions, parsed from `TESSERA_STORE`. */
export type StoreSpec =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'memory' }
  | { readonly kind: 'cookie' }
  | { readonly kind: 'redis'; readonly url: string }
  | { readonly kind: 'postgres'; readonly url: string };

/**
 * Parses a `TESSERA_STORE` value: `sqlite:PATH`, `memory`, `cookie` (sealed stateless
 * sessions), `redis://…`/`rediss://…` or `postgres://…`/`postgresql://…`. Empty or absent
 * means SQLite at `demo.db` in `dataDir`.
 * @throws {ConfigError} for anything else.
 */
export function parseStoreSpec(value: string | undefined, dataDir: string): StoreSpec {
  if (value === undefined || value === '')
    return { kind: 'sqlite', path: join(dataDir, 'demo.db') };
  if (value === 'memory' || value === 'cookie') return { kind: value };
  if (value.startsWith('sqlite:') && value.length > 'sqlite:'.length) {
    return { kind: 'sqlite', path: value.slice('sqlite:'.length) };
  }
  if (URL.canParse(value)) {
    if (/^rediss?:\/\//.test(value)) return { kind: 'redis', url: value };
    if (/^postgres(?:ql)?:\/\//.test(value)) return { kind: 'postgres', url: value };
  }
  // The value may be a URL with a password in it: never echo it.
  throw new ConfigError(
    'TESSERA_STORE must be sqlite:PATH, memory, cookie, redis://… or postgres://….',
  );
}

/** A description of the store that is safe to log: no password, no query string. */
export function describeStore(spec: StoreSpec): string {
  switch (spec.kind) {
    case 'sqlite':
      return `sqlite:${spec.path}`;
    case 'memory':
    case 'cookie':
      return spec.kind;
    case 'redis':
    case 'postgres': {
      const url = new URL(spec.url);
      return `${url.protocol}//${url.host}${url.pathname}`;
    }
  }
}
