import { describe, expect, it } from 'vitest';
import { readRequest } from './request.js';

describe('readRequest', () => {
  it.each([
    [
      'Web Headers',
      { headers: new Headers({ cookie: 'a=1; sid=abc', 'user-agent': 'UA' }) },
      'abc',
      'UA',
    ],
    [
      'node headers',
      { headers: { cookie: 'sid=abc; sid=shadow', 'user-agent': 'UA' } },
      'abc',
      'UA',
    ],
    ['no cookie header', { headers: {} }, undefined, undefined],
    ['an empty cookie', { headers: { cookie: 'sid=' } }, undefined, undefined],
    ['a header named get', { headers: { get: 'x', cookie: 'sid=abc' } }, 'abc', undefined],
    ['a lookalike name', { headers: { cookie: '\u00a0sid=evil' } }, undefined, undefined],
  ])('reads the first session cookie from %s', (_name, request, cookieValue, userAgent) => {
    expect(readRequest(request, 'sid')).toEqual({ cookieValue, userAgent });
  });
});
