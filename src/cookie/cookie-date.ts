/**
 * The cookie-date parser of RFC 6265bis §5.1.1, which user agents apply to `Expires`:
 * ```
 * cookie-date     = *delimiter date-token-list *delimiter
 * date-token-list = date-token *( 1*delimiter date-token )
 * date-token      = 1*non-delimiter
 * delimiter       = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
 * time            = hms-time [ non-digit *OCTET ]
 * hms-time        = time-field ":" time-field ":" time-field
 * time-field      = 1*2DIGIT
 * day-of-month    = 1*2DIGIT [ non-digit *OCTET ]
 * month           = ( "jan" / "feb" / ... / "dec" ) *OCTET
 * year            = 2*4DIGIT [ non-digit *OCTET ]
 * ```
 * It reads the dates real servers send (`Wed, 21 Oct 2015 07:28:00 GMT`,
 * `Wed, 21-Oct-15 07:28:00 GMT`, `Wed Oct 21 2015 07:28:00 GMT+0000`), unlike `Date.parse`,
 * whose accepted formats are implementation-defined.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function isDelimiter(code: number): boolean {
  return (
    code === 0x09 ||
    (code >= 0x20 && code <= 0x2f) ||
    (code >= 0x3b && code <= 0x40) ||
    (code >= 0x5b && code <= 0x60) ||
    (code >= 0x7b && code <= 0x7e)
  );
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * Reads `min`–`max` digits at `start`, which must be followed by the token's end or by
 * `next` (a code, or -1 for "any non-digit"). Returns the value and where it stopped.
 */
function readNumber(
  token: string,
  start: number,
  min: number,
  max: number,
  next: number,
): { value: number; end: number } | undefined {
  let end = start;
  let value = 0;
  while (end < token.length && end - start < max && isDigit(token.charCodeAt(end))) {
    value = value * 10 + token.charCodeAt(end) - 0x30;
    end++;
  }
  if (end - start < min) return undefined;
  if (end < token.length) {
    const code = token.charCodeAt(end);
    if (next === -1 ? isDigit(code) : code !== next) return undefined;
  }
  return { value, end };
}

function readTime(token: string): [number, number, number] | undefined {
  const hour = readNumber(token, 0, 1, 2, 0x3a);
  if (hour === undefined || hour.end === token.length) return undefined;
  const minute = readNumber(token, hour.end + 1, 1, 2, 0x3a);
  if (minute === undefined || minute.end === token.length) return undefined;
  const second = readNumber(token, minute.end + 1, 1, 2, -1);
  if (second === undefined) return undefined;
  return [hour.value, minute.value, second.value];
}

/**
 * Parses an RFC 6265bis §5.1.1 cookie-date, or returns `undefined` when the algorithm fails
 * (a missing part, a value out of range, a year before 1601, a day the month lacks).
 * Never throws; linear in the input.
 */
export function parseCookieDate(text: string): Date | undefined {
  let time: [number, number, number] | undefined;
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  const length = text.length;
  let i = 0;
  while (i < length) {
    while (i < length && isDelimiter(text.charCodeAt(i))) i++;
    const start = i;
    while (i < length && !isDelimiter(text.charCodeAt(i))) i++;
    if (start === i) break;
    const token = text.slice(start, i);
    const parsedTime = time === undefined ? readTime(token) : undefined;
    if (parsedTime !== undefined) {
      time = parsedTime;
      continue;
    }
    if (day === undefined) {
      const parsed = readNumber(token, 0, 1, 2, -1);
      if (parsed !== undefined) {
        day = parsed.value;
        continue;
      }
    }
    if (month === undefined && token.length >= 3) {
      const index = MONTHS.indexOf(token.slice(0, 3).toLowerCase());
      if (index !== -1) {
        month = index;
        continue;
      }
    }
    if (year === undefined) {
      const parsed = readNumber(token, 0, 2, 4, -1);
      if (parsed !== undefined) year = parsed.value;
    }
  }
  if (time === undefined || day === undefined || month === undefined || year === undefined)
    return undefined;
  if (year >= 70 && year <= 99) year += 1900;
  else if (year <= 69) year += 2000;
  const [hour, minute, second] = time;
  if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59)
    return undefined;
  const date = new Date(Date.UTC(year, month, day, hour, minute, second));
  // Date.UTC rolls 31 Feb over into March; the algorithm says such a date does not exist.
  return date.getUTCDate() === day ? date : undefined;
}
