import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '../errors.js';

/** Where the demo's secret came from, for its log (never the secret itself). */
export type SecretSource = 'environment' | 'file' | 'created';

/**
 * The demo's secret: `TESSERA_SECRET` when set, else the one kept in `file`, else a new
 * random 32-byte one written there with mode 0600 (owner only) so restarts keep it, and
 * sealed cookies and sessions survive them. `flag: 'wx'` never overwrites a file a
 * concurrent start wrote first.
 * @throws {ConfigError} when the file exists but holds no secret.
 */
export async function loadOrCreateSecret(
  fromEnvironment: string | undefined,
  file: string,
): Promise<{ secret: string; source: SecretSource }> {
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    return { secret: fromEnvironment, source: 'environment' };
  }
  const existing = await readSecretFile(file);
  if (existing !== undefined) return { secret: existing, source: 'file' };
  const secret = randomBytes(32).toString('base64url');
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const raced = await readSecretFile(file);
    if (raced === undefined) throw error;
    return { secret: raced, source: 'file' };
  }
  return { secret, source: 'created' };
}

async function readSecretFile(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const secret = text.trim();
  if (secret === '') throw new ConfigError('The demo secret file is empty; delete it or fill it.');
  return secret;
}
