import { listMigrations } from '../../db/migrate.ts';
import { verifyLedger } from '../../modules/ledger/verify.ts';
import { type CliContext, plural, withDatabase } from '../context.ts';
import { failure } from '../errors.ts';
import { appliedVersion } from '../queries.ts';

/** Checks every invariant of the ledger; lists each violation and exits 1 when there is one. */
export async function verifyCommand(ctx: CliContext): Promise<void> {
  await withDatabase(ctx.readConfig(), async (database) => {
    ctx.io.err(`timebank: verifying the ledger in ${database.describe()}`);
    const latest = listMigrations().at(-1)?.version ?? 0;
    const version = await appliedVersion(database.db);
    if (version < latest) {
      throw failure(
        `the database is at version ${version} of ${latest}; run timebank migrate first`,
      );
    }
    const violations = await verifyLedger(database.db);
    for (const v of violations) {
      const where = [v.networkId && `network ${v.networkId}`, v.subjectId]
        .filter(Boolean)
        .join(' ');
      ctx.io.out(`invariant ${v.invariant} (${v.check})${where ? ` ${where}` : ''}: ${v.message}`);
    }
    if (violations.length > 0)
      throw failure(`${plural(violations.length, 'violation')} of the ledger's invariants`);
    ctx.io.out('the ledger holds every invariant');
  }, 'timebank verify');
}
