import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../config.ts';
import { DomainError } from '../lib/errors.ts';
import { CliError, explain } from './errors.ts';
import type { CliIo } from './io.ts';
import { runCli } from './program.ts';

function captureIo(stdin = ''): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    readStdin: async () => stdin,
    promptSecret: async () => {
      throw new Error('no terminal in tests');
    },
    stdinIsTerminal: false,
  };
}

const noConfig = () => {
  throw new Error('the configuration must not be read');
};

describe('the command line', () => {
  it.each(['serve', 'migrate', 'demo', 'create-admin', 'backup', 'restore', 'verify'])(
    'prints help for %s without reading the configuration',
    async (command) => {
      const io = captureIo();
      expect(await runCli([command, '--help'], io, noConfig)).toBe(0);
      expect(io.stdout.join('')).toMatch(new RegExp(`Usage: timebank ${command}`));
    },
  );

  it('answers `help <command>` and --version with exit code 0', async () => {
    expect(await runCli(['help', 'backup'], captureIo(), noConfig)).toBe(0);
    const io = captureIo();
    expect(await runCli(['--version'], io, noConfig)).toBe(0);
    expect(io.stdout.join('')).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('shows the help and exits 2 when no command is given', async () => {
    const io = captureIo();
    expect(await runCli([], io, noConfig)).toBe(2);
    expect(io.stderr.join('')).toMatch(/Usage: timebank/);
  });

  it('exits 2 when a required option or argument is missing, or an argument is extra', async () => {
    const missingOption = captureIo();
    expect(await runCli(['create-admin', '--name', 'Jo'], missingOption, noConfig)).toBe(2);
    expect(missingOption.stderr.join('')).toMatch(/required option '--email <email>'/);
    expect(await runCli(['backup'], captureIo(), noConfig)).toBe(2);
    expect(await runCli(['migrate', 'extra'], captureIo(), noConfig)).toBe(2);
    expect(await runCli(['demo', '--seed', '1.5'], captureIo(), noConfig)).toBe(2);
  });

  it('exits 2 with the reason when the configuration is invalid', async () => {
    const io = captureIo();
    const code = await runCli(['migrate'], io, () =>
      readConfig({ PORT: 'eighty', TIMEBANK_SECRET_KEY: '0'.repeat(64) }),
    );
    expect(code).toBe(2);
    expect(io.stderr.join('')).toMatch(/invalid configuration:\n\s+PORT/);
  });

  it('exits 2 on a bad admin email before asking for a password', async () => {
    const io = captureIo('a-long-enough-passphrase\n');
    const args = ['create-admin', '--email', 'not-an-email', '--name', 'Jo', '--password-stdin'];
    expect(await runCli(args, io, noConfig)).toBe(2);
    expect(io.stderr.join('')).toMatch(/--email is not an email address/);
  });

  it('exits 2 without a password when stdin is not a terminal and --password-stdin is not given', async () => {
    const io = captureIo();
    expect(
      await runCli(['create-admin', '--email', 'jo@example.org', '--name', 'Jo'], io, noConfig),
    ).toBe(2);
    expect(io.stderr.join('')).toMatch(/--password-stdin/);
  });
});

describe('exit codes', () => {
  it('tells bad input (2) from failures (1), without stack traces', () => {
    expect(explain(new ConfigError('invalid configuration'))).toEqual({
      exitCode: 2,
      message: 'invalid configuration',
    });
    expect(explain(new DomainError('validation_failed', 'bad'))).toEqual({
      exitCode: 2,
      message: 'bad',
    });
    expect(explain(new DomainError('weak_password', 'weak'))).toEqual({
      exitCode: 2,
      message: 'weak',
    });
    expect(explain(new DomainError('conflict', 'taken'))).toEqual({
      exitCode: 1,
      message: 'taken',
    });
    expect(explain(new CliError('no pg_dump', 1))).toEqual({ exitCode: 1, message: 'no pg_dump' });
    expect(explain(new Error('disk full'))).toEqual({ exitCode: 1, message: 'disk full' });
  });
});
