// Writes the planned year of history through the ledger service, as the people who would have
// recorded it, with the ledger's clock set to each event's time: every rule of the ledger
// (limits, kinds, clearing, append-only) holds for the demo as for real use.
import type { Database } from '../db/database.ts';
import { ManualClock } from '../lib/clock.ts';
import { silentLogger } from '../lib/log.ts';
import type { Actor } from '../modules/audit/record.ts';
import { createLedger, type Ledger } from '../modules/ledger/service.ts';
import type { TransferInput } from '../modules/ledger/types.ts';
import {
  BALANCE_MINUTES_MIN,
  CLEARING_LIMIT_MINUTES,
  type HistoryActor,
  type HistoryEvent,
  type HistoryPlan,
  type Owner,
  type PlannedTransfer,
} from './history-model.ts';
import type { DemoPlan } from './plan.ts';

const PROGRESS_EVERY_EVENTS = 250;

export interface HistoryCounts {
  accounts: number;
  transfers: number;
}

interface Writer {
  ledger: Ledger;
  clock: ManualClock;
  networkId: string;
  accountIds: Map<string, string>;
  counts: HistoryCounts;
}

const ownerKey = (o: Owner) =>
  'memberId' in o
    ? `m:${o.memberId}`
    : 'organisationId' in o
      ? `o:${o.organisationId}`
      : `p:${o.communityPotOf}`;

export async function writeHistory(
  database: Pick<Database, 'db'>,
  plan: DemoPlan,
  history: HistoryPlan,
  onProgress: (done: number, total: number) => void,
): Promise<HistoryCounts> {
  const clock = new ManualClock(history.openedAt);
  const w: Writer = {
    ledger: createLedger({ db: database.db, clock, log: silentLogger }),
    clock,
    networkId: plan.network.id,
    accountIds: new Map(),
    counts: { accounts: 0, transfers: 0 },
  };
  await openLedgers(w, plan, history);
  for (const [i, event] of history.events.entries()) {
    clock.set(event.at);
    await apply(w, event);
    if ((i + 1) % PROGRESS_EVERY_EVENTS === 0 || i + 1 === history.events.length) {
      onProgress(i + 1, history.events.length);
    }
  }
  return w.counts;
}

function actorOf(w: Writer, a: HistoryActor): Actor {
  return {
    networkId: w.networkId,
    personId: a.personId,
    onBehalfOfPersonId: a.onBehalfOfPersonId,
    requestId: null,
  };
}

/** Each timebank's ledger (settings and community pot), then every pair of timebanks linked. */
async function openLedgers(w: Writer, plan: DemoPlan, history: HistoryPlan): Promise<void> {
  for (const t of plan.timebanks) {
    const coordinator = actorOf(w, {
      personId: history.coordinatorOf.get(t.id) ?? null,
      onBehalfOfPersonId: null,
    });
    const opened = await w.ledger.openTimebank(coordinator, {
      timebankId: t.id,
      settings: {
        starterMinutes: history.starterMinutesOf.get(t.id) ?? 0,
        balanceMinutesMin: BALANCE_MINUTES_MIN,
      },
    });
    w.accountIds.set(ownerKey({ communityPotOf: t.id }), opened.communityPotAccountId);
    w.counts.accounts++;
  }
  const admin = actorOf(w, { personId: history.networkAdminPersonId, onBehalfOfPersonId: null });
  for (const pair of history.links) {
    await w.ledger.linkTimebanks(admin, {
      timebankIds: pair,
      clearingLimitMinutes: CLEARING_LIMIT_MINUTES,
    });
    w.counts.accounts += 2;
  }
}

function inputOf(w: Writer, t: PlannedTransfer): TransferInput {
  const account = (o: Owner) => {
    const id = w.accountIds.get(ownerKey(o));
    if (!id) throw new Error(`the demo history uses an account that is not open: ${ownerKey(o)}`);
    return id;
  };
  return {
    id: t.id,
    debitAccountId: account(t.debit),
    creditAccountId: account(t.credit),
    minutes: t.minutes,
    kind: t.kind,
    category: t.category,
    memo: t.memo,
  };
}

async function apply(w: Writer, e: HistoryEvent): Promise<void> {
  const actor = actorOf(w, e.actor);
  if (e.type === 'open_member') {
    const account = await w.ledger.openMemberAccount(actor, {
      memberId: e.memberId,
      starterTransferId: e.starterTransferId,
    });
    w.accountIds.set(ownerKey({ memberId: e.memberId }), account.id);
    w.counts.accounts++;
    w.counts.transfers++; // the starter minutes
  } else if (e.type === 'open_organisation') {
    const account = await w.ledger.openOrganisationAccount(actor, {
      organisationId: e.organisationId,
    });
    w.accountIds.set(ownerKey({ organisationId: e.organisationId }), account.id);
    w.counts.accounts++;
  } else if (e.type === 'transfer') {
    const input = inputOf(w, e.transfer);
    const result = e.crossTimebank
      ? await w.ledger.crossTimebank(actor, input)
      : e.phase === 'pending'
        ? await w.ledger.recordPending(actor, input)
        : await w.ledger.transfer(actor, input);
    w.counts.transfers += result.transfers.length;
  } else if (e.type === 'batch') {
    const result = await w.ledger.transferBatch(
      actor,
      e.transfers.map((t) => inputOf(w, t)),
    );
    w.counts.transfers += result.transfers.length;
  } else {
    await w.ledger.reverse(actor, { id: e.id, transferId: e.transferId, reason: e.reason });
    w.counts.transfers++;
  }
}
