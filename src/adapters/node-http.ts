import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Session, SessionManager } from '../session/index.js';
import { holdHeaders } from './intercept.js';
import { UNAVAILABLE_BODY, applyCommit, isUnavailable } from './respond.js';

/** A node:http request listener with a session. */
export type SessionListener<T extends object> = (
  req: IncomingMessage,
  res: ServerResponse,
  session: Session<T>,
) => void | Promise<void>;

/** Answers a failure: 503 JSON for a store outage, 500 for anything else. */
function fail(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const unavailable = isUnavailable(error);
  const body = unavailable ? UNAVAILABLE_BODY : '{"detail":"Internal Server Error"}';
  res.writeHead(unavailable ? 503 : 500, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Options of {@link withSessions}. */
export interface NodeSessionOptions {
  /**
   * Receives errors the listener threw, other than store outages, after the 500 is sent.
   * @default console.error
   */
  readonly onError?: (error: unknown) => void;
}

/**
 * Wraps a node:http listener: the session commits when the listener first writes its head
 * or body, before anything is flushed (checklist MW-04), and its `Set-Cookie`, `Vary` and
 * `Cache-Control` headers join the listener's own (never replacing them). A store outage
 * answers 503; any other error the listener throws answers 500 and goes to `onError`.
 *
 * @example
 * createServer(withSessions(sessions, async (req, res, session) => { … }));
 */
export function withSessions<T extends object>(
  manager: SessionManager<T>,
  listener: SessionListener<T>,
  options: NodeSessionOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const { onError = console.error } = options;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const session = manager.fromRequest(req);
    const target = {
      get: (name: string) => res.getHeader(name)?.toString(),
      set: (name: string, value: string) => res.setHeader(name, value),
      append: (name: string, value: string) => res.appendHeader(name, value),
    };
    const held = holdHeaders(
      res,
      async () => {
        const committed = await session.commit();
        return () => {
          applyCommit(target, committed);
        };
      },
      (error) => {
        fail(res, error);
      },
    );
    try {
      await listener(req, res, session);
    } catch (error) {
      held.abort();
      fail(res, error);
      if (!isUnavailable(error)) onError(error);
    }
  };
  return (req, res) => {
    void handle(req, res);
  };
}
