// Who someone is to an exchange (receiver, giver, broker), and the pieces every step shares:
// the parties (a member, or an organisation and the people who act for it),
// loading the exchange as the caller may see it, writing a step to its story and the audit
// record, and telling the other people in it through the notification outbox.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { notFound } from '../../lib/errors.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { staffTimebankIds } from '../policy/policy.ts';
import { enqueueNotification } from '../notifications/enqueue.ts';
import type { NotificationKind } from '../notifications/kinds.ts';
import * as q from './queries.ts';
import { wallOf } from '../../lib/zone.ts';
import type { ExchangeRole } from './rules.ts';

/** One side of an exchange: a member, or an organisation (the receiver of its request, the
 * giver of its offer). Exactly one of memberId and organisationId is set. */
export interface Party {
  memberId: string | null;
  organisationId: string | null;
  /** memberId ?? organisationId: how hours and notes name the party. */
  id: string;
  /** Who speaks as the party: the member's person, or the people who act for the organisation
   * with its account (its admins and members; a contact does not, as for the account). */
  personIds: string[];
  timebankId: string;
  name: string;
  hasEmail: boolean;
}

export interface Loaded {
  exchange: q.ExchangeRow;
  receiver: Party;
  givers: Party[];
  /** What the caller is to this exchange; never empty (a stranger gets "not found"). */
  roles: ExchangeRole[];
}

export const memberParty = (m: q.MemberRow): Party => ({
  memberId: m.id,
  organisationId: null,
  id: m.id,
  personIds: [m.person_id],
  timebankId: m.timebank_id,
  name: m.display_name,
  hasEmail: m.email !== null,
});

export const organisationParty = (o: q.OrganisationRow): Party => ({
  memberId: null,
  organisationId: o.id,
  id: o.id,
  personIds: o.personIds,
  timebankId: o.timebank_id,
  name: o.name,
  hasEmail: o.personIds.length > 0,
});

/** The party's members (an organisation has none). */
export const memberIdsOf = (parties: Party[]) => parties.flatMap((x) => (x.memberId ? [x.memberId] : []));

/** The people a principal speaks as: themself, and the member they act for. */
export const speaksAs = (p: Principal) => [p.personId, ...(p.actingFor ? [p.actingFor.personId] : [])];

/** Brokers and coordinators of the exchange's timebank or of a timebank of anyone in it. */
export function isStaffFor(p: Principal, timebankIds: readonly string[]): boolean {
  return staffTimebankIds(p).some((id) => timebankIds.includes(id));
}

export function rolesOf(p: Principal, ex: { timebank_id: string }, receiver: Party, givers: Party[]): ExchangeRole[] {
  const me = speaksAs(p);
  const roles: ExchangeRole[] = [];
  if (receiver.personIds.some((x) => me.includes(x))) roles.push('receiver');
  if (givers.some((g) => g.personIds.some((x) => me.includes(x)))) roles.push('giver');
  if (isStaffFor(p, [ex.timebank_id, receiver.timebankId, ...givers.map((g) => g.timebankId)])) roles.push('broker');
  return roles;
}

export async function partiesOf(db: Kysely<DB> | Transaction<DB>, networkId: string, exchange: q.ExchangeRow) {
  const giverRows = await q.giversOf(db, networkId, exchange.id);
  const members = await q.membersAnywhere(db, networkId, [...(exchange.receiver_member_id ? [exchange.receiver_member_id] : []), ...giverRows.map((g) => g.member_id)]);
  const orgIds = [exchange.receiver_organisation_id, exchange.giver_organisation_id].filter((x): x is string => x !== null);
  const orgs = await q.organisationsAnywhere(db, networkId, orgIds);
  const receiver = exchange.receiver_member_id ? memberParty(members.get(exchange.receiver_member_id)!) : organisationParty(orgs.get(exchange.receiver_organisation_id!)!);
  const givers = exchange.giver_organisation_id ? [organisationParty(orgs.get(exchange.giver_organisation_id)!)] : giverRows.map((g) => memberParty(members.get(g.member_id)!));
  return { receiver, givers };
}

/** The exchange as the caller may see it: only its receiver, givers and brokers do. Another
 * network's id, or an exchange the caller has no part in, is "not found". With a transaction,
 * the exchange row is locked for the step. */
export async function loadFor(db: Kysely<DB> | Transaction<DB>, p: Principal, id: string, lock = false): Promise<Loaded> {
  const exchange = await q.findExchange(db, p.networkId, id, lock);
  if (!exchange) throw notFound('exchange');
  const { receiver, givers } = await partiesOf(db, p.networkId, exchange);
  const roles = rolesOf(p, exchange, receiver, givers);
  if (roles.length === 0) throw notFound('exchange');
  return { exchange, receiver, givers, roles };
}

/** One step in the story and in the audit record, in the step's transaction. */
export async function recordStep(
  tx: Transaction<DB>,
  actor: Actor,
  l: Pick<Loaded, 'exchange'>,
  e: { kind: string; occurrenceId?: string | null; detail?: Record<string, unknown>; at: Date },
) {
  await q.insertEvent(tx, actor, { exchangeId: l.exchange.id, ...e });
  await recordAudit(tx, actor, {
    action: `exchange.${e.kind}`,
    subjectType: 'exchange',
    subjectId: l.exchange.id,
    timebankId: l.exchange.timebank_id,
    detail: { ...(e.occurrenceId ? { occurrenceId: e.occurrenceId } : {}), ...(e.detail ?? {}) },
  });
}

/** "2026-01-20 10:00", and how often for a recurring exchange. */
export function whenText(startsAt: Date | undefined, count: number, zone: string): string {
  if (!startsAt) return '';
  const w = wallOf(zone, startsAt);
  return count > 1 ? `${w.date} ${w.time} (+${count - 1})` : `${w.date} ${w.time}`;
}

type ExchangeKind = Extract<NotificationKind, 'asked_to_help' | 'exchange_agreed' | 'exchange_changed' | 'exchange_cancelled'>;

/** Tells everyone in the exchange (for an organisation, the people who act for it) but the
 * person who took the step (and the member a broker acted for), in the step's transaction. */
export async function notifyParties(
  tx: Transaction<DB>,
  actor: Actor,
  l: Pick<Loaded, 'exchange' | 'receiver' | 'givers'>,
  kind: ExchangeKind,
  at: Date,
  extra: { when: string; reason?: string | undefined },
) {
  const skip = new Set([actor.personId, actor.onBehalfOfPersonId]);
  const linkPath = `/exchanges/${l.exchange.id}`;
  const people = [...new Set([l.receiver, ...l.givers].flatMap((x) => x.personIds))];
  for (const personId of people) {
    if (skip.has(personId)) continue;
    const other = l.receiver.personIds.includes(personId) ? (l.givers[0]?.name ?? '') : l.receiver.name;
    const base = { networkId: l.exchange.network_id, recipient: { personId }, timebankId: l.exchange.timebank_id, at };
    if (kind === 'asked_to_help') {
      await enqueueNotification(tx, { ...base, kind, payload: { askerName: other, what: l.exchange.what, whenText: extra.when, linkPath } });
    } else if (kind === 'exchange_cancelled') {
      await enqueueNotification(tx, { ...base, kind, payload: { otherName: other, what: l.exchange.what, whenText: extra.when, linkPath, ...(extra.reason ? { reason: extra.reason } : {}) } });
    } else {
      await enqueueNotification(tx, { ...base, kind, payload: { otherName: other, what: l.exchange.what, whenText: extra.when, linkPath } });
    }
  }
}
