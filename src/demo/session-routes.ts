import type { IncomingMessage, ServerResponse } from 'node:http';
import { csrfToken, logOut } from '../http/index.js';
import type { Session, SessionManager } from '../session/index.js';
import {
  DemoHttpError,
  readFields,
  redirect,
  requireField,
  sendHtml,
  sendJson,
  wantsHtml,
} from './http.js';
import { homePage, sessionsPage } from './pages.js';
import type { UserDirectory } from './users.js';

/** What the demo keeps in a session. */
export interface DemoData {
  count: number;
}

/** A route handler with the request's session. */
export type SessionHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  session: Session<DemoData>,
) => Promise<void>;

const NOT_AUTHENTICATED = { detail: 'Not authenticated' };

async function requireUser(session: Session<DemoData>): Promise<string> {
  const userId = await session.userId();
  if (userId === undefined) throw new DemoHttpError(401, NOT_AUTHENTICATED);
  return userId;
}

/** The signed-in user of a session the server can list and revoke. */
async function requireRevocable(session: Session<DemoData>, revocable: boolean): Promise<string> {
  const userId = await requireUser(session);
  // Sealed cookies live only in browsers: the server cannot enumerate or revoke them.
  if (!revocable) {
    throw new DemoHttpError(501, { detail: 'Sealed cookie sessions cannot be listed or revoked' });
  }
  return userId;
}

/**
 * Logs the session out, and has the browser drop every cookie of the demo's origin too
 * (`Clear-Site-Data: "cookies"`, W3C Clear Site Data §3.1): the demo owns its origin.
 */
async function endSession(response: ServerResponse, session: Session<DemoData>): Promise<void> {
  const headers = await logOut(session, { clearSiteData: true });
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
}

/**
 * The session endpoints: login, protected data, logout, a counter and "my sessions". JSON
 * for API clients; browsers posting the home page's forms are sent back to it with a 303.
 */
export function sessionRoutes(
  manager: SessionManager<DemoData>,
  users: UserDirectory,
  revocable: boolean,
): Readonly<Record<string, Readonly<Record<string, SessionHandler>>>> {
  const logout: SessionHandler = async (request, response, session) => {
    await endSession(response, session);
    if (wantsHtml(request)) redirect(response, '/');
    else sendJson(response, 200, { message: 'Logged out' });
  };
  return {
    '/': {
      GET: async (_request, response, session) => {
        const userId = await session.userId();
        const count = userId === undefined ? undefined : await session.get('count');
        // A visitor's token lives in a pre-session, so the login form is protected (CS-07).
        sendHtml(response, 200, homePage({ userId, count, csrf: await csrfToken(session) }));
      },
    },
    '/login': {
      POST: async (request, response, session) => {
        const fields = await readFields(request);
        const username = requireField(fields, 'username');
        const password = requireField(fields, 'password');
        const userId = await users.verify(username, password);
        const html = wantsHtml(request);
        if (userId === undefined) {
          const detail = 'Incorrect username or password';
          if (html)
            sendHtml(response, 401, homePage({ error: detail, csrf: await csrfToken(session) }));
          else sendJson(response, 401, { detail });
          return;
        }
        // A new session ID on login, so an ID planted before it is worth nothing (ASVS 7.2.4).
        await session.logIn(userId);
        if (html) redirect(response, '/');
        else sendJson(response, 200, { message: 'Logged in successfully' });
      },
    },
    '/data': {
      GET: async (_request, response, session) => {
        const userId = await requireUser(session);
        sendJson(response, 200, { data: 'Secure data access granted', user_id: userId });
      },
    },
    '/logout': { GET: logout, POST: logout },
    '/counter': {
      POST: async (request, response, session) => {
        const count = await session.update('count', (n) => (n ?? 0) + 1);
        if (wantsHtml(request)) redirect(response, '/');
        else sendJson(response, 200, { count });
      },
    },
    '/sessions': {
      GET: async (request, response, session) => {
        const userId = await requireRevocable(session, revocable);
        const listed = await manager.listUserSessions(userId, session);
        if (wantsHtml(request)) {
          sendHtml(response, 200, sessionsPage(userId, listed, await csrfToken(session)));
          return;
        }
        sendJson(response, 200, {
          user_id: userId,
          sessions: listed.map((entry) => ({
            id: entry.id,
            created_at: entry.createdAt.toISOString(),
            last_seen_at: entry.lastSeenAt.toISOString(),
            user_agent: entry.userAgent ?? null,
            current: entry.current,
          })),
        });
      },
    },
    '/sessions/logout-everywhere': {
      POST: async (request, response, session) => {
        const userId = await requireRevocable(session, revocable);
        const keep = (await readFields(request)).get('keep_current') === 'true';
        const destroyed = await manager.destroyUserSessions(
          userId,
          keep ? { except: session } : {},
        );
        // The record is gone already; destroying the session here expires its cookie too.
        if (!keep) await endSession(response, session);
        if (wantsHtml(request)) redirect(response, keep ? '/sessions' : '/');
        else sendJson(response, 200, { destroyed });
      },
    },
  };
}
