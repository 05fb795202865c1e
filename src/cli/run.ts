import { TesseraError } from '../errors.js';
import { COMMANDS } from './commands.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { USAGE } from './usage.js';

/**
 * Runs one `tessera` command line and returns its exit code. Usage mistakes exit 2 with
 * the help text; configuration errors (a secret too short to seal with) exit 1 with
 * their message; secrets are never printed.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  try {
    if (command === undefined) throw new UsageError(`Unknown command ${JSON.stringify(name)}.`);
    return await command(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`tessera: ${error.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (error instanceof TesseraError) {
      io.stderr(`tessera: ${error.name}: ${error.message}\n`);
      return EXIT.failed;
    }
    throw error;
  }
}
