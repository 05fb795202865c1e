import { describe, expect, it } from 'vitest';
import { csrfProtection, isSafeMethod } from './csrf.js';
import { csrfToken } from './csrf-token.js';
import { verifyCsrf } from './csrf-verify.js';
import { CsrfError } from './errors.js';
import { newJar } from './__fixtures__/sessions.js';

const URL = 'https://app.example/counter';
const protection = csrfProtection();

/** The reason `verifyCsrf` refused with, or `'passed'`. */
async function outcome(
  method: string,
  headers: Record<string, string>,
  form?: Record<string, string>,
): Promise<string> {
  const jar = newJar();
  const token = await jar.visit(csrfToken);
  const withToken = (fields: Record<string, string>) =>
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.replace('$token', token)]));
  try {
    await jar.visit((session) =>
      verifyCsrf(
        protection,
        session,
        { method, headers: withToken(headers), url: URL },
        form && withToken(form),
      ),
    );
    return 'passed';
  } catch (error) {
    if (!(error instanceof CsrfError)) throw error;
    return error.reason;
  }
}

const SAME = { 'sec-fetch-site': 'same-origin' };

describe('verifyCsrf', () => {
  it.each([
    ['a safe method without a token', 'GET', SAME, undefined, 'passed'],
    [
      'a same-origin post with the header token',
      'POST',
      { ...SAME, 'x-csrf-token': '$token' },
      undefined,
      'passed',
    ],
    ['a same-origin form with the field token', 'POST', SAME, { csrf_token: '$token' }, 'passed'],
    ['a same-origin form without a token', 'POST', SAME, {}, 'CSRF token missing or invalid'],
    [
      'a same-origin post with a wrong token',
      'POST',
      { ...SAME, 'x-csrf-token': 'x' },
      undefined,
      'CSRF token missing or invalid',
    ],
    [
      'a cross-site post, even with the token',
      'POST',
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example', 'x-csrf-token': '$token' },
      undefined,
      'Cross-site request refused',
    ],
  ])('%s: %s', async (_name, method, headers, form, expected) => {
    expect(await outcome(method, headers, form)).toBe(expected);
  });

  it.each([
    ['GET', true],
    ['HEAD', true],
    ['OPTIONS', true],
    ['get', false],
    ['POST', false],
    ['PROPFIND', false],
  ])('isSafeMethod(%s) is %s', (method, safe) => {
    expect(isSafeMethod(method)).toBe(safe);
  });
});
