// The `timebank` command line: commands, options and help. Each action is a function in
// commands/, loaded when it runs (so --help does not load the database or the server); errors
// become one clear line and an exit code (errors.ts).
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { type Config, readConfig } from '../config.ts';
import { SCALE_MAX, SCALE_MIN } from '../demo/plan.ts';
import { DEMO_SEED } from '../demo/data.ts';
import type { CreateAdminOptions } from './commands/create-admin.ts';
import type { DemoCommandOptions } from './commands/demo.ts';
import type { CliContext } from './context.ts';
import { EXIT_OK, type ExitCode, explain } from './errors.ts';
import type { CliIo } from './io.ts';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

function parseSeed(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('must be a whole number');
  return n;
}

function parseScale(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= SCALE_MIN && n <= SCALE_MAX)) {
    throw new InvalidArgumentError(`must be a number from ${SCALE_MIN} to ${SCALE_MAX}`);
  }
  return n;
}

const CONFIG_HELP = `
Configuration comes from the environment: DATABASE_URL (a PostgreSQL server; unset: the
embedded database in TIMEBANK_DATA_DIR, default ./data), PORT, HOST, TIMEBANK_DEMO and more
(see docs/cli.md). Exit codes: 0 done, 1 failed, 2 bad command line or input.`;

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('timebank')
    .description('Community timebanking: run the server and look after its database.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', CONFIG_HELP);

  program
    .command('serve')
    .description('migrate, create the demo network on an empty database, and serve the app')
    .action(async () => (await import('./commands/serve.ts')).serveCommand(ctx));

  program
    .command('migrate')
    .description('apply the database migrations that have not been applied yet')
    .action(async () => (await import('./commands/migrate.ts')).migrateCommand(ctx));

  program
    .command('demo')
    .description('create the demo network "Argyll Timebanks" (seven linked timebanks)')
    .option(
      '--seed <integer>',
      'seed of the generator: the same seed gives the same network',
      parseSeed,
      DEMO_SEED,
    )
    .option(
      '--scale <number>',
      `size against the full 1,406 memberships (${SCALE_MIN}-${SCALE_MAX})`,
      parseScale,
      1,
    )
    .option('--replace', 'delete the demo network first if it exists', false)
    .action(async (opts: DemoCommandOptions) =>
      (await import('./commands/demo.ts')).demoCommand(ctx, opts),
    );

  program
    .command('create-admin')
    .description(
      'create a network admin who signs in with email and password (and the network, if new)',
    )
    .requiredOption('--email <email>', "the admin's email, used to sign in")
    .requiredOption('--name <name>', "the admin's name as shown to others")
    .option('--network <slug>', 'the network (created when it does not exist)', 'main')
    .option('--network-name <name>', 'the name of a network created now (default: its slug)')
    .option('--password-stdin', 'read the password from stdin instead of asking', false)
    .action(async (opts: CreateAdminOptions) =>
      (await import('./commands/create-admin.ts')).createAdminCommand(ctx, opts),
    );

  program
    .command('backup')
    .description(
      'back up the database to a file (embedded: .tar.gz; server: pg_dump custom format)',
    )
    .argument('<file>', 'the file to write')
    .option('--force', 'overwrite the file if it exists', false)
    .action(async (file: string, opts: { force: boolean }) =>
      (await import('./commands/backup.ts')).backupCommand(ctx, file, opts),
    );

  program
    .command('restore')
    .description(
      'replace the database with a backup made by `timebank backup` (stop the server first)',
    )
    .argument('<file>', 'the backup to restore')
    .action(async (file: string) =>
      (await import('./commands/backup.ts')).restoreCommand(ctx, file),
    );

  program
    .command('verify')
    .description('check every invariant of the ledger; exit 1 listing what is broken')
    .action(async () => (await import('./commands/verify.ts')).verifyCommand(ctx));

  return program;
}

/** Runs the command line and returns the exit code; never throws. */
export async function runCli(
  args: readonly string[],
  io: CliIo,
  loadConfig: () => Config = () => readConfig(),
): Promise<ExitCode> {
  const program = buildProgram({ io, readConfig: loadConfig });
  try {
    await program.parseAsync([...args], { from: 'user' });
    return EXIT_OK;
  } catch (err) {
    const { exitCode, message } = explain(err);
    if (message) io.err(`timebank: ${message}`);
    return exitCode;
  }
}
