/**
 * What every adapter answers and adds, framework-free: refusals and failures as responses,
 * a commit's headers merged into a response's, and plain cookies with secure defaults.
 */
import {
  SECURE_COOKIE_DEFAULTS,
  expireSetCookie,
  stringifySetCookie,
  type ExpireSetCookieOptions,
  type SetCookieOptions,
} from '../cookie/index.js';
import { SessionError, StoreError, type CommitResult } from '../session/index.js';
import type { FormLike } from './csrf-token.js';
import { HttpError, toResponse, type HttpErrorResponse } from './errors.js';

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

/** A failed request's answer, as every adapter sends it. */
export interface Failure {
  readonly status: 500 | 503;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** 503 JSON for an outage, 500 JSON without details for anything else; never cached. */
export function failure(error: unknown): Failure {
  return isUnavailable(error)
    ? {
        status: 503,
        body: UNAVAILABLE_BODY,
        headers: {
          'content-type': 'application/json',
          'cache-control': 'no-store',
          'retry-after': '1',
        },
      }
    : {
        status: 500,
        body: '{"detail":"Internal Server Error"}',
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      };
}

/**
 * The response for a refusal a handler threw on purpose (401 guard, 403 CSRF, 422 cookie
 * parameter), or `undefined` for any other error.
 */
export function httpErrorResponse(error: unknown): HttpErrorResponse | undefined {
  return error instanceof HttpError ? toResponse(error) : undefined;
}

/**
 * The answer to an error an adapter handles itself: an {@link HttpError}'s refusal, or 503
 * for a store outage. `undefined` for anything else, which goes to the framework's own
 * error handling.
 */
export function handledResponse(error: unknown): HttpErrorResponse | Failure | undefined {
  return httpErrorResponse(error) ?? (isUnavailable(error) ? failure(error) : undefined);
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
  for (const name in headers) {
    const value = headers[name] as string;
    const current = target.get(name);
    if (name === 'vary') {
      if (current == null) target.set(name, value);
      else if (!variesOnCookie(current)) target.append(name, value);
    } else if (name !== 'cache-control' || current == null) {
      target.set(name, value);
    }
  }
}

/** True when a `Vary` value already names `Cookie`, or `*` (RFC 9110 §12.5.5). */
function variesOnCookie(vary: string): boolean {
  return vary.split(',').some((token) => {
    const name = token.trim().toLowerCase();
    return name === 'cookie' || name === '*';
  });
}

/**
 * A plain cookie's `Set-Cookie` line: {@link SECURE_COOKIE_DEFAULTS} (`HttpOnly`, `Secure`,
 * `SameSite=Lax`, `Path=/`; OWASP ASVS 5.0 3.3.1–3.3.4) under the caller's attributes, so
 * opting out is explicit (`{ secure: false }`). Validated by the cookie serializer.
 * @throws {CookieError} for an invalid name, value or attribute.
 */
export function plainCookie(name: string, value: string, attributes?: SetCookieOptions): string {
  return stringifySetCookie({ ...SECURE_COOKIE_DEFAULTS, ...attributes, name, value });
}

/**
 * The `Set-Cookie` line deleting a plain cookie set by {@link plainCookie} with the same
 * `attributes` (RFC 6265bis §4.1.2: the browser matches on name, `Domain` and `Path`).
 * @throws {CookieError} for an invalid name or attribute.
 */
export function plainCookieDeletion(name: string, attributes?: ExpireSetCookieOptions): string {
  return expireSetCookie(name, { ...SECURE_COOKIE_DEFAULTS, ...attributes });
}

/** A body a framework parsed, as a form for the CSRF token, or `undefined` when not one. */
export function formOf(body: unknown): FormLike | undefined {
  return typeof body === 'object' && body !== null ? (body as FormLike) : undefined;
}
