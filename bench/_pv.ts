import { decodeCookieValue } from '../src/cookie/codec.js';
import { trimmedSlice } from '../src/cookie/grammar.js';
type Cookies = Record<string, string | undefined>;
const NullObject = (() => { const C = function () {} as unknown as new () => Cookies; C.prototype = Object.create(null) as object; return C; })();
export function lean(header: string): Cookies {
  const cookies = new NullObject();
  const length = header.length;
  if (length < 2) return cookies;
  let index = 0;
  let eq = -1;
  let percent = header.indexOf('%');
  while (index < length) {
    let end = header.indexOf(';', index);
    if (end === -1) end = length;
    if (eq < index) { eq = header.indexOf('=', index); if (eq === -1) break; }
    if (eq < end) {
      const name = trimmedSlice(header, index, eq);
      if (name !== '' && cookies[name] === undefined) {
        const value = trimmedSlice(header, eq + 1, end);
        if (percent !== -1 && percent <= eq) percent = header.indexOf('%', eq + 1);
        cookies[name] = percent !== -1 && percent < end ? decodeCookieValue(value) : value;
      }
    }
    index = end + 1;
  }
  return cookies;
}
