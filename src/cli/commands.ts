import { randomBytes } from 'node:crypto';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TesseraError } from '../errors.js';
import { URLSafeTimedSerializer } from '../tokens/itsdangerous/index.js';
import { Sealer } from '../tokens/sealed/index.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { loadSecrets } from './secrets.js';

type Command = (args: string[], io: CliIo) => number | Promise<number>;

const secretFileOption = { 'secret-file': { type: 'string' } } as const;

interface ParsedArgs {
  readonly values: Readonly<Record<string, string | undefined>>;
  /** The one positional argument (JSON or a token), or '' for commands that take none. */
  readonly argument: string;
}

/** Parses strictly: an unknown flag or a wrong number of arguments is a usage error. */
function parse(
  args: string[],
  options: ParseArgsConfig['options'],
  positionals: 0 | 1,
): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  if (parsed.positionals.length !== positionals) {
    throw new UsageError(`Expected ${positionals} argument(s), got ${parsed.positionals.length}.`);
  }
  // Every option the commands declare has type 'string'.
  const values = parsed.values as Record<string, string | undefined>;
  return { values, argument: parsed.positionals[0] ?? '' };
}

function parseJsonArgument(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError('The argument is not valid JSON.', { cause: error });
  }
}

function parseSeconds(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,12}$/.test(text)) throw new UsageError(`${flag} takes a whole number of seconds.`);
  return Number(text);
}

/** Prints a failed token as its error class name (and message), for scripts to branch on. */
function reportRejected(error: unknown, io: CliIo): number {
  if (!(error instanceof TesseraError)) throw error;
  io.stderr(`${error.name}: ${error.message}\n`);
  return EXIT.failed;
}

const secret: Command = (args, io) => {
  parse(args, {}, 0);
  io.stdout(`${randomBytes(32).toString('base64url')}\n`);
  return EXIT.ok;
};

// The secret file lists secrets newest first; itsdangerous takes them oldest → newest.
const itsdangerousSecrets = (io: CliIo, file: string | undefined): string[] =>
  loadSecrets(io, file).reverse();

const sign: Command = (args, io) => {
  const { values, argument } = parse(args, { salt: { type: 'string' }, ...secretFileOption }, 1);
  const value = parseJsonArgument(argument);
  const serializer = new URLSafeTimedSerializer(itsdangerousSecrets(io, values['secret-file']), {
    ...(values['salt'] !== undefined && { salt: values['salt'] }),
  });
  io.stdout(`${serializer.dumps(value)}\n`);
  return EXIT.ok;
};

const verify: Command = (args, io) => {
  const { values, argument } = parse(
    args,
    { salt: { type: 'string' }, 'max-age': { type: 'string' }, ...secretFileOption },
    1,
  );
  const maxAge = parseSeconds(values['max-age'], '--max-age');
  const serializer = new URLSafeTimedSerializer(itsdangerousSecrets(io, values['secret-file']), {
    ...(values['salt'] !== undefined && { salt: values['salt'] }),
  });
  try {
    const payload = serializer.loads(argument, maxAge === undefined ? {} : { maxAge });
    io.stdout(`${JSON.stringify(payload)}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportRejected(error, io);
  }
};

function sealer(io: CliIo, values: ParsedArgs['values']): Sealer {
  return new Sealer(loadSecrets(io, values['secret-file']), {
    ...(values['context'] !== undefined && { context: values['context'] }),
  });
}

const seal: Command = (args, io) => {
  const { values, argument } = parse(
    args,
    { ttl: { type: 'string' }, context: { type: 'string' }, ...secretFileOption },
    1,
  );
  const value = parseJsonArgument(argument);
  const ttl = parseSeconds(values['ttl'], '--ttl');
  io.stdout(`${sealer(io, values).seal(value, ttl === undefined ? {} : { ttl })}\n`);
  return EXIT.ok;
};

const unseal: Command = (args, io) => {
  const { values, argument } = parse(args, { context: { type: 'string' }, ...secretFileOption }, 1);
  const opener = sealer(io, values);
  try {
    io.stdout(`${JSON.stringify(opener.unseal(argument).value)}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportRejected(error, io);
  }
};

const demo: Command = async (args) => {
  parse(args, {}, 0);
  const { startDemo } = await import('../demo/server.js');
  await startDemo();
  return EXIT.ok;
};

/** Every `tessera` subcommand by name. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  secret,
  sign,
  verify,
  seal,
  unseal,
  demo,
};
