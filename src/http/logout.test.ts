import { describe, expect, it } from 'vitest';
import { CLEAR_SITE_DATA_COOKIES, logOut } from './logout.js';
import { newJar } from './__fixtures__/sessions.js';

describe('logOut', () => {
  it.each([
    [{}, {}],
    [{ clearSiteData: false }, {}],
    [{ clearSiteData: true }, { 'clear-site-data': '"cookies"' }],
  ])('with %o returns %o', async (options, headers) => {
    const jar = newJar();
    await jar.visit((session) => session.logIn('alice'));
    expect(await jar.visit((session) => logOut(session, options))).toEqual(headers);
    expect(jar.cookie).toBeUndefined();
    expect(await jar.visit((session) => session.userId())).toBeUndefined();
  });

  it('ends the record, so the old cookie is anonymous', async () => {
    const jar = newJar();
    await jar.visit((session) => session.logIn('alice'));
    const cookie = jar.cookie;
    await jar.visit((session) => logOut(session));
    jar.cookie = cookie;
    expect(await jar.visit((session) => session.userId())).toBeUndefined();
  });

  it('quotes the directive as the header grammar requires', () => {
    expect(CLEAR_SITE_DATA_COOKIES['clear-site-data']).toBe('"cookies"');
  });
});
