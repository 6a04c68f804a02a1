import { type CliContext, migrateWithProgress, plural, withDatabase } from '../context.ts';

export async function migrateCommand(ctx: CliContext): Promise<void> {
  await withDatabase(ctx.readConfig(), async (database) => {
    const result = await migrateWithProgress(database, ctx.io);
    ctx.io.out(
      `database at version ${result.current}; ${plural(result.applied.length, 'migration')} applied`,
    );
  }, 'timebank migrate');
}
