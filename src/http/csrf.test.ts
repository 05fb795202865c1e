import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { csrfProtection, type CsrfOptions } from './csrf.js';
import { CsrfError } from './errors.js';

const URL_SELF = 'https://example.com/transfer';

/** The check's outcome: `'pass'`, or the 403's reason. */
function outcome(
  headers: Record<string, string>,
  {
    method = 'POST',
    url = URL_SELF,
    ...options
  }: CsrfOptions & { method?: string; url?: string } = {},
): string {
  try {
    csrfProtection(options).check({ method, url, headers: new Headers(headers) });
    return 'pass';
  } catch (error) {
    if (!(error instanceof CsrfError)) throw error;
    return error.reason;
  }
}

const SAME = { origin: 'https://example.com' };

describe('csrfProtection: methods (CS-01)', () => {
  it.each(['GET', 'HEAD', 'OPTIONS'])('lets a cross-site %s through', (method) => {
    expect(outcome({ 'sec-fetch-site': 'cross-site' }, { method })).toBe('pass');
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'post', 'get', 'PROPFIND', 'CONNECT', 'X-CUSTOM'])(
    'checks %s',
    (method) => {
      expect(outcome({ 'sec-fetch-site': 'cross-site' }, { method })).toBe(
        'Cross-site request refused',
      );
    },
  );

  it.each([
    ['X-HTTP-Method-Override: GET', { 'x-http-method-override': 'GET' }],
    ['X-HTTP-Method-Override: DELETE', { 'x-http-method-override': 'DELETE' }],
    ['X-Method-Override: GET', { 'x-method-override': 'GET' }],
  ])('ignores %s on a POST', (_name, headers) => {
    expect(outcome({ ...headers, origin: 'https://attacker.net' })).toBe('Origin not allowed');
  });

  it('reads the real method only, never a _method field', () => {
    expect(outcome({ origin: 'https://attacker.net' }, { url: `${URL_SELF}?_method=GET` })).toBe(
      'Origin not allowed',
    );
  });
});

describe('csrfProtection: Sec-Fetch-Site (CS-04, corpus 8.O)', () => {
  it.each([
    ['cross-site', {}, 'Cross-site request refused'],
    ['cross-site', { trustSameSite: true }, 'Cross-site request refused'],
    ['same-site', {}, 'Cross-site request refused'],
    ['same-site', { trustSameSite: true }, 'pass'],
    ['same-origin', {}, 'pass'],
    ['none', {}, 'pass'],
  ])('%s with %o → %s', (site, options: CsrfOptions, expected) => {
    expect(outcome({ 'sec-fetch-site': site, origin: 'https://attacker.net' }, options)).toBe(
      expected,
    );
  });

  it.each(['Cross-Site', 'bogus', 'SAME-ORIGIN', ''])(
    'ignores the unknown value %j and falls back to Origin',
    (site) => {
      expect(outcome({ 'sec-fetch-site': site, ...SAME })).toBe('pass');
      expect(outcome({ 'sec-fetch-site': site, origin: 'https://attacker.net' })).toBe(
        'Origin not allowed',
      );
    },
  );

  it('lets an allow-listed origin through even when cross-site', () => {
    const options = { allowedOrigins: ['https://app.example.net'] };
    expect(
      outcome({ 'sec-fetch-site': 'cross-site', origin: 'https://app.example.net' }, options),
    ).toBe('pass');
  });
});

describe('csrfProtection: Origin (CS-05, corpus 8.O)', () => {
  it.each([
    ['https://example.com', 'pass'],
    ['HTTPS://EXAMPLE.COM', 'pass'],
    ['https://example.com:443', 'pass'],
    ['null', 'Origin not allowed'],
    ['https://example.com.attacker.net', 'Origin not allowed'],
    ['https://attacker.net', 'Origin not allowed'],
    ['https://example.com:8443', 'Origin not allowed'],
    ['http://example.com', 'Origin not allowed'],
    ['https://sub.example.com', 'Origin not allowed'],
    ['https://example.com/', 'Origin not allowed'],
    ['https://example.com/path', 'Origin not allowed'],
    ['https://example.com?', 'Origin not allowed'],
    ['https://user@example.com', 'Origin not allowed'],
    ['https://example.com, https://example.com', 'Origin not allowed'],
    ['file://example.com', 'Origin not allowed'],
    ['example.com', 'Origin not allowed'],
    ['', 'Origin not allowed'],
  ])('Origin %j → %s', (origin, expected) => {
    expect(outcome({ origin })).toBe(expected);
  });

  it.each([
    ['https://app.example.net', 'pass'],
    ['https://APP.example.net:443', 'pass'],
    ['http://app.example.net', 'Origin not allowed'],
    ['https://localhost:5173', 'pass'],
    ['https://localhost:5174', 'Origin not allowed'],
  ])('with an allow-list, Origin %j → %s', (origin, expected) => {
    const allowedOrigins = ['https://app.example.net', 'https://localhost:5173'];
    expect(outcome({ origin }, { allowedOrigins })).toBe(expected);
  });

  it('prefers Origin over Referer', () => {
    expect(outcome({ origin: 'https://attacker.net', referer: 'https://example.com/form' })).toBe(
      'Origin not allowed',
    );
  });

  it('has no own origin for a bare path: only allow-listed origins pass', () => {
    expect(outcome(SAME, { url: '/transfer' })).toBe('Origin not allowed');
    expect(outcome(SAME, { url: '/transfer', allowedOrigins: ['https://example.com'] })).toBe(
      'pass',
    );
  });

  it('compares against the request URL’s own origin', () => {
    expect(outcome({ origin: 'http://127.0.0.1:3000' }, { url: 'http://127.0.0.1:3000/x' })).toBe(
      'pass',
    );
  });

  it.each([['ftp://example.com/x'], ['about:blank']])(
    'gives a non-http request URL %s no origin',
    (url) => {
      expect(outcome({ origin: 'null' }, { url })).toBe('Origin not allowed');
    },
  );
});

describe('csrfProtection: Referer fallback (CS-05, corpus 8.O)', () => {
  it.each([
    ['https://example.com/form?x=1', 'pass'],
    ['https://example.com.evil.com/', 'Origin not allowed'],
    ['https://evil.com/?https://example.com/', 'Origin not allowed'],
    ['not a url', 'Origin not allowed'],
    ['about:blank', 'Origin not allowed'],
  ])('Referer %j → %s', (referer, expected) => {
    expect(outcome({ referer })).toBe(expected);
  });

  it.each([
    [{}, 'Origin or Referer required'],
    [{ allowMissingOrigin: true }, 'pass'],
  ])('neither Origin nor Referer, %o → %s', (options: CsrfOptions, expected) => {
    expect(outcome({}, options)).toBe(expected);
  });

  it('refuses a cross-site request without Origin even when missing origins are allowed', () => {
    expect(outcome({ 'sec-fetch-site': 'cross-site' }, { allowMissingOrigin: true })).toBe(
      'Cross-site request refused',
    );
  });
});

describe('csrfProtection: Content-Type does not matter (CS-06, corpus 8.O)', () => {
  it.each([
    'Text/Plain',
    'text/plain;charset=utf-8',
    ' application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json',
    undefined,
  ])('Content-Type %j from another origin is refused', (type) => {
    const headers: Record<string, string> = { origin: 'https://attacker.net' };
    if (type !== undefined) headers['content-type'] = type;
    expect(outcome(headers)).toBe('Origin not allowed');
  });
});

describe('csrfProtection: node:http headers', () => {
  it.each([
    [{ origin: 'https://example.com' }, 'pass'],
    [{ origin: 'https://attacker.net' }, 'Origin not allowed'],
    [{ 'sec-fetch-site': 'cross-site' }, 'Cross-site request refused'],
    [{ referer: ['https://example.com/a', 'https://evil.com/'] }, 'Origin not allowed'],
    [{}, 'Origin or Referer required'],
  ])('%o → %s', (headers, expected) => {
    let result = 'pass';
    try {
      csrfProtection().check({ method: 'POST', url: URL_SELF, headers });
    } catch (error) {
      result = (error as CsrfError).reason;
    }
    expect(result).toBe(expected);
  });
});

describe('csrfProtection options', () => {
  it.each([
    ['https://example.com/'],
    ['https://example.com/path'],
    ['example.com'],
    ['*'],
    ['null'],
    ['ftp://example.com'],
  ])('refuses the allowed origin %j', (origin) => {
    expect(() => csrfProtection({ allowedOrigins: [origin] })).toThrow(ConfigError);
  });

  it('answers 403 with the reason and Vary', () => {
    let error: unknown;
    try {
      csrfProtection().check({ method: 'POST', url: URL_SELF, headers: new Headers() });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      status: 403,
      code: 'ERR_CSRF',
      body: { detail: 'Origin or Referer required' },
      headers: { vary: 'Sec-Fetch-Site, Origin' },
    });
  });
});
