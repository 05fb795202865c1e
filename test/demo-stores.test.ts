import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { startDemo } from '../src/demo/server.js';
import { generateSessionId } from '../src/session/index.js';
import { serviceSkipReason } from '../src/stores/store.contract.js';
import { launch, tempDir } from './demo/client.js';

const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const postgresUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const services = [
  ['redis', redisUrl, await serviceSkipReason('Redis', redisUrl)],
  ['postgres', postgresUrl, await serviceSkipReason('PostgreSQL', postgresUrl)],
] as const;

describe.each(services)('the demo on %s', (_name, url, skip) => {
  it.skipIf(skip !== undefined)('logs in, serves data and logs out', async () => {
    const lines: string[] = [];
    const { client } = await launch({ store: url, dataDir: await tempDir() }, lines);
    const alice = client();
    expect((await alice.logIn()).status).toBe(200);
    expect((await alice.send('GET', '/data')).body).toMatchObject({ user_id: 'alice' });
    const stolen = alice.session ?? '';
    await alice.send('POST', '/logout');
    const replay = await client().send('GET', '/data', {
      headers: { cookie: `__Host-sid=${stolen}` },
    });
    expect(replay.status).toBe(401);
    expect(lines.join('\n')).not.toContain(stolen);
  });
});

describe('the demo when its store fails', () => {
  it('answers 503 and logs the store error without its message', async () => {
    const lines: string[] = [];
    const { client } = await launch(
      { store: 'postgres://app:hunter22@127.0.0.1:1/none', dataDir: await tempDir() },
      lines,
    );
    const reply = await client().logIn();
    expect(reply.status).toBe(503);
    expect(reply.body).toEqual({ detail: 'Session store unavailable' });
    const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events).toContainEqual(
      expect.objectContaining({ event: 'session.store-error', error: 'StoreError' }),
    );
    expect(lines.join('\n')).not.toContain('hunter22');
  });

  it('answers 503 when reading a session fails, never an anonymous 401', async () => {
    const { client } = await launch({
      store: 'postgres://app@127.0.0.1:1/none',
      dataDir: await tempDir(),
    });
    // A well-formed ID, so the store is asked; a malformed one is refused before that.
    const cookie = `__Host-sid=${generateSessionId()}`;
    for (const path of ['/data', '/sessions', '/']) {
      const reply = await client().send('GET', path, { headers: { cookie } });
      expect(reply.status).toBe(503);
    }
  });
});

describe('startDemo', () => {
  it('reads PORT, TESSERA_STORE and TESSERA_SECRET, and logs to the console', async () => {
    vi.stubEnv('PORT', '0');
    vi.stubEnv('TESSERA_STORE', 'memory');
    vi.stubEnv('TESSERA_SECRET', 'an-environment-secret-of-32-bytes-or-more');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    onTestFinished(() => {
      vi.unstubAllEnvs();
      log.mockRestore();
    });
    const demo = await startDemo();
    onTestFinished(() => demo.close());
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(log.mock.calls.map(([line]) => JSON.parse(String(line)) as unknown)).toEqual([
      { event: 'secret', source: 'environment' },
      { event: 'listening', url: demo.url, store: 'memory' },
    ]);
  });

  it('keeps its SQLite database and secret in dataDir by default, and logs where', async () => {
    const dataDir = await tempDir();
    const lines: string[] = [];
    const { client } = await launch({ dataDir, secret: '' }, lines);
    expect((await client().logIn()).status).toBe(200);
    expect((await stat(join(dataDir, 'demo.db'))).isFile()).toBe(true);
    const secret = (await readFile(join(dataDir, 'secret'), 'utf8')).trim();
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged[0]).toEqual({
      event: 'secret',
      source: 'created',
      file: join(dataDir, 'secret'),
    });
    expect(logged[1]).toMatchObject({
      event: 'listening',
      store: `sqlite:${join(dataDir, 'demo.db')}`,
    });
    expect(lines.join('\n')).not.toContain(secret);
  });

  it('uses a given secret and writes no secret file', async () => {
    const dataDir = await tempDir();
    const lines: string[] = [];
    const secret = 'a-demo-secret-of-at-least-32-bytes-01';
    await launch({ store: 'cookie', dataDir, secret }, lines);
    expect(JSON.parse(lines[0] ?? '')).toEqual({ event: 'secret', source: 'environment' });
    await expect(stat(join(dataDir, 'secret'))).rejects.toThrow();
    expect(lines.join('\n')).not.toContain(secret);
  });

  it('rejects when the port is taken, closing what it opened', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      await expect(
        startDemo({ port, store: 'memory', dataDir: await tempDir(), log: () => undefined }),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      blocker.close();
    }
  });

  it('rejects with a StoreError when Redis does not answer, instead of waiting forever', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    // Before the fix this hung until the test timed out: node-redis retried forever.
    await expect(
      startDemo({
        port: 0,
        store: `redis://127.0.0.1:${port}`,
        dataDir: await tempDir(),
        log: () => undefined,
      }),
    ).rejects.toMatchObject({ code: 'ERR_STORE' });
  });

  it('closes idempotently', async () => {
    const { demo } = await launch({ store: 'memory', dataDir: await tempDir() });
    await Promise.all([demo.close(), demo.close()]);
    expect(demo.server.listening).toBe(false);
  });
});
