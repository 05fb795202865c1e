import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const PYTHON = '/usr/bin/python3';
const SECRET = 'process-test-secret-0123456789-abcdefghijklmnop';

function tessera(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', ...env },
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const pythonPeer =
  existsSync(PYTHON) &&
  spawnSync(PYTHON, ['-c', 'import itsdangerous'], { encoding: 'utf8' }).status === 0;
const requirePeer = process.env['TESSERA_REQUIRE_SERVICES'] === '1';

describe('the tessera executable', () => {
  it('exits 2 with usage on a bad command line, 1 on a rejected token', () => {
    expect(tessera(['nope']).code).toBe(2);
    const rejected = tessera(['verify', 'e30.AAAA.BBBB'], { TESSERA_SECRET: SECRET });
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/^Bad/);
  });

  it.skipIf(!pythonPeer && !requirePeer)(
    'signs tokens that Python itsdangerous verifies, and verifies tokens Python signs',
    () => {
      expect(pythonPeer, `${PYTHON} with itsdangerous is required`).toBe(true);
      const ours = tessera(['sign', '--salt', 'cli', '{"user":"zoë"}'], { TESSERA_SECRET: SECRET });
      expect(ours.code).toBe(0);
      const script = [
        'import sys, json, itsdangerous',
        's = itsdangerous.URLSafeTimedSerializer(sys.argv[1], salt="cli")',
        'print(json.dumps(s.loads(sys.argv[2], max_age=60), ensure_ascii=False))',
        'print(s.dumps({"from": "python"}))',
      ].join('\n');
      const python = spawnSync(PYTHON, ['-c', script, SECRET, ours.stdout.trim()], {
        encoding: 'utf8',
      });
      expect(python.stderr).toBe('');
      const [loaded, theirs] = python.stdout.trim().split('\n');
      expect(JSON.parse(loaded!)).toEqual({ user: 'zoë' });
      const verified = tessera(['verify', '--salt', 'cli', '--max-age', '60', theirs!], {
        TESSERA_SECRET: SECRET,
      });
      expect(verified).toMatchObject({ code: 0, stdout: '{"from":"python"}\n' });
    },
  );
});
