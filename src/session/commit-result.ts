import { expireSetCookie } from '../cookie/index.js';
import type { ResolvedOptions } from './options.js';
import type { Loaded } from './strategy.js';

/** What a response must carry after `Session.commit()`. */
export interface CommitResult {
  /** `Set-Cookie` lines to append (never to replace the handler's own). */
  readonly setCookies: readonly string[];
  /**
   * `vary: Cookie` and `cache-control: private, no-store` when the response depends on the
   * session, so a shared cache cannot serve it to someone else (CVE-2023-30861, checklist
   * MW-03); `clear-site-data` after a destroy when enabled. Lower-case names.
   */
  readonly headers: Readonly<Record<string, string>>;
}

/** The result for a session the handler never touched: nothing to send (MW-06). */
export const NOTHING: CommitResult = Object.freeze({
  setCookies: Object.freeze([]),
  headers: Object.freeze({}),
});

/** How a commit ended, as far as the response is concerned. */
export interface Outcome {
  /** The session as written, or `undefined` when there is none (anymore). */
  readonly written: Loaded | undefined;
  /** True when nothing was written: the session is as it was loaded. */
  readonly unchanged: boolean;
  /** The session cookie the request carried. */
  readonly requestCookie: string | undefined;
  /** The request's session ended (destroyed, expired, or destroyed concurrently). */
  readonly clearCookie: boolean;
  /** The handler called `destroy()`. */
  readonly destroyed: boolean;
}

/**
 * The headers of a committed session. A cookie is sent only when its value changed, or with
 * a fresh `Max-Age` after a write to a persistent session; an ended session's cookie is
 * expired (checklist SC-13).
 */
export function commitResult(
  options: ResolvedOptions,
  now: number,
  outcome: Outcome,
): CommitResult {
  const { cookieName, cookieTail, attributes, persistent, clearSiteData } = options;
  const { written, requestCookie } = outcome;
  const setCookies: string[] = [];
  if (written !== undefined) {
    if (written.cookieValue !== requestCookie || (persistent && !outcome.unchanged)) {
      // Assembled, not re-validated: the name and attributes were validated at start-up, the
      // value is a session ID or sealed token (base64url and '.': cookie-octets by
      // construction), and Max-Age stays within the 400-day cap the timeouts are held to.
      const maxAge = persistent
        ? `; Max-Age=${Math.max(0, Math.ceil((written.expiresAt - now) / 1000))}`
        : '';
      setCookies.push(`${cookieName}=${written.cookieValue}${maxAge}${cookieTail}`);
    }
  } else if (outcome.clearCookie && requestCookie !== undefined) {
    setCookies.push(expireSetCookie(cookieName, attributes));
  }
  const headers: Record<string, string> = { vary: 'Cookie', 'cache-control': 'private, no-store' };
  if (outcome.destroyed && clearSiteData) headers['clear-site-data'] = '"cookies"';
  return { setCookies, headers };
}
