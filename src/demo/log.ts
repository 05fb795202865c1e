import type { SessionEvent } from '../session/index.js';

/**
 * One JSON log line per session event. Events carry opaque handles at most, never session
 * IDs, cookie values or data; a store error is logged by its class and code only, since a
 * driver's message may quote a connection string (OWASP ASVS 5.0 16.5.1).
 */
export function logSessionEvent(log: (line: string) => void, event: SessionEvent): void {
  const { type } = event;
  const time = new Date().toISOString();
  switch (type) {
    case 'store-error': {
      const { name, code } = event.error as Error & { code?: unknown };
      log(JSON.stringify({ time, event: `session.${type}`, error: name, code }));
      return;
    }
    case 'rejected':
      log(JSON.stringify({ time, event: `session.${type}`, reason: event.reason }));
      return;
    case 'expired':
      log(
        JSON.stringify({
          time,
          event: `session.${type}`,
          handle: event.handle,
          deadline: event.deadline,
        }),
      );
      return;
    default:
      log(JSON.stringify({ time, event: `session.${type}`, handle: event.handle }));
  }
}

/**
 * Logs an error a handler threw (answered 500 by the adapter) by its class name only: its
 * message or stack may quote request data.
 */
export function errorLogger(log: (line: string) => void): (error: unknown) => void {
  return (error) => {
    const name = error instanceof Error ? error.name : typeof error;
    log(JSON.stringify({ time: new Date().toISOString(), event: 'error', error: name }));
  };
}
