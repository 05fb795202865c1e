import { UsageError, type CliIo } from './io.js';

/**
 * Reads the secrets the CLI signs and seals with: `--secret-file PATH` (one secret per
 * line, newest first, blank lines ignored) or else the `TESSERA_SECRET` environment
 * variable. Never from argv, where other users of the machine can read it in `ps`.
 */
export function loadSecrets(io: CliIo, secretFile: string | undefined): string[] {
  if (secretFile !== undefined) {
    let text: string;
    try {
      text = io.readFile(secretFile);
    } catch (error) {
      throw new UsageError(`Cannot read the secret file ${JSON.stringify(secretFile)}.`, {
        cause: error,
      });
    }
    const secrets = text.split(/\r?\n/).filter((line) => line.length > 0);
    if (secrets.length === 0) throw new UsageError('The secret file holds no secret.');
    return secrets;
  }
  const secret = io.env['TESSERA_SECRET'];
  if (secret === undefined || secret === '') {
    throw new UsageError(
      'No secret: set TESSERA_SECRET or pass --secret-file PATH (create one with `tessera secret`).',
    );
  }
  return [secret];
}
