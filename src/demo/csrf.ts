import type { IncomingMessage } from 'node:http';
import { nodeCsrfRequest } from '../adapters/node-http.js';
import {
  csrfProtection,
  isSafeMethod,
  submittedCsrfToken,
  verifyCsrfToken,
} from '../http/index.js';
import type { Session } from '../session/index.js';
import { mediaType, readFields } from './http.js';

/** The body types an HTML form can send, so the only ones a cross-site form can forge. */
const FORM_TYPES: ReadonlySet<string> = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
]);

const headersCheck = csrfProtection({ allowMissingOrigin: true });

/**
 * The demo's CSRF policy for unsafe requests (OWASP CSRF Prevention Cheat Sheet, defence in
 * depth; checklist CS-02, CS-05, CS-07):
 *
 * 1. Browser metadata first: `Sec-Fetch-Site: cross-site`, or an `Origin`/`Referer` of
 *    another origin, is refused with 403 whatever the body.
 * 2. A form body (`application/x-www-form-urlencoded`, `multipart/form-data`, `text/plain`:
 *    the types a cross-site `<form>` can send) must also carry the session's synchronizer
 *    token in its `csrf_token` field (or the `x-csrf-token` header). The pages render it,
 *    the login form included, whose token lives in a pre-session (login CSRF, CS-07).
 * 3. Any other body, JSON or none, passes when it carries neither `Origin` nor `Referer`:
 *    that is a non-browser client (curl, scripts). A browser sends `Origin` with every
 *    cross-origin unsafe request and cannot send JSON cross-site without a CORS preflight,
 *    which the demo never grants. The residual risk, a body-less post whose `Origin` and
 *    `Sec-Fetch-Site` a privacy proxy stripped, is accepted for the demo's JSON API.
 * @throws {CsrfError} 403 when the request fails the policy.
 */
export async function checkCsrf(request: IncomingMessage, session: Session<object>): Promise<void> {
  const csrfRequest = nodeCsrfRequest(request);
  headersCheck.check(csrfRequest);
  const type = mediaType(request);
  if (isSafeMethod(csrfRequest.method) || !FORM_TYPES.has(type)) return;
  // Only urlencoded forms are read; the demo renders no other kind.
  const form = type === 'application/x-www-form-urlencoded' ? await readFields(request) : undefined;
  await verifyCsrfToken(session, submittedCsrfToken(request.headers, form));
}
