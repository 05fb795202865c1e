import { describe, expect, it } from 'vitest';
import { TesseraError } from '../errors.js';
import {
  CookieParamError,
  CsrfError,
  HttpError,
  NotAuthenticatedError,
  toResponse,
} from './errors.js';

const detail = [{ type: 'missing', loc: ['cookie', 'sid'], msg: 'Field required', input: null }];

describe('HTTP errors', () => {
  it.each([
    [
      'NotAuthenticatedError',
      new NotAuthenticatedError(),
      401,
      'ERR_NOT_AUTHENTICATED',
      { detail: 'Not authenticated' },
    ],
    [
      'CsrfError',
      new CsrfError('Origin not allowed'),
      403,
      'ERR_CSRF',
      { detail: 'Origin not allowed' },
    ],
    ['CookieParamError', new CookieParamError(detail), 422, 'ERR_COOKIE_PARAM', { detail }],
    [
      'HttpError',
      new HttpError(409, { detail: 'Conflict' }),
      409,
      'ERR_HTTP',
      { detail: 'Conflict' },
    ],
  ])('%s carries its status, code and body', (_name, error, status, code, body) => {
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toBeInstanceOf(TesseraError);
    expect([error.status, error.code, error.body]).toEqual([status, code, body]);
    expect(error.message).toBe(`The request was refused with HTTP ${status}.`);
  });

  it('names each class after itself', () => {
    expect(new CsrfError('Cross-site request refused').name).toBe('CsrfError');
  });

  it('keeps the cause', () => {
    const cause = new Error('schema failed');
    expect(new CookieParamError(detail, { cause }).cause).toBe(cause);
  });

  it('keeps the CSRF reason', () => {
    expect(new CsrfError('CSRF token missing or invalid').reason).toBe(
      'CSRF token missing or invalid',
    );
  });

  it.each([
    [
      new NotAuthenticatedError(),
      401,
      { 'content-type': 'application/json', 'cache-control': 'no-store' },
      '{"detail":"Not authenticated"}',
    ],
    [
      new CsrfError('Cross-site request refused'),
      403,
      {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        vary: 'Sec-Fetch-Site, Origin',
      },
      '{"detail":"Cross-site request refused"}',
    ],
    [
      new CookieParamError(detail),
      422,
      { 'content-type': 'application/json', 'cache-control': 'no-store' },
      '{"detail":[{"type":"missing","loc":["cookie","sid"],"msg":"Field required","input":null}]}',
    ],
    [
      new HttpError(429, null, { headers: { 'retry-after': '5', 'cache-control': 'private' } }),
      429,
      { 'content-type': 'application/json', 'cache-control': 'private', 'retry-after': '5' },
      'null',
    ],
  ])('toResponse(%o) gives status, headers and JSON text', (error, status, headers, body) => {
    expect(toResponse(error)).toEqual({ status, headers, body });
  });
});
