import { TesseraError } from '../errors.js';

/** A JSON value, as an error body is sent. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** The stable codes of {@link HttpError} and its subclasses. */
export type HttpErrorCode = 'ERR_HTTP' | 'ERR_NOT_AUTHENTICATED' | 'ERR_CSRF' | 'ERR_COOKIE_PARAM';

/**
 * A request refused with an HTTP status. Every adapter answers it the same way, through
 * {@link toResponse}: `status`, the JSON `body`, and `headers`. The body is public: it never
 * holds a secret or a session cookie (OWASP ASVS 5.0 16.5.1).
 */
export class HttpError extends TesseraError {
  declare readonly code: HttpErrorCode;
  /** The HTTP status code, 4xx. */
  readonly status: number;
  /** The JSON body sent to the client. */
  readonly body: JsonValue;
  /** Extra response headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    body: JsonValue,
    options: {
      readonly code?: HttpErrorCode;
      readonly headers?: Readonly<Record<string, string>>;
    } & ErrorOptions = {},
  ) {
    const { code = 'ERR_HTTP', headers = {}, ...rest } = options;
    super(code, `The request was refused with HTTP ${status}.`, rest);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** The body of every 401 a guard answers, FastAPI's `HTTPBearer`/`OAuth2` wording. */
export const NOT_AUTHENTICATED_BODY = { detail: 'Not authenticated' } as const;

/** A guard found no authenticated session: 401 `{"detail":"Not authenticated"}`. */
export class NotAuthenticatedError extends HttpError {
  declare readonly code: 'ERR_NOT_AUTHENTICATED';

  constructor(options?: ErrorOptions) {
    super(401, NOT_AUTHENTICATED_BODY, { ...options, code: 'ERR_NOT_AUTHENTICATED' });
  }
}

/** Why a request failed the CSRF check; each is also the `detail` of the 403 body. */
export type CsrfReason =
  | 'Cross-site request refused'
  | 'Origin not allowed'
  | 'Origin or Referer required'
  | 'CSRF token missing or invalid';

/**
 * A state-changing request failed the CSRF defence: 403 `{"detail": reason}`, with
 * `Vary: Sec-Fetch-Site, Origin` because the answer depends on them (OWASP CSRF Prevention
 * Cheat Sheet, "Fetch Metadata headers").
 */
export class CsrfError extends HttpError {
  declare readonly code: 'ERR_CSRF';
  /** Which check failed, for logs and tests; the same text as the body's `detail`. */
  readonly reason: CsrfReason;

  constructor(reason: CsrfReason, options?: ErrorOptions) {
    super(
      403,
      { detail: reason },
      { ...options, code: 'ERR_CSRF', headers: { vary: 'Sec-Fetch-Site, Origin' } },
    );
    this.reason = reason;
  }
}

/** One entry of a 422 body, as FastAPI (pydantic 2) writes it. */
export interface ValidationDetail {
  readonly type: string;
  readonly loc: readonly (string | number)[];
  readonly msg: string;
  readonly input: string | null;
}

/**
 * A cookie parameter was missing or invalid: 422 with FastAPI's body,
 * `{"detail":[{"type","loc":["cookie",name],"msg","input"}]}`.
 */
export class CookieParamError extends HttpError {
  declare readonly code: 'ERR_COOKIE_PARAM';
  /** The entries of the body's `detail`. */
  readonly detail: readonly ValidationDetail[];

  constructor(detail: readonly ValidationDetail[], options?: ErrorOptions) {
    super(
      422,
      { detail: detail.map((entry) => ({ ...entry })) },
      { ...options, code: 'ERR_COOKIE_PARAM' },
    );
    this.detail = detail;
  }
}

/** What an adapter sends for an {@link HttpError}. */
export interface HttpErrorResponse {
  readonly status: number;
  /** `content-type`, `cache-control: no-store`, then the error's own headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as JSON text. */
  readonly body: string;
}

/**
 * The response for an {@link HttpError}, one shape for every adapter: `new Response(body,
 * { status, headers })` for fetch, `writeHead(status, headers)` then `end(body)` for node.
 * `no-store`, because a refusal depends on the request's cookies and headers.
 */
export function toResponse(error: HttpError): HttpErrorResponse {
  return {
    status: error.status,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      ...error.headers,
    },
    body: JSON.stringify(error.body),
  };
}
