import { parseSetCookie } from '../../src/cookie/index.js';

/**
 * One virtual user's cookies, kept as a browser would for this one origin: a `Set-Cookie`
 * with `Max-Age` ≤ 0 deletes, and `Clear-Site-Data: "cookies"` (sent at logout) empties the
 * jar. Attributes are not enforced: the load runs over plain HTTP on loopback.
 */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  /** The `Cookie` header to send, or `undefined` when the jar is empty. */
  header(): string | undefined {
    if (this.#cookies.size === 0) return undefined;
    return Array.from(this.#cookies, ([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Takes in a response's `Set-Cookie` lines and its `Clear-Site-Data` header. */
  store(setCookies: readonly string[], clearSiteData: string | undefined): void {
    if (clearSiteData?.includes('"cookies"') === true) this.#cookies.clear();
    for (const line of setCookies) {
      const { name, value = '', maxAge } = parseSetCookie(line);
      if (maxAge !== undefined && maxAge <= 0) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  clear(): void {
    this.#cookies.clear();
  }
}
