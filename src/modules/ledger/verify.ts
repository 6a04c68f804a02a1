// verifyLedger(db): checks every invariant of the ledger (docs/ledger.md) over the whole
// database, in one consistent snapshot, and lists what is wrong. An empty list: all hold.
// The CLI's `timebank verify` prints the list and exits 1 when it is not empty.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import * as q from './queries.ts';

export interface LedgerViolation {
  /** The invariant of docs/ledger.md that is broken (1-6). */
  invariant: 1 | 2 | 3 | 4 | 5 | 6;
  /** Which check found it, e.g. 'account_totals'. */
  check: string;
  networkId: string | null;
  /** The account, transfer or timebank concerned, when there is one. */
  subjectId: string | null;
  message: string;
}

type Check = [LedgerViolation['invariant'], string, (db: Kysely<DB>) => Promise<q.ViolationRow[]>];

export const LEDGER_CHECKS: readonly Check[] = [
  [1, 'network_balance', q.networkImbalances],
  [1, 'transfer_sides', q.malformedTransfers],
  [2, 'account_totals', q.totalMismatches],
  [2, 'account_history', q.historyBreaks],
  [3, 'account_limits', q.limitBreaches],
  [4, 'append_only_guards', q.missingGuards],
  [5, 'pending_resolution', q.badResolutions],
  [5, 'reversal_links', q.badReversals],
  [6, 'clearing_pairs', q.clearingBreaks],
  [6, 'timebank_balance', q.timebankImbalances],
  [6, 'timebank_boundaries', q.timebankStrays],
];

async function runChecks(db: Kysely<DB>): Promise<LedgerViolation[]> {
  const found: LedgerViolation[] = [];
  for (const [invariant, check, run] of LEDGER_CHECKS) {
    for (const row of await run(db)) {
      found.push({
        invariant,
        check,
        networkId: row.network_id,
        subjectId: row.subject_id,
        message: row.message,
      });
    }
  }
  return found;
}

/** Runs every check in one repeatable-read transaction (a consistent snapshot, even while
 * transfers are being posted) and returns the violations found, empty when all hold. Given
 * an open transaction, it runs inside that one. */
export async function verifyLedger(db: Kysely<DB>): Promise<LedgerViolation[]> {
  if (db.isTransaction) return runChecks(db);
  return db.transaction().setIsolationLevel('repeatable read').execute(runChecks);
}
