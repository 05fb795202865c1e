import { describe, expect, it } from 'vitest';
import {
  CSRF_SESSION_KEY,
  csrfToken,
  rotateCsrfToken,
  submittedCsrfToken,
  verifyCsrfToken,
  type FormLike,
} from './csrf-token.js';
import type { Session } from '../session/index.js';
import { CsrfError } from './errors.js';
import { newJar, newManager } from './__fixtures__/sessions.js';

/** Whether `submitted` passes `verifyCsrfToken` in the jar's session. */
async function accepted(jar: ReturnType<typeof newJar>, submitted: unknown): Promise<boolean> {
  try {
    await jar.visit((session) => verifyCsrfToken(session, submitted));
    return true;
  } catch (error) {
    if (!(error instanceof CsrfError)) throw error;
    expect(error.reason).toBe('CSRF token missing or invalid');
    return false;
  }
}

describe('csrfToken (CS-02)', () => {
  it('issues 256 random bits, base64url', async () => {
    const token = await newJar().visit(csrfToken);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('returns the same token for the life of the session', async () => {
    const jar = newJar();
    const first = await jar.visit(csrfToken);
    expect(await jar.visit(csrfToken)).toBe(first);
    expect(await accepted(jar, first)).toBe(true);
  });

  it('gives each session its own token', async () => {
    const manager = newManager();
    const [a, b] = [newJar(manager), newJar(manager)];
    const tokenA = await a.visit(csrfToken);
    await b.visit(csrfToken);
    expect(await accepted(b, tokenA)).toBe(false);
  });

  it('writes an anonymous session, so a login form has a pre-session token (CS-07)', async () => {
    const jar = newJar();
    await jar.visit(csrfToken);
    expect(jar.cookie).toBeDefined();
  });

  it('keeps the token under the reserved key', async () => {
    const jar = newJar();
    const token = await jar.visit(csrfToken);
    const stored = await jar.visit((session) =>
      (session as unknown as Session).get(CSRF_SESSION_KEY),
    );
    expect(stored).toEqual({ token, user: null });
  });
});

describe('verifyCsrfToken', () => {
  it.each([
    ['nothing', undefined],
    ['an empty string', ''],
    ['a number', 42],
    ['an array', ['x']],
  ])('refuses %s', async (_name, submitted) => {
    const jar = newJar();
    await jar.visit(csrfToken);
    expect(await accepted(jar, submitted)).toBe(false);
  });

  it.each([
    ['one character changed', (t: string) => `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`],
    ['truncated', (t: string) => t.slice(0, -1)],
    ['extended', (t: string) => `${t}A`],
    ['upper-cased', (t: string) => t.toUpperCase()],
  ])('refuses the token %s', async (_name, change) => {
    const jar = newJar();
    const token = await jar.visit(csrfToken);
    expect(await accepted(jar, change(token))).toBe(false);
  });

  it('refuses any token when the session has none', async () => {
    expect(await accepted(newJar(), 'A'.repeat(43))).toBe(false);
  });

  it('refuses a token stored in a malformed shape', async () => {
    const jar = newJar();
    await jar.visit((session) => (session as unknown as Session).set(CSRF_SESSION_KEY, 'plain'));
    expect(await accepted(jar, 'plain')).toBe(false);
  });
});

describe('token life cycle (CS-07, CS-08)', () => {
  it('rotates on logIn, so a pre-login token is worth nothing after it', async () => {
    const jar = newJar();
    const before = await jar.visit(csrfToken);
    await jar.visit((session) => session.logIn('alice'));
    expect(await accepted(jar, before)).toBe(false);
    const after = await jar.visit(csrfToken);
    expect(after).not.toBe(before);
    expect(await accepted(jar, after)).toBe(true);
  });

  it('rotates when another user logs in on the same session', async () => {
    const jar = newJar();
    await jar.visit((session) => session.logIn('alice'));
    const alice = await jar.visit(csrfToken);
    await jar.visit((session) => session.logIn('bob'));
    expect(await accepted(jar, alice)).toBe(false);
  });

  it('dies with the session on logout, even when the old cookie is replayed', async () => {
    const jar = newJar();
    await jar.visit((session) => session.logIn('alice'));
    const token = await jar.visit(csrfToken);
    const cookie = jar.cookie;
    await jar.visit((session) => session.destroy());
    expect(await accepted(jar, token)).toBe(false);
    jar.cookie = cookie;
    expect(await accepted(jar, token)).toBe(false);
  });

  it('survives a plain regenerate, which keeps the data', async () => {
    const jar = newJar();
    const token = await jar.visit(csrfToken);
    await jar.visit((session) => session.regenerate());
    expect(await accepted(jar, token)).toBe(true);
  });

  it('rotateCsrfToken replaces the token at once', async () => {
    const jar = newJar();
    const old = await jar.visit(csrfToken);
    const fresh = await jar.visit(rotateCsrfToken);
    expect(fresh).not.toBe(old);
    expect(await accepted(jar, old)).toBe(false);
    expect(await accepted(jar, fresh)).toBe(true);
  });
});

describe('submittedCsrfToken', () => {
  const form = new URLSearchParams({ csrf_token: 'from-form' });
  it.each([
    ['the header', { 'x-csrf-token': 'from-header' }, undefined, 'from-header'],
    ['the header over the form', { 'x-csrf-token': 'from-header' }, form, 'from-header'],
    ['URLSearchParams', {}, form, 'from-form'],
    ['FormData', {}, formData('from-form-data'), 'from-form-data'],
    ['a Map', {}, new Map([['csrf_token', 'from-map']]), 'from-map'],
    ['a record', {}, { csrf_token: 'from-record' }, 'from-record'],
    ['a non-string field', {}, { csrf_token: ['a', 'b'] }, undefined],
    ['an inherited field', {}, Object.create({ csrf_token: 'x' }) as FormLike, undefined],
    ['nothing', {}, undefined, undefined],
    ['a cookie', { cookie: 'csrf_token=from-cookie' }, undefined, undefined],
  ])('reads %s', (_name, headers: Record<string, string>, body, expected) => {
    expect(submittedCsrfToken(new Headers(headers), body)).toBe(expected);
  });

  it('never reads the query string', () => {
    const request = new Request('https://example.com/x?csrf_token=from-query', { method: 'POST' });
    expect(submittedCsrfToken(request.headers)).toBeUndefined();
  });

  it('reads node:http headers', () => {
    expect(submittedCsrfToken({ 'x-csrf-token': 'node' })).toBe('node');
    expect(submittedCsrfToken({ 'x-csrf-token': ['a', 'b'] })).toBe('a, b');
  });
});

function formData(token: string): FormData {
  const data = new FormData();
  data.set('csrf_token', token);
  return data;
}
