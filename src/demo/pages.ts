import type { UserSession } from '../session/index.js';

/** Escapes text for HTML content and quoted attributes (OWASP XSS Prevention Rule #1). */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
${body}
</body></html>`;
}

const TUTORIAL = `<p>The FastAPI cookie tutorial's endpoints, served by Tessera:</p>
<ul>
  <li><a href="/set-cookie/">GET /set-cookie/</a> sets <code>mycookie</code></li>
  <li><a href="/read-cookie/">GET /read-cookie/</a> reads it back</li>
  <li><code>POST /cookie/</code> sets <code>fakesession</code></li>
  <li><a href="/items/">GET /items/</a> reads the optional <code>ads_id</code> cookie</li>
  <li><a href="/cookie-required/">GET /cookie-required/</a> requires <code>session_id</code> (422 without it)</li>
</ul>`;

/** The hidden field carrying the session's CSRF token, or nothing without one. */
const tokenField = (csrf: string | undefined): string =>
  csrf === undefined ? '' : `<input type="hidden" name="csrf_token" value="${escapeHtml(csrf)}">`;

const loginForm = (
  csrf: string | undefined,
) => `<form method="post" action="/login">${tokenField(csrf)}
  <label>Username <input name="username" autocomplete="username" required></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
  <button>Log in</button>
</form>
<p>Demo users: <code>alice</code> / <code>wonderland</code>, <code>bob</code> / <code>builder</code>.</p>`;

/** What the home page shows: the signed-in user and their counter, or an error. */
export interface HomeState {
  readonly userId?: string | undefined;
  readonly count?: number | undefined;
  readonly error?: string | undefined;
  /** The session's CSRF token, rendered into every form. */
  readonly csrf?: string | undefined;
}

/** The home page: a login form, or the user with the counter, sessions and logout buttons. */
export function homePage({ userId, count, error, csrf }: HomeState): string {
  const alert = error === undefined ? '' : `<p role="alert">${escapeHtml(error)}</p>\n`;
  const panel =
    userId === undefined
      ? loginForm(csrf)
      : `<p>Logged in as <strong>${escapeHtml(userId)}</strong>.</p>
<form method="post" action="/counter">${tokenField(csrf)}<button>Count: ${count ?? 0}</button></form>
<p><a href="/sessions">Your sessions</a></p>
<form method="post" action="/sessions/logout-everywhere">${tokenField(csrf)}<button>Log out everywhere</button></form>
<form method="post" action="/logout">${tokenField(csrf)}<button>Log out</button></form>`;
  return page('Tessera demo', `<h1>Tessera demo</h1>\n${alert}${panel}\n${TUTORIAL}`);
}

/** The user's live sessions as a table; the handles are opaque and open nothing. */
export function sessionsPage(
  userId: string,
  sessions: readonly UserSession[],
  csrf?: string,
): string {
  const rows = sessions
    .map(
      (session) =>
        `<tr><td>${session.createdAt.toISOString()}</td><td>${session.lastSeenAt.toISOString()}</td>` +
        `<td>${escapeHtml(session.userAgent ?? 'unknown')}</td><td>${session.current ? 'this one' : ''}</td></tr>`,
    )
    .join('\n');
  return page(
    'Your sessions',
    `<h1>Sessions of ${escapeHtml(userId)}</h1>
<table>
<thead><tr><th>Created</th><th>Last seen</th><th>Browser</th><th>Current</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<form method="post" action="/sessions/logout-everywhere">${tokenField(csrf)}
  <input type="hidden" name="keep_current" value="true">
  <button>Log out my other sessions</button>
</form>
<form method="post" action="/sessions/logout-everywhere">${tokenField(csrf)}<button>Log out everywhere</button></form>
<p><a href="/">Home</a></p>`,
  );
}
