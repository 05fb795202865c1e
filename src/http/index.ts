/**
 * HTTP building blocks every adapter shares: FastAPI-style cookie parameters, session guards,
 * CSRF defence, and the errors that carry their status.
 */

// Errors and their responses
export {
  CookieParamError,
  CsrfError,
  HttpError,
  NOT_AUTHENTICATED_BODY,
  NotAuthenticatedError,
  toResponse,
  type CsrfReason,
  type HttpErrorCode,
  type HttpErrorResponse,
  type JsonValue,
  type ValidationDetail,
} from './errors.js';

// Cookie parameters
export {
  cookieParam,
  cookies,
  type CookieParam,
  type CookieParamOptions,
  type CookieSource,
} from './cookie-param.js';
export { isStandardSchema, validate, type StandardSchemaV1 } from './standard-schema.js';

// Guards
export {
  requireSession,
  type Authenticated,
  type GuardInput,
  type GuardOptions,
  type GuardSchemaOptions,
  type PickedData,
} from './guards.js';

// CSRF
export {
  CSRF_VARY,
  csrfProtection,
  isSafeMethod,
  type CsrfOptions,
  type CsrfProtection,
  type CsrfRequest,
} from './csrf.js';
export {
  CSRF_FIELD,
  CSRF_HEADER,
  CSRF_SESSION_KEY,
  csrfToken,
  rotateCsrfToken,
  submittedCsrfToken,
  verifyCsrfToken,
  type FormLike,
} from './csrf-token.js';
export { verifyCsrf } from './csrf-verify.js';
export type { HeadersLike } from './headers.js';

// Logout
export { CLEAR_SITE_DATA_COOKIES, logOut, type LogOutOptions } from './logout.js';
