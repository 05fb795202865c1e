import type { Session } from '../session/index.js';

/**
 * `Clear-Site-Data: "cookies"`: the browser drops every cookie of the site, not only the
 * session's (W3C Clear Site Data §3.1; OWASP Session Management Cheat Sheet, "Web Content
 * Caching and Clear-Site-Data"). Browsers honour it on secure origins only.
 */
export const CLEAR_SITE_DATA_COOKIES: Readonly<Record<'clear-site-data', string>> = {
  'clear-site-data': '"cookies"',
};

/** Options of {@link logOut}. */
export interface LogOutOptions {
  /**
   * Also ask the browser to clear all of the site's cookies. Off by default because it logs
   * the user out of every app on the same origin and drops preference cookies too.
   * @default false
   */
  readonly clearSiteData?: boolean;
}

/**
 * Ends the session (record deleted now, cookie expired at commit: OWASP ASVS 5.0 7.4.1) and
 * returns the headers to add to the response: none, or `Clear-Site-Data: "cookies"`.
 * The session's CSRF token dies with it (checklist CS-08).
 */
export async function logOut<T extends object>(
  session: Session<T>,
  options: LogOutOptions = {},
): Promise<Readonly<Record<string, string>>> {
  await session.destroy();
  return options.clearSiteData === true ? CLEAR_SITE_DATA_COOKIES : {};
}
