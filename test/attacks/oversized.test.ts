/**
 * Oversized headers (corpus §8.L, checklist CP-07, SS-04): a huge Cookie header, thousands of
 * cookies, a huge session cookie value. Each is answered with a clean 4xx or ignored, in
 * bounded time, never a 500 or a crash, and the server keeps serving.
 */
import { expect } from 'vitest';
import {
  describeMatrix,
  expectAnonymous,
  HEADER_BACKENDS,
  NAME,
  rawRequest,
  type World,
} from './harness.js';

/** A logged-in browser's session cookie. */
async function aliceCookie(world: World): Promise<string> {
  const user = world.browser();
  await user.browse('POST', '/login');
  return `${NAME}=${user.session!}`;
}

/** `GET /data` with `cookie`, and how long the answer took. */
async function timed(world: World, cookie: string) {
  const started = performance.now();
  const result = await world.node.send('GET', '/data', { cookie });
  return { result, ms: performance.now() - started };
}

describeMatrix('oversized headers', HEADER_BACKENDS, ({ it, setup }) => {
  it('a Cookie header over 16 KiB is refused with 431 before the application, and the server keeps serving', async () => {
    const world = await setup();
    const alice = await aliceCookie(world);
    const huge = await world.node.send('GET', '/data', {
      cookie: `pad=${'x'.repeat(17_000)}; ${alice}`,
    });
    expect(huge.status).toBe(431);
    expect(huge.setCookies).toEqual([]);
    expect((await world.node.send('GET', '/data', { cookie: alice })).body).toEqual({
      user_id: 'alice',
    });
  });

  it('a 15 KiB session cookie value is anonymous, and never reaches the store', async () => {
    const world = await setup();
    for (const value of ['A'.repeat(15_000), `v1.k1.${'A'.repeat(15_000)}`]) {
      const { result } = await timed(world, `${NAME}=${value}`);
      expectAnonymous(result);
    }
    expect(world.calls('get')).toBe(0);
  });

  it('a thousand cookies ahead of the session cookie are parsed and the session still loads', async () => {
    const world = await setup();
    const alice = await aliceCookie(world);
    const crowd = Array.from({ length: 1000 }, (_, i) => `c${i}=${i}`).join('; ');
    const { result, ms } = await timed(world, `${crowd}; ${alice}`);
    expect(result.body).toEqual({ user_id: 'alice' });
    expect(ms).toBeLessThan(1000);
  });

  it('a thousand duplicate session cookies sent first give an anonymous 401, not a 500', async () => {
    const world = await setup();
    const alice = await aliceCookie(world);
    const { result } = await timed(world, `${`${NAME}=x; `.repeat(1000)}${alice}`);
    expectAnonymous(result);
  });

  it('fifteen thousand separators or nameless pairs are skipped in bounded time', async () => {
    const world = await setup();
    const alice = await aliceCookie(world);
    for (const filler of [';'.repeat(15_000), '='.repeat(15_000), '; ='.repeat(5_000)]) {
      const { result, ms } = await timed(world, `${filler}; ${alice}`);
      expect(result.body).toEqual({ user_id: 'alice' });
      expect(ms).toBeLessThan(1000);
    }
  });

  it('five hundred Cookie header lines are joined and read, not refused with a 500', async () => {
    const world = await setup();
    const alice = await aliceCookie(world);
    const lines = Array.from({ length: 500 }, (_, i) => `Cookie: c${i}=${i}`);
    const result = await rawRequest(world.node.url, [
      'GET /data HTTP/1.1',
      ...lines,
      `Cookie: ${alice}`,
    ]);
    expect(result.status).toBe(200);
    expect(result.body).toContain('"user_id":"alice"');
  });
});
