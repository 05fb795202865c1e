import { expect, it } from 'vitest';
import * as session from './index.js';

it('exports exactly the documented runtime names', () => {
  expect(Object.keys(session).sort()).toEqual(
    [
      'SessionError',
      'SessionManager',
      'SessionTooLargeError',
      'Session',
      'StoreError',
      'createSessionManager',
      'generateSessionId',
      'isSessionId',
    ].sort(),
  );
});
