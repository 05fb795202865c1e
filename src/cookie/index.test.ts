import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('tessera/cookie public surface', () => {
  it('exports exactly these names, so an accidental export shows up in review', () => {
    expect(Object.keys(api).sort()).toEqual([
      'CookieError',
      'MAX_AGE_SECONDS',
      'MAX_ATTRIBUTE_OCTETS',
      'MAX_COOKIE_OCTETS',
      'SECURE_COOKIE_DEFAULTS',
      'decodeCookieValue',
      'encodeCookieValue',
      'expireSetCookie',
      'getAllCookies',
      'isCookieName',
      'isCookieValue',
      'parseCookie',
      'parseCookieDate',
      'parseSetCookie',
      'stringifyCookie',
      'stringifySetCookie',
    ]);
  });

  it('exports the limits of RFC 6265bis', () => {
    expect([api.MAX_COOKIE_OCTETS, api.MAX_ATTRIBUTE_OCTETS, api.MAX_AGE_SECONDS]).toEqual([
      4096,
      1024,
      400 * 24 * 60 * 60,
    ]);
  });
});
