import { CookieError, type CookieErrorCode } from './errors.js';
import { isCookieName, isDomainValue, isPathValue } from './grammar.js';
import { MAX_AGE_SECONDS, MAX_ATTRIBUTE_OCTETS, MAX_COOKIE_OCTETS } from './limits.js';
import { encodeValue, encoderOf } from './stringify.js';
import type {
  CookieConstraint,
  SetCookieInit,
  SetCookieOptions,
  StringifyOptions,
} from './types.js';

function fail(code: CookieErrorCode, message: string): never {
  throw new CookieError(code, message);
}

/** Every field the serializer reads, untyped: JavaScript callers can pass anything. */
interface Source {
  readonly name?: unknown;
  readonly value?: unknown;
  readonly encode?: unknown;
  readonly maxAge?: unknown;
  readonly domain?: unknown;
  readonly path?: unknown;
  readonly expires?: unknown;
  readonly httpOnly?: unknown;
  readonly secure?: unknown;
  readonly partitioned?: unknown;
  readonly priority?: unknown;
  readonly sameSite?: unknown;
}

const { getPrototypeOf, hasOwn } = Object;
const ObjectPrototype: Source = Object.prototype;

/**
 * True when reading `source.domain` (or any other field) can only find an own property:
 * `source` has no prototype, or only `Object.prototype` and that defines none of the fields.
 * V8 folds these `in` checks on a known object to constants, so this is almost free, where a
 * `hasOwn` call per field costs more than the rest of the serializer. A polluted prototype,
 * or an object with another prototype, falls back to `hasOwn` per field.
 */
function readsOwnOnly(source: Source): boolean {
  const prototype: unknown = getPrototypeOf(source);
  if (prototype === null) return true;
  return (
    prototype === ObjectPrototype &&
    !(
      'name' in ObjectPrototype ||
      'value' in ObjectPrototype ||
      'encode' in ObjectPrototype ||
      'maxAge' in ObjectPrototype ||
      'domain' in ObjectPrototype ||
      'path' in ObjectPrototype ||
      'expires' in ObjectPrototype ||
      'httpOnly' in ObjectPrototype ||
      'secure' in ObjectPrototype ||
      'partitioned' in ObjectPrototype ||
      'priority' in ObjectPrototype ||
      'sameSite' in ObjectPrototype
    )
  );
}

/**
 * The last `Domain` and `Path` that passed validation. An application sends the same few on
 * every response, so one comparison usually replaces a scan (strings are immutable, so a
 * value equal to a valid one is valid).
 */
let lastDomain: string | undefined;
let lastPath: string | undefined;

/** An attribute-value: a string of at most 1024 octets (RFC 6265bis §5.6) matching `grammar`. */
function attribute(
  value: unknown,
  grammar: (value: string) => boolean,
  code: CookieErrorCode,
  what: string,
): string {
  if (typeof value !== 'string') return fail(code, `Cookie ${what} must be a string.`);
  // Valid values are ASCII, so their length is their size in octets.
  if (value.length > MAX_ATTRIBUTE_OCTETS) {
    return fail('ERR_COOKIE_TOO_LARGE', `Cookie ${what} exceeds 1024 octets.`);
  }
  if (!grammar(value)) return fail(code, `Cookie ${what} does not match the RFC 6265bis grammar.`);
  return value;
}

function sameSiteAttribute(value: unknown): string {
  // The spellings in the types first, to skip toLowerCase on the common path.
  switch (value) {
    case 'lax':
    case 'Lax':
      return '; SameSite=Lax';
    case 'strict':
    case 'Strict':
      return '; SameSite=Strict';
  }
  switch (typeof value === 'string' ? value.toLowerCase() : value) {
    case 'lax':
      return '; SameSite=Lax';
    case 'strict':
      return '; SameSite=Strict';
    case 'none':
      return '; SameSite=None';
    default:
      return fail('ERR_COOKIE_SAME_SITE', 'Cookie sameSite must be "strict", "lax" or "none".');
  }
}

function priorityAttribute(value: unknown): string {
  switch (typeof value === 'string' ? value.toLowerCase() : value) {
    case 'low':
      return '; Priority=Low';
    case 'medium':
      return '; Priority=Medium';
    case 'high':
      return '; Priority=High';
    default:
      return fail('ERR_COOKIE_PRIORITY', 'Cookie priority must be "low", "medium" or "high".');
  }
}

/**
 * The prefix rules of RFC 6265bis §4.1.3 and the layered-cookies draft, matched
 * case-insensitively as user agents match them (§5.4): a name that merely looks different
 * (`__HOST-`) gets no exemption.
 */
function checkPrefix(
  name: string,
  secure: boolean,
  httpOnly: boolean,
  path: unknown,
  domain: unknown,
): void {
  if (name.charCodeAt(0) !== 0x5f || name.charCodeAt(1) !== 0x5f) return;
  const head = name.slice(0, 12).toLowerCase();
  const host = head.startsWith('__host-');
  const http = host ? head.startsWith('__host-http-') : head.startsWith('__http-');
  if (!host && !http && !head.startsWith('__secure-')) return;
  if (!secure) {
    fail('ERR_COOKIE_PREFIX', 'A __Secure-, __Host- or __Http- cookie needs the Secure attribute.');
  }
  if (http && !httpOnly) {
    fail('ERR_COOKIE_PREFIX', 'A __Http- or __Host-Http- cookie needs the HttpOnly attribute.');
  }
  if (host && (path !== '/' || domain !== undefined)) {
    fail('ERR_COOKIE_PREFIX', 'A __Host- cookie needs Path=/ and no Domain attribute.');
  }
}

/**
 * Serializes the cookie `name=value` with the attributes in `source`.
 *
 * Every attribute is read only when it is an own property of `source`, so a polluted
 * `Object.prototype.domain` or `.sameSite` cannot add attributes (js-cookie
 * GHSA-qjx8-664m-686j, OWASP ASVS 5.0 15.3.6, checklist SC-06): `ownOnly` says a plain read
 * is enough (see {@link readsOwnOnly}), otherwise each read is checked with `hasOwn`.
 */
function serialize(
  name: unknown,
  value: unknown,
  source: Source,
  ownOnly: boolean,
  encode: unknown,
): string {
  if (typeof name !== 'string' || !isCookieName(name)) {
    return fail('ERR_COOKIE_NAME', 'Cookie name is not an RFC 9110 token.');
  }
  if (encode !== undefined && typeof encode !== 'function') {
    return fail('ERR_COOKIE_VALUE', 'Cookie encode option must be a function.');
  }
  const encoded = encodeValue(value, encode as ((value: string) => string) | undefined);
  // Name and value are ASCII by now, so their length is their size in octets.
  if (name.length + encoded.length > MAX_COOKIE_OCTETS) {
    fail('ERR_COOKIE_TOO_LARGE', 'Cookie name and value exceed 4096 octets.');
  }
  let header = name + '=' + encoded;

  const maxAge = source.maxAge;
  if (maxAge !== undefined && (ownOnly || hasOwn(source, 'maxAge'))) {
    if (
      typeof maxAge !== 'number' ||
      !Number.isInteger(maxAge) ||
      maxAge < 0 ||
      maxAge > MAX_AGE_SECONDS
    ) {
      fail(
        'ERR_COOKIE_MAX_AGE',
        'Cookie maxAge must be a whole number of seconds from 0 to 34560000.',
      );
    }
    header += `; Max-Age=${maxAge}`;
  }
  let domain = source.domain;
  if (domain !== undefined && (ownOnly || hasOwn(source, 'domain'))) {
    if (domain !== lastDomain) {
      lastDomain = attribute(domain, isDomainValue, 'ERR_COOKIE_DOMAIN', 'domain');
    }
    header += '; Domain=' + lastDomain;
  } else {
    domain = undefined;
  }
  let path = source.path;
  if (path !== undefined && (ownOnly || hasOwn(source, 'path'))) {
    if (path !== lastPath) lastPath = attribute(path, isPathValue, 'ERR_COOKIE_PATH', 'path');
    header += '; Path=' + lastPath;
  } else {
    path = undefined;
  }
  const expires = source.expires;
  if (expires !== undefined && (ownOnly || hasOwn(source, 'expires'))) {
    const year = expires instanceof Date ? expires.getUTCFullYear() : NaN;
    // RFC 6265bis §5.1.1 rejects years before 1601; IMF-fixdate has four year digits.
    if (!(year >= 1601 && year <= 9999)) {
      fail('ERR_COOKIE_EXPIRES', 'Cookie expires must be a valid Date in the years 1601 to 9999.');
    }
    header += '; Expires=' + (expires as Date).toUTCString();
  }
  // Flags are truthy tests, as in jshttp/cookie: a JavaScript caller's `secure: 1` still
  // adds the attribute rather than silently dropping it.
  const httpOnly = Boolean(source.httpOnly) && (ownOnly || hasOwn(source, 'httpOnly'));
  if (httpOnly) header += '; HttpOnly';
  const secure = Boolean(source.secure) && (ownOnly || hasOwn(source, 'secure'));
  if (secure) header += '; Secure';
  if (Boolean(source.partitioned) && (ownOnly || hasOwn(source, 'partitioned'))) {
    if (!secure) {
      fail('ERR_COOKIE_SECURE_REQUIRED', 'A Partitioned cookie needs the Secure attribute.');
    }
    header += '; Partitioned';
  }
  const priority = source.priority;
  if (priority !== undefined && (ownOnly || hasOwn(source, 'priority'))) {
    header += priorityAttribute(priority);
  }
  const sameSite = source.sameSite;
  if (sameSite !== undefined && (ownOnly || hasOwn(source, 'sameSite'))) {
    const attribute = sameSiteAttribute(sameSite);
    // User agents drop SameSite=None cookies that lack Secure (RFC 6265bis §5.7 step 19).
    if (!secure && attribute === '; SameSite=None') {
      fail('ERR_COOKIE_SECURE_REQUIRED', 'A SameSite=None cookie needs the Secure attribute.');
    }
    header += attribute;
  }
  checkPrefix(name, secure, httpOnly, path, domain);
  return header;
}

/** Attribute arguments: optional for an unprefixed name, required to satisfy a prefix. */
type AttributesFor<Name extends string, Attributes> =
  unknown extends CookieConstraint<Name>
    ? [attributes?: Attributes]
    : [attributes: Attributes & CookieConstraint<Name>];

const NO_ATTRIBUTES: Source = Object.freeze({});

/**
 * Serializes a cookie into a `Set-Cookie` header line (RFC 6265bis §4.1), like jshttp/cookie
 * v2's `stringifySetCookie`, in its attribute order and casing: `Max-Age`, `Domain`, `Path`,
 * `Expires`, `HttpOnly`, `Secure`, `Partitioned`, `Priority`, `SameSite`.
 *
 * Everything is validated, and nothing is added: spread {@link SECURE_COOKIE_DEFAULTS} for
 * Tessera's secure defaults. Only own properties are read. Two call shapes:
 * `stringifySetCookie({ name, value, ...attributes }, { encode })` and
 * `stringifySetCookie(name, value, { ...attributes, encode })`.
 *
 * @throws {CookieError} with code
 * - `ERR_COOKIE_NAME`: the name is not an RFC 9110 token (checklist SC-01, CVE-2024-47764);
 * - `ERR_COOKIE_VALUE`: the encoded value is not a cookie-value (SC-02);
 * - `ERR_COOKIE_DOMAIN` / `ERR_COOKIE_PATH`: not a domain-value / path-value (SC-03, SC-04);
 * - `ERR_COOKIE_MAX_AGE` / `ERR_COOKIE_EXPIRES`: see {@link SetCookieOptions} (SC-07);
 * - `ERR_COOKIE_SAME_SITE` / `ERR_COOKIE_PRIORITY`: not one of the allowed values (SC-05);
 * - `ERR_COOKIE_PREFIX`: a `__Secure-`, `__Host-`, `__Http-` or `__Host-Http-` rule is broken (SC-10);
 * - `ERR_COOKIE_SECURE_REQUIRED`: `SameSite=None` or `Partitioned` without `Secure` (SC-11);
 * - `ERR_COOKIE_TOO_LARGE`: name and value over 4096 octets, or an attribute over 1024 (SC-09).
 */
export function stringifySetCookie<const Name extends string>(
  cookie: SetCookieInit<Name>,
  options?: StringifyOptions,
): string;
export function stringifySetCookie<const Name extends string>(
  name: Name,
  value: string | undefined,
  ...attributes: AttributesFor<Name, SetCookieOptions & StringifyOptions>
): string;
export function stringifySetCookie(
  first: SetCookieInit | string,
  second?: unknown,
  third?: SetCookieOptions & StringifyOptions,
): string {
  if (typeof first === 'string') {
    const source: Source = third ?? NO_ATTRIBUTES;
    const ownOnly = readsOwnOnly(source);
    return serialize(
      first,
      second,
      source,
      ownOnly,
      ownOnly || hasOwn(source, 'encode') ? source.encode : undefined,
    );
  }
  const source: Source = first;
  const ownOnly = readsOwnOnly(source);
  return serialize(
    ownOnly || hasOwn(source, 'name') ? source.name : undefined,
    ownOnly || hasOwn(source, 'value') ? source.value : undefined,
    source,
    ownOnly,
    // `null` from JavaScript callers means "no options", as `undefined` does.
    typeof second === 'object' && second !== null ? encoderOf(second) : undefined,
  );
}

/** The attributes that decide which stored cookie a clearing `Set-Cookie` replaces. */
export type ExpireSetCookieOptions = Pick<
  SetCookieOptions,
  'domain' | 'path' | 'secure' | 'httpOnly' | 'sameSite' | 'partitioned'
>;

const EPOCH = new Date(0);

/**
 * A `Set-Cookie` line that deletes cookie `name`: an empty value, `Max-Age=0` and
 * `Expires=Thu, 01 Jan 1970 00:00:00 GMT` for clients that ignore `Max-Age` (RFC 6265bis
 * §4.1.2.1–2, OWASP Session Management Cheat Sheet "Session Expiration", checklist SC-13).
 *
 * Pass the `Domain` and `Path` the cookie was set with, or the browser keeps it, and the
 * attributes its prefix, `SameSite=None` or `Partitioned` require, or the browser rejects the
 * deletion itself. Validated like {@link stringifySetCookie}.
 */
export function expireSetCookie<const Name extends string>(
  name: Name,
  ...attributes: AttributesFor<Name, ExpireSetCookieOptions>
): string {
  const [source = NO_ATTRIBUTES]: [Source?] = attributes;
  const own = (key: keyof ExpireSetCookieOptions): unknown =>
    hasOwn(source, key) ? source[key] : undefined;
  const clearing: Source = {
    maxAge: 0,
    domain: own('domain'),
    path: own('path'),
    expires: EPOCH,
    httpOnly: own('httpOnly'),
    secure: own('secure'),
    partitioned: own('partitioned'),
    sameSite: own('sameSite'),
  };
  return serialize(name, '', clearing, readsOwnOnly(clearing), undefined);
}
