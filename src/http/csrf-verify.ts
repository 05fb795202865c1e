import type { Session } from '../session/index.js';
import { type CsrfProtection, type CsrfRequest, isSafeMethod } from './csrf.js';
import { type FormLike, submittedCsrfToken, verifyCsrfToken } from './csrf-token.js';

/**
 * Both CSRF defences for one request, as every adapter's middleware runs them (OWASP CSRF
 * Prevention Cheat Sheet, defence in depth): the browser's `Sec-Fetch-Site`/`Origin`
 * headers through `protection`, then, for an unsafe method, the synchronizer token sent in
 * the `x-csrf-token` header or the form's `csrf_token` field (checklist CS-02).
 * @throws {CsrfError} 403 when either defence refuses the request.
 */
export async function verifyCsrf<T extends object>(
  protection: CsrfProtection,
  session: Session<T>,
  request: CsrfRequest,
  form?: FormLike,
): Promise<void> {
  protection.check(request);
  if (isSafeMethod(request.method)) return;
  await verifyCsrfToken(session, submittedCsrfToken(request.headers, form));
}
