import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError } from '../errors.js';
import { loadOrCreateSecret } from './secret.js';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-secret-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('loadOrCreateSecret', () => {
  it('prefers the environment and writes no file', async () => {
    const file = join(await tempDir(), 'secret');
    const secret = 'from-the-environment-0123456789abcdef';
    expect(await loadOrCreateSecret(secret, file)).toEqual({ secret, source: 'environment' });
    await expect(stat(file)).rejects.toThrow();
  });

  it.each([undefined, ''])(
    'creates a 32-byte secret once, owner-only, when the environment has %j',
    async (value) => {
      const file = join(await tempDir(), 'nested', 'secret');
      const created = await loadOrCreateSecret(value, file);
      expect(created.source).toBe('created');
      expect(Buffer.from(created.secret, 'base64url')).toHaveLength(32);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(await loadOrCreateSecret(value, file)).toEqual({
        secret: created.secret,
        source: 'file',
      });
    },
  );

  it('gives concurrent first starts the same secret', async () => {
    const file = join(await tempDir(), 'secret');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => loadOrCreateSecret(undefined, file)),
    );
    const kept = (await readFile(file, 'utf8')).trim();
    expect(new Set(results.map((result) => result.secret))).toEqual(new Set([kept]));
  });

  it('refuses an empty secret file', async () => {
    const file = join(await tempDir(), 'secret');
    await writeFile(file, '\n');
    await expect(loadOrCreateSecret(undefined, file)).rejects.toThrow(ConfigError);
  });

  it('passes on a file it cannot read', async () => {
    const dir = await tempDir();
    await expect(loadOrCreateSecret(undefined, dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('passes on a folder it cannot create', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'file'), 'x');
    await expect(loadOrCreateSecret(undefined, join(dir, 'file', 'secret'))).rejects.toMatchObject({
      code: 'ENOTDIR',
    });
  });

  it('passes on a secret file it can neither create nor read', async () => {
    const dir = await tempDir();
    const file = join(dir, 'secret');
    // A dangling link reads as missing, yet an exclusive create refuses it.
    await symlink(join(dir, 'nowhere', 'secret'), file);
    await expect(loadOrCreateSecret(undefined, file)).rejects.toMatchObject({ code: 'EEXIST' });
  });
});
