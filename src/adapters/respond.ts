import { SessionError, StoreError, type CommitResult } from '../session/index.js';

/** The body of the 503 a store outage turns into (DESIGN.md "Errors"). */
export const UNAVAILABLE_BODY = '{"detail":"Session store unavailable"}';

/**
 * True for the faults that mean "try again later": the store is down, or concurrent writers
 * kept winning. They become 503, never an anonymous session (checklist MW-05, S12).
 */
export function isUnavailable(error: unknown): boolean {
  return (
    error instanceof StoreError ||
    (error instanceof SessionError && error.code === 'ERR_SESSION_CONFLICT')
  );
}

/** The session's headers merged into a response's, as a `Headers`-like target. */
export interface HeaderTarget {
  get(name: string): string | null | undefined;
  set(name: string, value: string): void;
  append(name: string, value: string): void;
}

/**
 * Adds a commit's headers: every `Set-Cookie` appended after the handler's own, `Cookie`
 * added to `Vary`, and `Cache-Control` only when the handler chose none.
 */
export function applyCommit(target: HeaderTarget, { setCookies, headers }: CommitResult): void {
  for (const line of setCookies) target.append('set-cookie', line);
  for (const [name, value] of Object.entries(headers)) {
    const current = target.get(name);
    if (name === 'vary') {
      const listed = (current ?? '').split(',').map((token) => token.trim().toLowerCase());
      if (!listed.includes('cookie') && !listed.includes('*')) target.append('vary', value);
    } else if (name !== 'cache-control' || current == null) {
      target.set(name, value);
    }
  }
}
