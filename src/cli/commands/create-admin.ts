import { checkAdminPassword, createNetworkAdmin, parseAdminInput } from '../admin.ts';
import { type CliContext, withDatabase, migrateWithProgress } from '../context.ts';
import { usageError } from '../errors.ts';
import type { CliIo } from '../io.ts';

export interface CreateAdminOptions {
  email: string;
  name: string;
  network: string;
  networkName?: string;
  passwordStdin: boolean;
}

export async function createAdminCommand(ctx: CliContext, opts: CreateAdminOptions): Promise<void> {
  const raw = {
    email: opts.email,
    displayName: opts.name,
    networkSlug: opts.network,
    networkName: opts.networkName,
  };
  const input = parseAdminInput(raw);
  const password = await readPassword(ctx.io, opts.passwordStdin);
  checkAdminPassword(password, input.email); // before opening the database: bad input fails fast
  await withDatabase(ctx.readConfig(), async (database) => {
    await migrateWithProgress(database, ctx.io);
    const created = await createNetworkAdmin(database, raw, password);
    if (created.networkCreated) ctx.io.out(`network "${opts.network}" created`);
    ctx.io.out(
      `network admin ${input.email} created in "${opts.network}"; ` +
        'they set up their second factor (TOTP) at first sign-in',
    );
  }, 'timebank create-admin');
}

/** From stdin (one line; the newline is not part of it) or asked twice on the terminal. */
async function readPassword(io: CliIo, fromStdin: boolean): Promise<string> {
  if (fromStdin) return (await io.readStdin()).replace(/\r?\n$/, '');
  if (!io.stdinIsTerminal) {
    throw usageError(
      'no password: pipe it in with --password-stdin, or run in a terminal to be asked',
    );
  }
  const first = await io.promptSecret('Password for the new network admin: ');
  const again = await io.promptSecret('The same password again: ');
  if (first !== again) throw usageError('the two passwords differ');
  return first;
}
