import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { createSessionManager } from '../session/index.js';
import { attachSession, findSession, sessionOf } from './registry.js';

const secrets = ['a-test-secret-of-at-least-32-bytes-0001'];
const first = createSessionManager<{ a: number }>({ secrets });
const second = createSessionManager<{ b: string }>({ secrets, cookie: { name: '__Host-other' } });
const request = () => ({ headers: {} });

describe('the per-request session registry', () => {
  it('finds the session attached under a manager, and none under another', () => {
    const req = request();
    const session = first.fromRequest(req);
    attachSession(req, first, session);
    expect(findSession(req, first)).toBe(session);
    expect(findSession(req, second)).toBeUndefined();
  });

  it('keeps one session per manager when several share a request', () => {
    const req = request();
    const a = first.fromRequest(req);
    const b = second.fromRequest(req);
    attachSession(req, first, a);
    attachSession(req, second, b);
    const again = first.fromRequest(req);
    attachSession(req, first, again);
    expect(findSession(req, first)).toBe(again);
    expect(findSession(req, second)).toBe(b);
  });

  it('replaces the session of the same manager', () => {
    const req = request();
    attachSession(req, first, first.fromRequest(req));
    const later = first.fromRequest(req);
    attachSession(req, first, later);
    expect(sessionOf(req, first)).toBe(later);
  });

  it('leaves the request’s enumerable fields and JSON alone', () => {
    const req = request();
    attachSession(req, first, first.fromRequest(req));
    expect(Object.keys(req)).toEqual(['headers']);
    expect(JSON.stringify(req)).toBe('{"headers":{}}');
  });

  it('throws a ConfigError when the middleware did not run for that manager', () => {
    expect(() => sessionOf(request(), first)).toThrow(ConfigError);
  });
});
