import { describe, expect, it } from 'vitest';
import * as cookie2 from 'cookie';
import { realWorldCorpus } from './__fixtures__/corpus.js';
import { CookieError, parseCookie, parseSetCookie, stringifySetCookie } from './index.js';

const cookieHeaders = Object.entries(realWorldCorpus.cookie).flatMap(([site, headers]) =>
  headers.map((header, index) => [`${site} #${index + 1}`, header] as const),
);
const setCookieLines = Object.entries(realWorldCorpus.setCookie).flatMap(([site, lines]) =>
  lines.map((line, index) => [`${site} #${index + 1}`, line, site] as const),
);

describe('real-world Cookie headers', () => {
  it('parse as snapshotted', () => {
    const parsed = Object.fromEntries(
      cookieHeaders.map(([label, header]) => [label, { ...parseCookie(header) }]),
    );
    expect(parsed).toMatchSnapshot();
  });

  it.each(cookieHeaders)('%s parses as jshttp/cookie v2 parses it', (_label, header) => {
    expect({ ...parseCookie(header) }).toEqual({ ...cookie2.parseCookie(header) });
  });
});

describe('real-world Set-Cookie lines', () => {
  it('parse as snapshotted', () => {
    const parsed = Object.fromEntries(
      setCookieLines.map(([label, line]) => [label, parseSetCookie(line)]),
    );
    expect(parsed).toMatchSnapshot();
  });

  // example.app holds edge cases where Tessera follows RFC 6265bis §5.6 and jshttp/cookie does not.
  const siteLines = setCookieLines.filter(([, , site]) => site !== 'example.app');

  it.each(siteLines)('%s agrees with jshttp/cookie v2 on name, value and flags', (_label, line) => {
    const ours = parseSetCookie(line);
    const theirs = cookie2.parseSetCookie(line);
    expect([ours.name, ours.value, ours.path, ours.maxAge]).toEqual([
      theirs.name,
      theirs.value,
      theirs.path,
      theirs.maxAge,
    ]);
    expect([ours.secure, ours.httpOnly, ours.partitioned, ours.sameSite, ours.priority]).toEqual([
      theirs.secure,
      theirs.httpOnly,
      theirs.partitioned,
      theirs.sameSite,
      theirs.priority,
    ]);
    expect(ours.domain).toBe(theirs.domain?.replace(/^\./, '').toLowerCase());
    if (theirs.expires !== undefined) expect(ours.expires).toEqual(theirs.expires);
  });

  it('re-serialize to an equal cookie, or fail with a CookieError, as snapshotted', () => {
    const outcomes = Object.fromEntries(
      setCookieLines.map(([label, line]) => {
        const parsed = parseSetCookie(line);
        try {
          const again = stringifySetCookie(parsed);
          expect(parseSetCookie(again)).toEqual(parsed);
          return [label, again];
        } catch (error) {
          if (!(error instanceof CookieError)) throw error;
          return [label, error.code];
        }
      }),
    );
    expect(outcomes).toMatchSnapshot();
  });
});
