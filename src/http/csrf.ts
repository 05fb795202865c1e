import { ConfigError } from '../errors.js';
import { CsrfError } from './errors.js';
import { type HeadersLike, headerOf } from './headers.js';

/** The request facts the CSRF check reads. */
export interface CsrfRequest {
  /** The request method, as sent: compared case-sensitively, so `post` is unsafe too. */
  readonly method: string;
  readonly headers: HeadersLike;
  /**
   * The absolute request URL (`request.url` of a fetch `Request`), whose origin is the
   * application's own. A path alone gives no origin: only `allowedOrigins` then match.
   */
  readonly url: string;
}

/** Options of {@link csrfProtection}. */
export interface CsrfOptions {
  /**
   * Other origins allowed to send unsafe requests, such as a separate front end:
   * `scheme://host[:port]`, compared as whole origins after URL normalisation (OWASP CSRF
   * Prevention Cheat Sheet, "Using Standard Headers to Verify Origin").
   * @default []: only the request's own origin
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Trust `Sec-Fetch-Site: same-site`, that is sibling subdomains. Off by default: a
   * sibling may be hostile (OWASP CSRF Prevention Cheat Sheet, "Fetch Metadata headers").
   * @default false
   */
  readonly trustSameSite?: boolean;
  /**
   * Let an unsafe request with neither `Origin` nor `Referer` through, for non-browser
   * clients. Off by default, since a privacy proxy stripping both could hide an attack
   * (checklist CS-05: "both absent → block").
   * @default false
   */
  readonly allowMissingOrigin?: boolean;
}

/** The `Vary` header for responses whose answer depends on the CSRF check (CS-04). */
export const CSRF_VARY = 'Sec-Fetch-Site, Origin';

/**
 * Methods that must not change state, so need no proof (RFC 9110 §9.2.1). Only these exact
 * upper-case names: `post`, `PROPFIND` and any unknown method are checked (ASVS 5.0 3.5.3).
 */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True for `GET`, `HEAD` and `OPTIONS`, exactly: the methods that need no CSRF proof. */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method);
}

/** A CSRF check, built once from its options. */
export interface CsrfProtection {
  /**
   * Passes safe methods and same-origin or allow-listed unsafe requests.
   * Method-override headers and `_method` fields are ignored: the real method counts.
   * @throws {CsrfError} 403 for a cross-site or unproven unsafe request.
   */
  check(request: CsrfRequest): void;
}

/**
 * Builds a CSRF check from the browser's own headers, no token needed (OWASP CSRF Prevention
 * Cheat Sheet, "Fetch Metadata headers" and "Verifying Origin With Standard Headers"):
 *
 * 1. `GET`, `HEAD`, `OPTIONS` pass; every other method is checked, whatever its
 *    `Content-Type` (CS-06: the "simple request" test is easy to get wrong, so none is made).
 * 2. `Sec-Fetch-Site: same-origin` or `none` (typed by the user) passes; `cross-site`, and
 *    `same-site` unless `trustSameSite`, is refused unless `Origin` is allow-listed.
 * 3. Otherwise (an old browser, or a value it does not know) `Origin` decides: it must parse
 *    as an origin equal to the request's own or an allowed one; `null` is refused. Without
 *    `Origin`, the `Referer`'s origin decides; without both, the request is refused.
 *
 * Pair it with a synchronizer token ({@link csrfToken}) for forms that must also work where
 * these headers are stripped.
 * @throws {ConfigError} when an allowed origin is not a `scheme://host[:port]` origin.
 */
export function csrfProtection(options: CsrfOptions = {}): CsrfProtection {
  const { allowedOrigins = [], trustSameSite = false, allowMissingOrigin = false } = options;
  const allowed = new Set(
    allowedOrigins.map((entry) => {
      const origin = parseOrigin(entry);
      if (origin === undefined) throw new ConfigError(`Not an origin: ${JSON.stringify(entry)}.`);
      return origin;
    }),
  );
  return {
    check(request) {
      if (isSafeMethod(request.method)) return;
      const site = headerOf(request.headers, 'sec-fetch-site');
      if (site === 'same-origin' || site === 'none' || (site === 'same-site' && trustSameSite))
        return;
      const claimed = claimedOrigin(request.headers);
      if (claimed !== undefined && allowed.has(claimed)) return;
      if (site === 'cross-site' || site === 'same-site')
        throw new CsrfError('Cross-site request refused');
      if (claimed === undefined) {
        if (allowMissingOrigin) return;
        throw new CsrfError('Origin or Referer required');
      }
      if (claimed !== ownOrigin(request.url)) throw new CsrfError('Origin not allowed');
    },
  };
}

/**
 * The origin the browser claims: `Origin`, else the `Referer`'s origin; `'null'` for one that
 * does not parse (an opaque origin matches nothing); `undefined` when both are absent.
 */
function claimedOrigin(headers: HeadersLike): string | undefined {
  const origin = headerOf(headers, 'origin');
  if (origin !== undefined) return parseOrigin(origin) ?? 'null';
  const referer = headerOf(headers, 'referer');
  if (referer === undefined) return undefined;
  // A serialised URL has no spaces: one with them is two Referer fields joined, or forged.
  return URL.canParse(referer) && !/\s/.test(referer) ? new URL(referer).origin : 'null';
}

/** The origin of the request URL, or `undefined` when it is a bare path. */
function ownOrigin(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const { protocol, origin } = new URL(url);
  return protocol === 'https:' || protocol === 'http:' ? origin : undefined;
}

/**
 * The serialised origin of `text` when it is exactly an http(s) origin, no path, query,
 * fragment or credentials (RFC 6454 §7); `HTTPS://Example.COM:443` → `https://example.com`.
 */
function parseOrigin(text: string): string | undefined {
  if (!URL.canParse(text)) return undefined;
  const url = new URL(text);
  const bare =
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    url.username === '' &&
    url.password === '' &&
    url.pathname === '/' &&
    !/[/?#]$/.test(text) &&
    url.search === '' &&
    url.hash === '';
  return bare ? url.origin : undefined;
}
