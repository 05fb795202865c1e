import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Session, SessionManager } from '../session/index.js';
import { answerFailure, commitBeforeHeaders } from './node-response.js';

export { deleteCookie, setCookie } from './node-response.js';
export { nodeCsrfRequest } from './node-response.js';

/** A node:http request listener with a session. */
export type SessionListener<T extends object> = (
  req: IncomingMessage,
  res: ServerResponse,
  session: Session<T>,
) => void | Promise<void>;

/** Options of {@link withSessions}. */
export interface NodeSessionOptions {
  /**
   * Receives errors the listener or the commit threw, other than store outages, after the
   * 500 is sent.
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
    const held = commitBeforeHeaders(res, session, onError);
    try {
      await listener(req, res, session);
    } catch (error) {
      held.abort();
      answerFailure(res, error, onError);
    }
  };
  return (req, res) => {
    void handle(req, res);
  };
}
