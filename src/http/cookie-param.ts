import { parseCookie } from '../cookie/index.js';
import { CookieParamError, type ValidationDetail } from './errors.js';
import { type StandardSchemaV1, isStandardSchema, issuePath, validate } from './standard-schema.js';

/**
 * Where a parameter reads from: a `Cookie` header (`undefined` when the request has none), or
 * cookies a framework already parsed (Hono's `getCookie(c)`, Express's `req.cookies`).
 */
export type CookieSource = string | undefined | Readonly<Record<string, string | undefined>>;

/**
 * The request's cookies as a record without a prototype, like FastAPI's `request.cookies`:
 * a `__proto__` cookie is an ordinary key. The first cookie of a repeated name wins
 * (RFC 6265bis §5.8.3: the most specific path is sent first). Never throws.
 */
export function cookies(header: string | undefined): Record<string, string> {
  return parseCookie(header ?? '') as Record<string, string>;
}

/** Options of {@link cookieParam}. */
export interface CookieParamOptions<D = never> {
  /**
   * Whether a missing cookie answers 422 (FastAPI's `Cookie()` without a default) or reads
   * as `undefined`.
   * @default true, or false when `default` is given
   */
  readonly required?: boolean;
  /**
   * The value read when the cookie is absent; not validated, as pydantic does not validate
   * defaults. Implies `required: false`.
   */
  readonly default?: D;
}

/** A cookie parameter: declared once, read on each request. */
export interface CookieParam<T> {
  /** The cookie's name, as in the 422 body's `loc`. */
  readonly name: string;
  /**
   * The cookie's value, validated by the schema when there is one.
   * @throws {CookieParamError} 422 when it is required and missing, or fails the schema.
   */
  readonly read: (source: CookieSource) => Promise<T>;
}

type Output<S extends StandardSchemaV1> = StandardSchemaV1.InferOutput<S>;

/**
 * Declares a cookie parameter, FastAPI's `Cookie()`: by name, optionally validated by any
 * Standard Schema (zod, valibot, ArkType…), whose output type the value takes (a string
 * without one). A required cookie that is absent, or a value the schema refuses, throws
 * {@link CookieParamError}: 422 with the body FastAPI (pydantic 2) sends,
 * `{"detail":[{"type":"missing","loc":["cookie",name],"msg":"Field required","input":null}]}`.
 * An empty value (`name=`) is present, as in FastAPI.
 *
 * @example
 * const sessionId = cookieParam('session_id');                       // string, required
 * const adsId = cookieParam('ads_id', { default: null });             // string | null
 * const page = cookieParam('page', z.coerce.number().int().min(1));   // number
 * const value = await page.read(request.headers.get('cookie') ?? undefined);
 */
export function cookieParam(
  name: string,
  options: CookieParamOptions & { readonly required: false },
): CookieParam<string | undefined>;
export function cookieParam<const D>(
  name: string,
  options: CookieParamOptions<D> & { readonly default: D },
): CookieParam<string | D>;
export function cookieParam(name: string, options?: CookieParamOptions): CookieParam<string>;
export function cookieParam<S extends StandardSchemaV1>(
  name: string,
  schema: S,
  options: CookieParamOptions & { readonly required: false },
): CookieParam<Output<S> | undefined>;
export function cookieParam<S extends StandardSchemaV1, const D>(
  name: string,
  schema: S,
  options: CookieParamOptions<D> & { readonly default: D },
): CookieParam<Output<S> | D>;
export function cookieParam<S extends StandardSchemaV1>(
  name: string,
  schema: S,
  options?: CookieParamOptions,
): CookieParam<Output<S>>;
export function cookieParam(
  name: string,
  schemaOrOptions?: StandardSchemaV1 | CookieParamOptions<unknown>,
  maybeOptions?: CookieParamOptions<unknown>,
): CookieParam<unknown> {
  if (typeof name !== 'string' || name === '')
    throw new TypeError('A cookie parameter needs a non-empty name.');
  const schema = isStandardSchema(schemaOrOptions) ? schemaOrOptions : undefined;
  const options: CookieParamOptions<unknown> =
    (schema === undefined ? (schemaOrOptions as CookieParamOptions<unknown>) : maybeOptions) ?? {};
  const hasDefault = 'default' in options;
  const required = options.required ?? !hasDefault;
  const fallback = options.default;
  return {
    name,
    async read(source) {
      const value = lookup(source, name);
      if (value === undefined) {
        if (required) throw new CookieParamError([missing(name)]);
        return fallback;
      }
      if (schema === undefined) return value;
      const result = await validate(schema, value);
      if (result.issues === undefined) return result.value;
      throw new CookieParamError(
        result.issues.map((issue) => ({
          type: 'value_error',
          loc: ['cookie', name, ...issuePath(issue)],
          msg: issue.message,
          input: value,
        })),
      );
    },
  };
}

/** The cookie's value, own string properties only, so `toString` is no cookie. */
function lookup(source: CookieSource, name: string): string | undefined {
  const record = typeof source === 'object' ? source : cookies(source);
  const value = Object.hasOwn(record, name) ? record[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** FastAPI's entry for a required parameter that is absent. */
function missing(name: string): ValidationDetail {
  return { type: 'missing', loc: ['cookie', name], msg: 'Field required', input: null };
}
