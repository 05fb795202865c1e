import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { runCli } from './run.js';

const SECRET = 'cli-test-secret-that-is-long-enough-0123456789';

function cli(
  env: Record<string, string> = { TESSERA_SECRET: SECRET },
  files: Record<string, string> = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env,
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error('ENOENT');
      return text;
    },
  };
  const run = async (...argv: string[]) => ({
    code: await runCli(argv, io),
    stdout: out.splice(0).join(''),
    stderr: err.splice(0).join(''),
  });
  return run;
}

describe('tessera secret', () => {
  it('prints a fresh 256-bit base64url secret each time', async () => {
    const run = cli({});
    const first = await run('secret');
    const second = await run('secret');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    expect(second.stdout).not.toBe(first.stdout);
  });
});

describe('tessera sign / verify', () => {
  it('round-trips JSON through an itsdangerous token', async () => {
    const run = cli();
    const signed = await run('sign', '--salt', 'cookie-session', '{"user_id":1}');
    expect(signed.code).toBe(0);
    const token = signed.stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    const verified = await run('verify', '--salt', 'cookie-session', '--max-age', '60', token);
    expect(verified).toEqual({ code: 0, stdout: '{"user_id":1}\n', stderr: '' });
  });

  it('prints the error class and exits 1 for a forged or mis-salted token', async () => {
    const run = cli();
    const token = (await run('sign', '[1,2]')).stdout.trim();
    const wrongSalt = await run('verify', '--salt', 'other', token);
    expect(wrongSalt.code).toBe(1);
    expect(wrongSalt.stderr).toMatch(/^Bad(Time)?Signature\b/);
    const forged = await run('verify', `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(/^Bad(Time)?Signature\b/);
  });

  it('verifies a token signed under an older secret listed later in the secret file', async () => {
    const old = cli({ TESSERA_SECRET: 'old-secret' });
    const token = (await old('sign', '"hi"')).stdout.trim();
    const rotated = cli({}, { '/keys': 'new-secret\nold-secret\n' });
    expect(await rotated('verify', '--secret-file', '/keys', token)).toMatchObject({
      code: 0,
      stdout: '"hi"\n',
    });
  });
});

describe('tessera seal / unseal', () => {
  it('round-trips JSON through a sealed token', async () => {
    const run = cli();
    const sealed = await run('seal', '--ttl', '60', '{"cart":[1,2,3]}');
    expect(sealed.code).toBe(0);
    expect(sealed.stdout).toMatch(/^v1\./);
    expect(await run('unseal', sealed.stdout.trim())).toEqual({
      code: 0,
      stdout: '{"cart":[1,2,3]}\n',
      stderr: '',
    });
  });

  it('refuses a token sealed for another context', async () => {
    const run = cli();
    const token = (await run('seal', '--context', 'a', '1')).stdout.trim();
    const result = await run('unseal', '--context', 'b', token);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Seal/);
  });

  it('refuses a secret shorter than 32 bytes without printing it', async () => {
    const run = cli({ TESSERA_SECRET: 'short-secret' });
    const result = await run('seal', '{}');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ConfigError');
    expect(result.stderr).not.toContain('short-secret');
  });
});

describe('usage errors exit 2', () => {
  it.each([
    ['no command', []],
    ['an unknown command', ['frobnicate']],
    ['an unknown flag', ['sign', '--nope', '{}']],
    ['a missing argument', ['sign']],
    ['invalid JSON', ['sign', '{nope']],
    ['a non-integer max age', ['verify', '--max-age', '1.5', 'x.y.z']],
    ['a missing secret file', ['sign', '--secret-file', '/missing', '{}']],
    ['an empty secret file', ['sign', '--secret-file', '/empty', '{}']],
  ])('%s', async (_why, argv) => {
    const run = cli({ TESSERA_SECRET: SECRET }, { '/empty': '\n\n' });
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).toContain('Usage: tessera');
  });

  it('asks for a secret when none is configured', async () => {
    const result = await cli({})('sign', '{}');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('TESSERA_SECRET');
  });

  it('prints help and exits 0 when asked', async () => {
    expect(await cli()('--help')).toMatchObject({ code: 0 });
  });
});
