// Exchanges: proposing one on a listing, agreeing it (when, where, who gives, expenses, how
// often), changing and cancelling it, and reading its whole story. The steps after agreement
// (done, no-show, hours, confirm, dispute, resolve) are in steps.ts; thank-you notes in thanks.ts.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, type FieldError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Logger } from '../../lib/log.ts';
import type { Actor } from '../audit/record.ts';
import { type Principal, subjectPersonId } from '../auth/principal.ts';
import type { Ledger } from '../ledger/service.ts';
import { timeZoneOf } from '../tenancy/queries.ts';
import { isStaffFor, type Loaded, loadFor, memberIdsOf, memberParty, notifyParties, organisationParty, type Party, partiesOf, recordStep, rolesOf, speaksAs, whenText } from './access.ts';
import { assertGiversSuitable, planOf } from './checks.ts';
import * as q from './queries.ts';
import { assertExchangeState, assertExpenses, assertRole, type ExpensesInput, makeOccurrences, type Repeat } from './rules.ts';
import { wallOf } from '../../lib/zone.ts';
import { createSteps } from './steps.ts';
import { createThanks } from './thanks.ts';

export interface ProposeInput {
  listingId: string;
  /** The member who receives; none on an organisation's request (the organisation receives). */
  receiverMemberId?: string | undefined;
  /** One or two members who give; none on an organisation's offer (the organisation gives). */
  giverMemberIds?: string[] | undefined;
  note?: string | null | undefined;
}

export interface AgreeInput {
  /** The first day (YYYY-MM-DD) and time (HH:MM), in the timebank's zone. */
  date: string;
  time: string;
  durationMinutes: number;
  place: string;
  /** Who gives: one or two members; the proposed givers when left out. */
  giverMemberIds?: string[] | undefined;
  expenses?: ExpensesInput | null | undefined;
  repeat?: Repeat | null | undefined;
}

export interface ChangeInput {
  place?: string | undefined;
  giverMemberIds?: string[] | undefined;
  /** undefined: unchanged; null: no expenses any more. */
  expenses?: ExpensesInput | null | undefined;
  /** Move one agreed occurrence. */
  occurrence?: { occurrenceId: string; date: string; time: string; durationMinutes?: number | undefined } | undefined;
  reason?: string | null | undefined;
}

export interface ExchangesDeps {
  db: Kysely<DB>;
  clock: Clock;
  log: Logger;
  ledger: Ledger;
}

const invalid = (path: string, message: string, code = 'validation_failed') => new DomainError(code, message, { fields: [{ path, message }] });

/** One or two givers, distinct, none of them the receiver. */
function assertGiverList(ids: string[], receiverMemberId: string | null, base = '/body/giverMemberIds') {
  if (ids.length < 1 || ids.length > 2) throw invalid(base, 'one or two givers');
  if (new Set(ids).size !== ids.length) throw invalid(`${base}/1`, 'the same giver twice');
  const i = receiverMemberId === null ? -1 : ids.indexOf(receiverMemberId);
  if (i >= 0) throw invalid(`${base}/${i}`, 'the receiver cannot also give');
}

/**
 * Who the members of a proposal are. On a member's listing: the receiver and one or two givers,
 * both given. On an organisation's request the organisation receives (no receiver is named) and
 * one or two members give; on its offer the organisation gives (no giver is named) and a member
 * receives.
 */
function sidesOf(kind: string, org: q.OrganisationRow | undefined, input: ProposeInput): { receiverMemberId: string | null; giverMemberIds: string[] } {
  const givers = input.giverMemberIds ?? [];
  if (org && kind === 'request') {
    if (input.receiverMemberId !== undefined) throw invalid('/body/receiverMemberId', `${org.name} receives the help it asked for: name no receiver`, 'listing_party');
    assertGiverList(givers, null);
    return { receiverMemberId: null, giverMemberIds: givers };
  }
  if (org) {
    if (givers.length) throw invalid('/body/giverMemberIds', `${org.name} gives what it offers: name no giver`, 'listing_party');
    if (!input.receiverMemberId) throw invalid('/body/receiverMemberId', 'the member who receives');
    return { receiverMemberId: input.receiverMemberId, giverMemberIds: [] };
  }
  if (!input.receiverMemberId) throw invalid('/body/receiverMemberId', 'the member who receives');
  assertGiverList(givers, input.receiverMemberId);
  return { receiverMemberId: input.receiverMemberId, giverMemberIds: givers };
}

/** An organisation takes part when someone acts for it with its account (an admin or a member
 * of it): else nobody could agree or confirm for it. Organisations have no status of their own. */
function assertSomeoneActsFor(org: Party) {
  if (org.personIds.length === 0) {
    throw invalid('/body/listingId', `nobody acts for ${org.name} yet: a coordinator adds someone first`, 'organisation_inactive');
  }
}

/** A person who acts for the organisation is not on the other side of its exchange: they do
 * not give to it, nor receive what it offers (they would pay themself from its account).
 * `fieldOf(i)` names the field of the i-th member. */
function assertNotItsOwnPeople(org: Party, members: (Pick<Party, 'name' | 'personIds'> | undefined)[], fieldOf: (i: number) => string) {
  const i = members.findIndex((x) => x?.personIds.some((id) => org.personIds.includes(id)));
  if (i >= 0) throw invalid(fieldOf(i), `${members[i]!.name} acts for ${org.name}: an organisation does not exchange with its own people`, 'organisation_self');
}

/** The same, for givers chosen by id (agreeing or changing an organisation's request). */
async function assertGiversNotItsOwn(db: Kysely<DB> | Transaction<DB>, networkId: string, receiver: Party, giverIds: string[]) {
  if (!receiver.organisationId) return;
  const members = await q.membersAnywhere(db, networkId, giverIds);
  // An unknown id is left to the giver checks ("no such member").
  const parties = giverIds.map((id) => members.get(id)).map((m) => (m ? memberParty(m) : undefined));
  assertNotItsOwnPeople(receiver, parties, (i) => `/body/giverMemberIds/${i}`);
}

const expensesOf = (e: q.ExchangeRow): ExpensesInput | null =>
  e.expenses_minor === null ? null : { amountMinor: Number(e.expenses_minor), currency: e.expenses_currency!, what: e.expenses_for ?? '', payer: e.expenses_payer! };

const expensesColumns = (e: ExpensesInput | null) => ({
  expenses_minor: e ? e.amountMinor : null,
  expenses_currency: e ? e.currency.trim().toUpperCase() : null,
  expenses_for: e ? e.what : null,
  expenses_payer: e ? e.payer : null,
});

export function createExchanges(deps: ExchangesDeps) {
  const { db, clock } = deps;
  const inTx = <T>(fn: (tx: Transaction<DB>) => Promise<T>) => db.transaction().execute(fn);

  /** Proposes an exchange on an open listing: the receiver and the givers are members of the
   * network (of the listing's timebank unless it is shown to the whole network), and the
   * listing's author is the receiver of a request or a giver of an offer. On an organisation's
   * listing the organisation is that party: it receives on its request (members give), and it
   * is the only giver on its offer (a member receives). */
  async function propose(p: Principal, actor: Actor, input: ProposeInput) {
    const listing = await q.findListing(db, p.networkId, input.listingId);
    if (!listing) throw notFound('listing');
    const org = listing.organisation_id ? (await q.organisationsAnywhere(db, p.networkId, [listing.organisation_id])).get(listing.organisation_id) : undefined;
    const sides = sidesOf(listing.kind, org, input);
    const memberIds = [...(sides.receiverMemberId ? [sides.receiverMemberId] : []), ...sides.giverMemberIds];
    const members = await q.membersAnywhere(db, p.networkId, memberIds);
    const fields: FieldError[] = [];
    const check = (memberId: string, path: string) => {
      const m = members.get(memberId);
      if (!m) fields.push({ path, message: 'no such member' });
      else if (m.status !== 'active' && m.status !== 'paused') fields.push({ path, message: `not an active member (${m.status})` });
      else if (listing.visibility === 'timebank' && m.timebank_id !== listing.timebank_id) fields.push({ path, message: "not a member of the listing's timebank" });
    };
    if (sides.receiverMemberId) check(sides.receiverMemberId, '/body/receiverMemberId');
    for (const [i, id] of sides.giverMemberIds.entries()) check(id, `/body/giverMemberIds/${i}`);
    if (fields.length) throw new DomainError('validation_failed', fields[0]!.message, { fields });
    const orgParty = org ? organisationParty(org) : null;
    const asParties = {
      receiver: sides.receiverMemberId ? memberParty(members.get(sides.receiverMemberId)!) : orgParty!,
      givers: sides.giverMemberIds.length ? sides.giverMemberIds.map((id) => memberParty(members.get(id)!)) : [orgParty!],
    };
    // Only people in it, or brokers of its timebanks, may propose it.
    const roles = rolesOf(p, { timebank_id: listing.timebank_id }, asParties.receiver, asParties.givers);
    if (roles.length === 0) {
      if (!isStaffFor(p, [listing.timebank_id]) && !p.memberships.some((m) => m.timebankId === listing.timebank_id)) throw notFound('listing');
      throw new DomainError('forbidden', 'you may propose an exchange only for yourself (or as a broker)');
    }
    if (listing.status !== 'open' || listing.expires_on < wallOf(await timeZoneOf(db, p.networkId, listing.timebank_id), clock.now()).date) {
      throw invalid('/body/listingId', `the listing is ${listing.status === 'open' ? 'expired' : listing.status}`, 'listing_not_open');
    }
    if (orgParty) {
      assertSomeoneActsFor(orgParty);
      if (sides.receiverMemberId) assertNotItsOwnPeople(orgParty, [asParties.receiver], () => '/body/receiverMemberId');
      else assertNotItsOwnPeople(orgParty, asParties.givers, (i) => `/body/giverMemberIds/${i}`);
    } else if (listing.kind === 'request' && listing.member_id !== sides.receiverMemberId) {
      throw invalid('/body/receiverMemberId', 'the receiver of a request is the member who asked', 'listing_party');
    } else if (listing.kind !== 'request' && !sides.giverMemberIds.includes(listing.member_id!)) {
      throw invalid('/body/giverMemberIds', 'the member who offers gives the help', 'listing_party');
    }
    const id = newId();
    const at = clock.now();
    await inTx(async (tx) => {
      await q.insertExchange(tx, {
        network_id: p.networkId,
        id,
        timebank_id: listing.timebank_id,
        listing_id: listing.id,
        receiver_member_id: sides.receiverMemberId,
        receiver_organisation_id: sides.receiverMemberId ? null : org!.id,
        giver_organisation_id: sides.giverMemberIds.length ? null : org!.id,
        what: listing.title,
        category_slug: listing.category_slug,
        mode: listing.mode,
        check_needed: listing.check_needed,
        note: input.note ?? null,
        place: null,
        duration_minutes: null,
        repeat_weekdays: null,
        repeat_until: null,
        repeat_count: null,
        ...expensesColumns(null),
        cancelled_reason: null,
        created_at: at,
        created_by_person_id: actor.personId,
        updated_at: at,
      });
      await q.setGivers(tx, p.networkId, id, sides.giverMemberIds);
      const exchange = (await q.findExchange(tx, p.networkId, id))!;
      const l = { exchange, ...asParties };
      const detail = { listingId: listing.id, receiverMemberId: sides.receiverMemberId, giverMemberIds: sides.giverMemberIds, ...(org ? { organisationId: org.id } : {}) };
      await recordStep(tx, actor, l, { kind: 'proposed', at, detail });
      await notifyParties(tx, actor, l, 'asked_to_help', at, { when: '' });
    });
    return get(p, id);
  }

  /** Agrees the exchange: every giver is checked (check, pause, restrictions, already
   * booked) for every occurrence the agreement makes; nothing is written when one fails. */
  async function agree(p: Principal, actor: Actor, id: string, input: AgreeInput) {
    assertExpenses(input.expenses);
    const at = clock.now();
    await inTx(async (tx) => {
      const l = await loadFor(tx, p, id, true);
      assertRole('agree', l.roles);
      assertExchangeState('agree', l.exchange.state);
      const orgGives = l.exchange.giver_organisation_id !== null;
      if (orgGives && input.giverMemberIds) throw invalid('/body/giverMemberIds', `${l.givers[0]!.name} gives what it offers: choose no giver`, 'listing_party');
      const giverIds = input.giverMemberIds ?? memberIdsOf(l.givers);
      if (!orgGives) assertGiverList(giverIds, l.exchange.receiver_member_id);
      if (input.giverMemberIds) await assertGiversNotItsOwn(tx, p.networkId, l.receiver, giverIds);
      const zone = l.exchange.time_zone;
      const occurrences = makeOccurrences({ day: input.date, time: input.time, durationMinutes: input.durationMinutes }, input.repeat ?? null, zone);
      if (occurrences[0]!.startsAt <= at) throw invalid('/body/date', 'an exchange is agreed before it happens: choose a time to come', 'in_the_past');
      await assertGiversSuitable(tx, p.networkId, giverIds, planOf(l.exchange, occurrences));
      const expenses = input.expenses ?? null;
      await q.updateExchange(tx, p.networkId, id, {
        state: 'agreed',
        place: input.place,
        duration_minutes: input.durationMinutes,
        repeat_weekdays: input.repeat ? JSON.stringify([...new Set(input.repeat.weekdays)].sort()) : null,
        repeat_until: input.repeat?.until ?? null,
        repeat_count: input.repeat?.count ?? null,
        ...expensesColumns(expenses),
        updated_at: at,
      });
      await q.setGivers(tx, p.networkId, id, giverIds);
      await q.insertOccurrences(tx, p.networkId, id, occurrences, 1, at);
      const parties = await partiesOf(tx, p.networkId, l.exchange);
      const detail = { date: input.date, time: input.time, durationMinutes: input.durationMinutes, place: input.place, giverMemberIds: giverIds, expenses, repeat: input.repeat ?? null, occurrences: occurrences.length };
      await recordStep(tx, actor, l, { kind: 'agreed', at, detail });
      await notifyParties(tx, actor, { exchange: l.exchange, ...parties }, 'exchange_agreed', at, { when: whenText(occurrences[0]!.startsAt, occurrences.length, zone) });
    });
    return get(p, id);
  }

  /** Changes an agreed exchange (place, givers, expenses, or the time of one occurrence);
   * the story keeps what it was and what it became. */
  async function change(p: Principal, actor: Actor, id: string, input: ChangeInput) {
    if (input.expenses) assertExpenses(input.expenses);
    const at = clock.now();
    await inTx(async (tx) => {
      const l = await loadFor(tx, p, id, true);
      assertRole('change', l.roles);
      assertExchangeState('change', l.exchange.state);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const open = (await q.occurrencesOf(tx, p.networkId, id)).filter((o) => o.state === 'agreed');
      const zone = l.exchange.time_zone;
      const plan = planOf(l.exchange, []);
      let giverIds = memberIdsOf(l.givers);
      if (input.giverMemberIds && l.exchange.giver_organisation_id) {
        throw invalid('/body/giverMemberIds', `${l.givers[0]!.name} gives what it offers: choose no giver`, 'listing_party');
      }
      if (input.giverMemberIds && input.giverMemberIds.join() !== giverIds.join()) {
        assertGiverList(input.giverMemberIds, l.exchange.receiver_member_id);
        await assertGiversNotItsOwn(tx, p.networkId, l.receiver, input.giverMemberIds);
        const added = input.giverMemberIds.filter((g) => !giverIds.includes(g));
        if (open.length) {
          const occurrences = open.map((o) => ({ startsAt: o.starts_at, endsAt: o.ends_at }));
          // Every giver is checked again when the pair changes (a second giver lifts "two-person visits").
          await assertGiversSuitable(tx, p.networkId, input.giverMemberIds, { ...plan, occurrences });
        } else if (added.length) throw invalid('/body/giverMemberIds', 'no occurrence is still to come', 'invalid_transition');
        before.giverMemberIds = giverIds;
        after.giverMemberIds = input.giverMemberIds;
        giverIds = input.giverMemberIds;
        await q.setGivers(tx, p.networkId, id, giverIds);
      }
      if (input.place !== undefined && input.place !== l.exchange.place) {
        before.place = l.exchange.place;
        after.place = input.place;
        await q.updateExchange(tx, p.networkId, id, { place: input.place, updated_at: at });
      }
      if (input.expenses !== undefined && JSON.stringify(input.expenses) !== JSON.stringify(expensesOf(l.exchange))) {
        before.expenses = expensesOf(l.exchange);
        after.expenses = input.expenses;
        await q.updateExchange(tx, p.networkId, id, { ...expensesColumns(input.expenses), updated_at: at });
      }
      if (input.occurrence) {
        const o = open.find((x) => x.id === input.occurrence!.occurrenceId);
        if (!o) throw invalid('/body/occurrence/occurrenceId', 'not an occurrence of this exchange still to come');
        const minutes = input.occurrence.durationMinutes ?? Math.round((o.ends_at.getTime() - o.starts_at.getTime()) / 60_000);
        const [moved] = makeOccurrences({ day: input.occurrence.date, time: input.occurrence.time, durationMinutes: minutes }, null, zone);
        if (moved!.startsAt <= at) throw invalid('/body/occurrence/date', 'choose a time to come', 'in_the_past');
        await assertGiversSuitable(tx, p.networkId, giverIds, { ...plan, occurrences: [moved!] });
        before.occurrence = { id: o.id, startsAt: o.starts_at.toISOString(), endsAt: o.ends_at.toISOString() };
        after.occurrence = { id: o.id, startsAt: moved!.startsAt.toISOString(), endsAt: moved!.endsAt.toISOString() };
        await q.updateOccurrence(tx, p.networkId, o.id, { starts_at: moved!.startsAt, ends_at: moved!.endsAt, updated_at: at });
      }
      if (Object.keys(after).length === 0) throw new DomainError('validation_failed', 'nothing to change: every value is as agreed', { fields: [{ path: '/body', message: 'nothing changed' }] });
      const parties = await partiesOf(tx, p.networkId, l.exchange);
      await recordStep(tx, actor, l, { kind: 'changed', at, detail: { before, after, reason: input.reason ?? null } });
      const next = (await q.occurrencesOf(tx, p.networkId, id)).filter((x) => x.state === 'agreed');
      await notifyParties(tx, actor, { exchange: l.exchange, ...parties }, 'exchange_changed', at, { when: whenText(next[0]?.starts_at, next.length, zone) });
    });
    return get(p, id);
  }

  /** Cancels a proposed or agreed exchange (every occurrence still to come), or one agreed
   * occurrence of it; the reason and who cancelled stay in the story. */
  async function cancel(p: Principal, actor: Actor, id: string, input: { reason: string; occurrenceId?: string | undefined }) {
    const at = clock.now();
    await inTx(async (tx) => {
      const l = await loadFor(tx, p, id, true);
      assertRole('cancel', l.roles);
      let when = '';
      if (input.occurrenceId) {
        if (l.exchange.state !== 'agreed') assertExchangeState('change', l.exchange.state);
        const o = await q.findOccurrence(tx, p.networkId, id, input.occurrenceId, true);
        if (!o) throw notFound('occurrence');
        if (o.state !== 'agreed') throw invalid('/body/occurrenceId', `the occurrence is ${o.state}: it cannot be cancelled now`, 'invalid_transition');
        await q.updateOccurrence(tx, p.networkId, o.id, { state: 'cancelled', reason: input.reason, updated_at: at });
        await recordStep(tx, actor, l, { kind: 'cancelled', occurrenceId: o.id, at, detail: { reason: input.reason } });
        when = whenText(o.starts_at, 1, l.exchange.time_zone);
      } else {
        assertExchangeState('cancel', l.exchange.state);
        const open = (await q.occurrencesOf(tx, p.networkId, id)).filter((o) => o.state === 'agreed');
        await q.updateExchange(tx, p.networkId, id, { state: 'cancelled', cancelled_reason: input.reason, updated_at: at });
        const n = await q.cancelOpenOccurrences(tx, p.networkId, id, input.reason, at);
        await recordStep(tx, actor, l, { kind: 'cancelled', at, detail: { reason: input.reason, occurrencesCancelled: n } });
        when = whenText(open[0]?.starts_at, open.length, l.exchange.time_zone);
      }
      await notifyParties(tx, actor, l, 'exchange_cancelled', at, { when, reason: input.reason });
    });
    return get(p, id);
  }

  /** The whole exchange: its parties, agreement, occurrences with their hours, thank-you
   * notes, and its story (every step, who took it, for whom, when). */
  async function get(p: Principal, id: string) {
    const l = await loadFor(db, p, id);
    return view(l);
  }

  async function view(l: Loaded) {
    const net = l.exchange.network_id;
    const [occurrences, hours, events, thanks, listing] = await Promise.all([
      q.occurrencesOf(db, net, l.exchange.id),
      q.hoursOf(db, net, l.exchange.id),
      q.eventsOf(db, net, l.exchange.id),
      q.thanksOfExchange(db, net, l.exchange.id),
      q.findListing(db, net, l.exchange.listing_id),
    ]);
    return { ...l, expenses: expensesOf(l.exchange), occurrences, hours, events, thanks, listing: listing ? { id: listing.id, kind: listing.kind, title: listing.title } : null };
  }

  /** My exchanges: those I (or the member I act for) give or receive in, and those of the
   * organisations I act for (named by the organisation); for a broker or coordinator also
   * those of the current timebank. */
  async function list(p: Principal, opts: { timebankId?: string | undefined } = {}) {
    const subject = subjectPersonId(p);
    const [own, ofOrganisations] = await Promise.all([q.exchangesOfPerson(db, p.networkId, subject, 200), q.exchangesOfOrganisationsOf(db, p.networkId, subject, 200)]);
    const organisationOf = new Map(ofOrganisations.map((e) => [e.id, e.organisation_name]));
    const mine = [...own, ...ofOrganisations.filter((e) => !own.some((x) => x.id === e.id))]
      .sort((a, b) => b.created_at.getTime() - a.created_at.getTime())
      .slice(0, 200);
    const tb = opts.timebankId;
    const staff = tb && isStaffFor(p, [tb]) ? await q.exchangesOfTimebank(db, p.networkId, tb, 200) : [];
    const next = await q.nextOccurrences(db, p.networkId, [...new Set([...mine, ...staff].map((e) => e.id))]);
    const row = (e: q.ExchangeRow) => ({ exchange: e, next: next.get(e.id) ?? null, organisationName: organisationOf.get(e.id) ?? null });
    return { mine: mine.map(row), timebank: staff.map(row) };
  }

  /** What the page of a new proposal needs: the listing (if the caller may see it), its
   * author's name, the caller's own membership to propose with, and for a broker the members
   * to choose from. */
  async function proposalFor(p: Principal, listingId: string) {
    const listing = await q.findListing(db, p.networkId, listingId);
    if (!listing) throw notFound('listing');
    const staff = isStaffFor(p, [listing.timebank_id]);
    const mine = p.memberships.filter((m) => m.status === 'active' || m.status === 'paused');
    const sees = (tb: string) => tb === listing.timebank_id || listing.visibility === 'network';
    const subject = p.actingFor ? p.actingFor.personId : p.personId;
    const subjectMembers = p.actingFor ? await q.activeMembershipsOf(db, p.networkId, subject) : mine.map((m) => ({ id: m.memberId, timebank_id: m.timebankId }));
    const own = subjectMembers.find((m) => m.timebank_id === listing.timebank_id) ?? subjectMembers.find((m) => sees(m.timebank_id));
    if (!staff && !own) throw notFound('listing');
    const owner = listing.member_id
      ? (await q.findMemberAnywhere(db, p.networkId, listing.member_id))?.display_name
      : (await q.organisationsAnywhere(db, p.networkId, [listing.organisation_id!])).get(listing.organisation_id!)?.name;
    const members = staff ? await q.memberChoices(db, p.networkId, listing.timebank_id) : null;
    return { listing, ownerName: owner ?? '', ownMemberId: own?.id ?? null, members };
  }

  /** A broker's choices of givers on the exchange page (members of the exchange's timebank). */
  async function memberChoicesFor(p: Principal, v: Loaded) {
    return v.roles.includes('broker') ? q.memberChoices(db, p.networkId, v.exchange.timebank_id) : null;
  }

  const steps = createSteps(deps, { get });
  const thanks = createThanks(deps, { get });
  /** The service's time (the pages ask whether an occurrence has started). */
  const now = () => clock.now();
  return { propose, agree, change, cancel, get, list, speaksAs, proposalFor, memberChoicesFor, now, ...steps, ...thanks };
}


export type Exchanges = ReturnType<typeof createExchanges>;
export type ExchangeView = Awaited<ReturnType<Exchanges['get']>>;
