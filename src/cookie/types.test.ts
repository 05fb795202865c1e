import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  SECURE_COOKIE_DEFAULTS,
  expireSetCookie,
  parseSetCookie,
  stringifySetCookie,
  type CookieConstraint,
  type SetCookie,
} from './index.js';

const run = (fn: () => unknown): unknown => {
  try {
    return fn();
  } catch (error) {
    return error;
  }
};

describe('prefix rules in the types (hono CookieConstraint)', () => {
  it('computes the attributes each prefix requires, case-insensitively', () => {
    expectTypeOf<CookieConstraint<'sid'>>().toEqualTypeOf<unknown>();
    expectTypeOf<CookieConstraint<string>>().toEqualTypeOf<unknown>();
    expectTypeOf<CookieConstraint<'__Secure-sid'>>().toEqualTypeOf<{ secure: true }>();
    expectTypeOf<CookieConstraint<'__SECURE-sid'>>().toEqualTypeOf<{ secure: true }>();
    expectTypeOf<CookieConstraint<'__Host-sid'>>().toEqualTypeOf<{
      secure: true;
      path: '/';
      domain?: undefined;
    }>();
    expectTypeOf<CookieConstraint<'__Http-sid'>>().toEqualTypeOf<{
      secure: true;
      httpOnly: true;
    }>();
    expectTypeOf<CookieConstraint<'__Host-Http-sid'>>().toEqualTypeOf<{
      secure: true;
      httpOnly: true;
      path: '/';
      domain?: undefined;
    }>();
  });

  it('rejects a literal prefixed name without its attributes at compile time, and at run time', () => {
    const bare = { value: 'v' };
    const hostAttributes = { secure: true, path: '/' } as const;
    const calls = [
      // @ts-expect-error __Host- needs secure and path '/'
      () => stringifySetCookie({ name: '__Host-sid', ...bare }),
      // @ts-expect-error __Secure- needs secure
      () => stringifySetCookie('__Secure-sid', 'v'),
      // @ts-expect-error __Host- forbids domain
      () => stringifySetCookie('__Host-sid', 'v', { ...hostAttributes, domain: 'example.com' }),
      // @ts-expect-error __Host-Http- needs httpOnly
      () => expireSetCookie('__Host-Http-sid', hostAttributes),
    ];
    for (const call of calls) expect(run(call)).toMatchObject({ code: 'ERR_COOKIE_PREFIX' });
  });

  it('accepts the common call shapes without ceremony', () => {
    expect(stringifySetCookie({ ...SECURE_COOKIE_DEFAULTS, name: '__Host-sid', value: 'v' })).toBe(
      '__Host-sid=v; Path=/; HttpOnly; Secure; SameSite=Lax',
    );
    expect(stringifySetCookie('__Host-sid', 'v', SECURE_COOKIE_DEFAULTS)).toBe(
      '__Host-sid=v; Path=/; HttpOnly; Secure; SameSite=Lax',
    );
    expect(stringifySetCookie('sid', 'v')).toBe('sid=v');
    expect(expireSetCookie('sid')).toBe('sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    const dynamic: string = 'sid';
    expect(stringifySetCookie({ name: dynamic, value: 'v', maxAge: undefined })).toBe('sid=v');
  });

  it('lets a parsed cookie be serialized again', () => {
    const parsed: SetCookie = parseSetCookie('a=b; SameSite=lax; Priority=HIGH');
    expect(stringifySetCookie(parsed)).toBe('a=b; Priority=High; SameSite=Lax');
  });
});
