/**
 * S10 cookie swapping and purpose confusion: a value minted for one purpose or one cookie is
 * presented as another: a CSRF token as the session, a session cookie moved to another name,
 * a token sealed or signed with the same secret for something else (checklist TK-07, AE-02).
 */
import { expect } from 'vitest';
import { generateSessionId } from '../../src/session/index.js';
import { URLSafeTimedSerializer } from '../../src/tokens/itsdangerous/index.js';
import { Sealer } from '../../src/tokens/sealed/index.js';
import {
  describeMatrix,
  envelope,
  expectAnonymous,
  HEADER_BACKENDS,
  NAME,
  SECRET,
  sessionCookieIn,
} from './harness.js';

describeMatrix(
  'cookie used under another name or purpose',
  HEADER_BACKENDS,
  ({ it, setup, stateful }) => {
    it('a CSRF token presented as the session cookie is anonymous and never names a record', async () => {
      const world = await setup();
      const victim = world.browser();
      await victim.browse('POST', '/login');
      const { token } = (await victim.browse('GET', '/csrf/token')).body as { token: string };
      const cookie = `${NAME}=${token}`;
      expectAnonymous(await world.node.send('GET', '/data', { cookie }));
      const write = await world.node.send('POST', '/counter', { cookie });
      expect(write.body).toEqual({ count: 1 });
      expect(sessionCookieIn(write)).not.toBe(token);
      if (stateful) expect(await world.record(token)).toBeUndefined();
    });

    it('a token signed with the same secret by the itsdangerous serializer is not a session', async () => {
      const world = await setup();
      const signed = new URLSafeTimedSerializer(SECRET, { salt: 'cookie-session' }).dumps({
        user_id: 'alice',
      });
      expectAnonymous(await world.node.send('GET', '/data', { cookie: `${NAME}=${signed}` }));
    });

    it('a cookie of the other session mode is anonymous and never reaches the store', async () => {
      const world = await setup();
      const foreign = stateful
        ? world.seal({ e: envelope(world.clock.now(), { u: 'alice' }), s: world.clock.now() })
        : generateSessionId();
      expectAnonymous(await world.node.send('GET', '/data', { cookie: `${NAME}=${foreign}` }));
      expect(world.calls('get')).toBe(0);
    });

    if (!stateful) {
      it('a sealed session moved to another cookie name is refused: the name is sealed in', async () => {
        const world = await setup();
        const appA = await world.start({ cookie: { name: '__Host-a' } });
        const appB = await world.start({ cookie: { name: '__Host-b' } });
        const user = world.browser(appA);
        await user.browse('POST', '/login');
        const token = user.jar.get('__Host-a')!;
        expect((await appA.send('GET', '/data', { cookie: `__Host-a=${token}` })).body).toEqual({
          user_id: 'alice',
        });
        expectAnonymous(await appB.send('GET', '/data', { cookie: `__Host-b=${token}` }));
      });

      it('a token sealed with the same secret for another purpose does not open as a session', async () => {
        const world = await setup();
        const now = world.clock.now();
        const payload = { e: envelope(now, { u: 'alice' }), s: now };
        const reset = new Sealer([SECRET], { context: 'password-reset', now: world.clock.now });
        expectAnonymous(
          await world.node.send('GET', '/data', { cookie: `${NAME}=${reset.seal(payload)}` }),
        );
        // The same payload sealed for the session cookie does open: the context alone refused it.
        const genuine = await world.node.send('GET', '/data', {
          cookie: `${NAME}=${world.seal(payload)}`,
        });
        expect(genuine.body).toEqual({ user_id: 'alice' });
      });
    }
  },
);
