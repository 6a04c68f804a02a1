// Exit codes: 0 done; 1 the work failed; 2 the command line or the input was wrong.
// Messages are one clear line, never a stack trace.
import { CommanderError } from 'commander';
import { ConfigError } from '../config.ts';
import { DataDirInUse } from '../db/lock.ts';
import { DomainError } from '../lib/errors.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export type ExitCode = typeof EXIT_OK | typeof EXIT_FAILURE | typeof EXIT_USAGE;

/** An error the CLI explains itself, with the exit code it ends with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: typeof EXIT_FAILURE | typeof EXIT_USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(message, EXIT_USAGE);
export const failure = (message: string) => new CliError(message, EXIT_FAILURE);

const BAD_INPUT_CODES = new Set(['validation_failed', 'weak_password']);

/** The exit code for an error, and the message to print (undefined: already printed). */
export function explain(err: unknown): { exitCode: ExitCode; message: string | undefined } {
  if (err instanceof CommanderError) {
    // Commander has printed its own message (or the help) already.
    return { exitCode: err.exitCode === 0 ? EXIT_OK : EXIT_USAGE, message: undefined };
  }
  if (err instanceof CliError) return { exitCode: err.exitCode, message: err.message };
  if (err instanceof ConfigError) return { exitCode: EXIT_USAGE, message: err.message };
  if (err instanceof DataDirInUse) {
    return {
      exitCode: EXIT_FAILURE,
      message: `${err.message}; stop it first, or wait for it to finish`,
    };
  }
  if (err instanceof DomainError) {
    return {
      exitCode: BAD_INPUT_CODES.has(err.code) ? EXIT_USAGE : EXIT_FAILURE,
      message: err.message,
    };
  }
  return { exitCode: EXIT_FAILURE, message: err instanceof Error ? err.message : String(err) };
}
