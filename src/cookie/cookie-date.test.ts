import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCookieDate } from './cookie-date.js';

describe('parseCookieDate (RFC 6265bis §5.1.1)', () => {
  it.each([
    ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT', '1994-11-06T08:49:37.000Z'],
    ['RFC 850 with a two-digit year', 'Sunday, 06-Nov-94 08:49:37 GMT', '1994-11-06T08:49:37.000Z'],
    ['asctime', 'Sun Nov  6 08:49:37 1994', '1994-11-06T08:49:37.000Z'],
    ['dashes and a four-digit year', 'Mon, 22-Nov-2027 09:30:00 GMT', '2027-11-22T09:30:00.000Z'],
    [
      'Date#toString',
      'Mon Oct 26 2026 19:02:07 GMT+0000 (Coordinated Universal Time)',
      '2026-10-26T19:02:07.000Z',
    ],
    ['a numeric zone, ignored', 'Sat, 05 Dec 2026 09:30:00 -0000', '2026-12-05T09:30:00.000Z'],
    ['lower case, one-digit fields', '1 jan 70 0:0:0', '1970-01-01T00:00:00.000Z'],
    ['years 0–69 as 2000–2069', 'Thu, 01 Jan 69 00:00:00 GMT', '2069-01-01T00:00:00.000Z'],
    ['year 00', '01 Jan 00 00:00:00', '2000-01-01T00:00:00.000Z'],
    ['a full month name', 'Wed, 21 October 2015 07:28:00 GMT', '2015-10-21T07:28:00.000Z'],
    ['text after the time and the day', 'Wed, 21st Oct 2015 07:28:00Z', '2015-10-21T07:28:00.000Z'],
    [
      'extra tokens, the first of each kind winning',
      'Wed 21 Oct 2015 07:28:00 22 Nov 2016 10:00:00',
      '2015-10-21T07:28:00.000Z',
    ],
    ['the earliest year', 'Mon, 01 Jan 1601 00:00:00 GMT', '1601-01-01T00:00:00.000Z'],
    ['the latest four-digit year', 'Fri, 31 Dec 9999 23:59:59 GMT', '9999-12-31T23:59:59.000Z'],
    ['29 February in a leap year', '29 Feb 2024 12:00:00', '2024-02-29T12:00:00.000Z'],
  ])('reads %s', (_what, text, iso) => {
    expect(parseCookieDate(text)?.toISOString()).toBe(iso);
  });

  it.each([
    ['the empty string', ''],
    ['garbage', 'garbage'],
    ['only delimiters', ' ,;-/'],
    ['a date without a time', 'Sun, 06 Nov 1994'],
    ['a date without a year', 'Sun, 06 Nov 08:49:37'],
    ['a date without a month', '06 1994 08:49:37'],
    ['a date without a day', 'Nov 1994 08:49:37'],
    ['ISO 8601', '1994-11-06T08:49:37Z'],
    ['hour 24', '06 Nov 1994 24:00:00'],
    ['minute 60', '06 Nov 1994 08:60:00'],
    ['second 60', '06 Nov 1994 08:00:60'],
    ['a three-digit time field', '06 Nov 1994 008:49:37'],
    ['an incomplete time', '06 Nov 1994 08:49'],
    ['a time field without digits', '06 Nov 1994 08::37'],
    ['seconds without digits', '06 Nov 1994 08:49:xx'],
    ['day 0', '00 Nov 1994 08:49:37'],
    ['day 32', '32 Nov 1994 08:49:37'],
    ['a year before 1601', '01 Jan 1600 00:00:00'],
    ['a three-digit year', '01 Jan 999 00:00:00'],
    ['a five-digit year', '01 Jan 10000 00:00:00'],
    ['31 February', 'Wed, 31 Feb 2027 09:30:00 GMT'],
    ['29 February in a common year', '29 Feb 2023 12:00:00'],
  ])('refuses %s', (_what, text) => {
    expect(parseCookieDate(text)).toBeUndefined();
  });

  it('reads back every Date#toUTCString from 1601 to 9999', () => {
    const seconds = fc.integer({
      min: Date.UTC(1601, 0, 1) / 1000,
      max: Date.UTC(9999, 11, 31, 23, 59, 59) / 1000,
    });
    fc.assert(
      fc.property(seconds, (second) => {
        const date = new Date(second * 1000);
        expect(parseCookieDate(date.toUTCString())?.getTime()).toBe(date.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const date = parseCookieDate(text);
        if (date !== undefined) expect(Number.isFinite(date.getTime())).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
