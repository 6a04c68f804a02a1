// Keeps the planned events the ledger would accept, following what it checks: both accounts
// open, no balance below its floor (pending debits count at once, pending credits only once
// posted), and the net between two linked timebanks within their clearing limit.
import {
  BALANCE_MINUTES_MIN,
  CLEARING_LIMIT_MINUTES,
  type HistoryEvent,
  type Owner,
  type PlannedTransfer,
} from './history-model.ts';

export interface FeasibilityRules {
  timebankOfMember: Map<string, string>;
  starterMinutesOf: Map<string, number>;
}

const keyOf = (o: Owner) =>
  'memberId' in o
    ? `m:${o.memberId}`
    : 'organisationId' in o
      ? `o:${o.organisationId}`
      : `p:${o.communityPotOf}`;

/** Community pots have no floor: they pay starters and activities and may go below zero. */
const floorOf = (o: Owner) =>
  'communityPotOf' in o ? Number.NEGATIVE_INFINITY : BALANCE_MINUTES_MIN;

class Books {
  readonly #balance = new Map<string, number>();
  readonly #open = new Set<string>();
  readonly #clearingNet = new Map<string, number>();
  readonly #posted = new Map<string, PlannedTransfer>();

  constructor(private readonly rules: FeasibilityRules) {}

  open(owner: Owner): void {
    this.#open.add(keyOf(owner));
  }

  isOpen(owner: Owner): boolean {
    return this.#open.has(keyOf(owner));
  }

  canDebit(owner: Owner, minutes: number): boolean {
    return this.isOpen(owner) && (this.#balance.get(keyOf(owner)) ?? 0) - minutes >= floorOf(owner);
  }

  move(debit: Owner, credit: Owner | null, minutes: number): void {
    this.#add(debit, -minutes);
    if (credit) this.#add(credit, minutes);
  }

  #add(owner: Owner, minutes: number): void {
    this.#balance.set(keyOf(owner), (this.#balance.get(keyOf(owner)) ?? 0) + minutes);
  }

  /** Books the clearing between two members' timebanks, if it stays within the limit. */
  clear(t: PlannedTransfer): boolean {
    const payer = this.rules.timebankOfMember.get((t.debit as { memberId: string }).memberId)!;
    const payee = this.rules.timebankOfMember.get((t.credit as { memberId: string }).memberId)!;
    const [key, sign] = payer < payee ? [`${payer}|${payee}`, 1] : [`${payee}|${payer}`, -1];
    const net = (this.#clearingNet.get(key) ?? 0) + sign * t.minutes;
    if (Math.abs(net) > CLEARING_LIMIT_MINUTES) return false;
    this.#clearingNet.set(key, net);
    return true;
  }

  remember(t: PlannedTransfer): void {
    this.#posted.set(t.id, t);
  }

  posted(id: string): PlannedTransfer | undefined {
    return this.#posted.get(id);
  }
}

/** The events, in order, that the ledger would accept; the others are left out. */
export function keepFeasible(events: HistoryEvent[], rules: FeasibilityRules): HistoryEvent[] {
  const books = new Books(rules);
  const kept: HistoryEvent[] = [];
  for (const e of events) {
    const accepted = accept(books, rules, e);
    if (accepted) kept.push(accepted);
  }
  return kept;
}

function accept(books: Books, rules: FeasibilityRules, e: HistoryEvent): HistoryEvent | undefined {
  switch (e.type) {
    case 'open_member': {
      const member = { memberId: e.memberId };
      const pot = { communityPotOf: rules.timebankOfMember.get(e.memberId)! };
      books.open(member);
      books.open(pot);
      books.move(pot, member, rules.starterMinutesOf.get(pot.communityPotOf) ?? 0);
      return e;
    }
    case 'open_organisation':
      books.open({ organisationId: e.organisationId });
      return e;
    case 'transfer': {
      const t = e.transfer;
      if (!books.canDebit(t.debit, t.minutes) || !books.isOpen(t.credit)) return undefined;
      if (e.crossTimebank && !books.clear(t)) return undefined;
      books.move(t.debit, e.phase === 'posted' ? t.credit : null, t.minutes);
      if (e.phase === 'posted') books.remember(t);
      return e;
    }
    case 'batch': {
      const legs = e.transfers.filter(
        (t) => books.isOpen(t.credit) && books.canDebit(t.debit, t.minutes),
      );
      for (const t of legs) books.move(t.debit, t.credit, t.minutes);
      return legs.length > 0 ? { ...e, transfers: legs } : undefined;
    }
    case 'reverse': {
      const original = books.posted(e.transferId);
      if (!original || !books.canDebit(original.credit, original.minutes)) return undefined;
      books.move(original.credit, original.debit, original.minutes);
      return e;
    }
  }
}
