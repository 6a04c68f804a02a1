// /api/v1/exchanges: proposing, agreeing, changing and cancelling an exchange, the steps of
// each occurrence (done, no-show, hours, confirm, dispute, resolve), thank-you notes, and
// reading an exchange with its whole story. Thin: the service decides.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses, Uuid } from '../../http/schemas.ts';
import type { Party } from './access.ts';
import type { ExchangeView } from './service.ts';
import { statusOf } from './rules.ts';

const Reason = z.string().trim().min(1).max(2000);
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');
const Minutes = z.number().int('whole minutes').min(1).max(1440);

/** Travel expenses: money in minor units of a currency. The amount is checked to be whole by
 * the service, so that a fraction (hours typed as money) gets its own message. */
export const ExpensesBody = z.strictObject({
  amountMinor: z.number(),
  currency: z.string().trim().min(1).max(20),
  what: z.string().trim().min(1).max(300),
  payer: z.enum(['receiver', 'timebank', 'organisation']),
});

export const RepeatBody = z.strictObject({
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  until: z.iso.date().optional(),
  count: z.number().int().min(1).max(104).optional(),
});

/** On an organisation's request no receiver is named (the organisation receives); on its
 * offer no giver is named (the organisation gives). */
export const ProposeBody = z.strictObject({
  listingId: Uuid,
  receiverMemberId: Uuid.optional(),
  giverMemberIds: z.array(Uuid).min(1).max(2).optional(),
  note: z.string().trim().max(2000).nullable().optional(),
});

export const AgreeBody = z.strictObject({
  date: z.iso.date(),
  time: Time,
  durationMinutes: Minutes,
  place: z.string().trim().min(1).max(300),
  giverMemberIds: z.array(Uuid).min(1).max(2).optional(),
  expenses: ExpensesBody.nullable().optional(),
  repeat: RepeatBody.nullable().optional(),
});

export const ChangeBody = z.strictObject({
  place: z.string().trim().min(1).max(300).optional(),
  giverMemberIds: z.array(Uuid).min(1).max(2).optional(),
  expenses: ExpensesBody.nullable().optional(),
  occurrence: z.strictObject({ occurrenceId: Uuid, date: z.iso.date(), time: Time, durationMinutes: Minutes.optional() }).optional(),
  reason: z.string().trim().max(2000).nullable().optional(),
});

export const CancelBody = z.strictObject({ reason: Reason, occurrenceId: Uuid.optional() });
export const NoShowBody = z.strictObject({ memberId: Uuid, reason: Reason });
export const HoursBody = z.strictObject({ id: Uuid, minutes: Minutes });
export const DisputeBody = z.strictObject({ reason: Reason });
export const ResolveBody = z.strictObject({ outcome: z.enum(['post', 'void', 'adjust']), minutes: Minutes.optional(), reason: Reason });
export const ThankBody = z.strictObject({ toMemberId: Uuid, text: z.string().trim().min(1).max(1000), showOnProfile: z.boolean() });

/** A side of the exchange: a member, or an organisation (memberId null). */
const Person = z.object({ memberId: z.string().nullable(), organisationId: z.string().nullable(), name: z.string(), timebankId: z.string() });
export const ExchangeOut = z.object({
  id: z.string(),
  timebankId: z.string(),
  listing: z.object({ id: z.string(), kind: z.string(), title: z.string() }).nullable(),
  state: z.string(),
  status: z.string(),
  what: z.string(),
  category: z.string(),
  mode: z.string(),
  checkNeeded: z.boolean(),
  note: z.string().nullable(),
  place: z.string().nullable(),
  durationMinutes: z.number().nullable(),
  repeat: z.object({ weekdays: z.array(z.number()), until: z.string().nullable(), count: z.number().nullable() }).nullable(),
  expenses: z.object({ amountMinor: z.number(), currency: z.string(), what: z.string(), payer: z.string() }).nullable(),
  cancelledReason: z.string().nullable(),
  receiver: Person,
  givers: z.array(Person),
  myRoles: z.array(z.string()),
  occurrences: z.array(
    z.object({
      id: z.string(),
      seq: z.number(),
      startsAt: z.string(),
      endsAt: z.string(),
      state: z.string(),
      reason: z.string().nullable(),
      noShowMemberId: z.string().nullable(),
      resolution: z.string().nullable(),
      hours: z.array(z.object({ giverMemberId: z.string().nullable(), giverOrganisationId: z.string().nullable(), minutes: z.number(), transferId: z.string(), phase: z.enum(['pending', 'posted', 'voided']) })),
    }),
  ),
  thanks: z.array(z.object({ id: z.string(), fromMemberId: z.string().nullable(), fromOrganisationId: z.string().nullable(), toMemberId: z.string(), text: z.string(), showOnProfile: z.boolean(), hiddenByRecipient: z.boolean(), createdAt: z.string() })),
  events: z.array(z.object({ at: z.string(), kind: z.string(), occurrenceId: z.string().nullable(), actorName: z.string().nullable(), onBehalfOfName: z.string().nullable(), detail: z.unknown() })),
  createdAt: z.string(),
});

const phaseOf = (resolution: string | null) => (resolution === 'post_pending' ? 'posted' : resolution === 'void_pending' ? 'voided' : 'pending');

export function exchangeOut(v: ExchangeView): z.infer<typeof ExchangeOut> {
  const e = v.exchange;
  const person = (x: Party) => ({ memberId: x.memberId, organisationId: x.organisationId, name: x.name, timebankId: x.timebankId });
  return {
    id: e.id,
    timebankId: e.timebank_id,
    listing: v.listing,
    state: e.state,
    status: statusOf(e.state, v.occurrences),
    what: e.what,
    category: e.category_slug,
    mode: e.mode,
    checkNeeded: e.check_needed,
    note: e.note,
    place: e.place,
    durationMinutes: e.duration_minutes,
    repeat: e.repeat_weekdays ? { weekdays: e.repeat_weekdays as number[], until: e.repeat_until, count: e.repeat_count } : null,
    expenses: v.expenses,
    cancelledReason: e.cancelled_reason,
    receiver: person(v.receiver),
    givers: v.givers.map(person),
    myRoles: v.roles,
    occurrences: v.occurrences.map((o) => ({
      id: o.id,
      seq: o.seq,
      startsAt: o.starts_at.toISOString(),
      endsAt: o.ends_at.toISOString(),
      state: o.state,
      reason: o.reason,
      noShowMemberId: o.no_show_member_id,
      resolution: o.resolution,
      hours: v.hours
        .filter((h) => h.occurrence_id === o.id)
        .map((h) => ({ giverMemberId: h.giver_member_id, giverOrganisationId: h.giver_organisation_id, minutes: h.minutes, transferId: h.transfer_id, phase: phaseOf(h.resolution_phase) })),
    })),
    thanks: v.thanks.map((t) => ({
      id: t.id,
      fromMemberId: t.from_member_id,
      fromOrganisationId: t.from_organisation_id,
      toMemberId: t.to_member_id,
      text: t.body,
      showOnProfile: t.show_on_profile,
      hiddenByRecipient: t.hidden_by_recipient,
      createdAt: t.created_at.toISOString(),
    })),
    events: v.events.map((ev) => ({
      at: ev.at.toISOString(),
      kind: ev.kind,
      occurrenceId: ev.occurrence_id,
      actorName: ev.actor_name,
      onBehalfOfName: ev.on_behalf_of_name,
      detail: ev.detail,
    })),
    createdAt: e.created_at.toISOString(),
  };
}

const IdParams = z.strictObject({ id: Uuid });
const OccParams = z.strictObject({ id: Uuid, occurrenceId: Uuid });
/** organisationName: an exchange of an organisation the caller acts for. */
const ListItem = z.object({ id: z.string(), what: z.string(), organisationName: z.string().nullable(), state: z.string(), nextStartsAt: z.string().nullable(), occurrences: z.number(), createdAt: z.string() });
const ThankYouOut = z.object({ id: z.string(), exchangeId: z.string(), fromName: z.string(), what: z.string(), text: z.string(), showOnProfile: z.boolean(), hiddenByRecipient: z.boolean(), createdAt: z.string() });

export const exchangeRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { exchanges } = services;
  const tags = ['exchanges'];
  const one = { 200: ExchangeOut, ...problemResponses };

  app.post('/exchanges', { schema: { tags, summary: 'Propose an exchange on a listing (someone in it, or a broker)', body: ProposeBody, response: { 201: ExchangeOut, ...problemResponses } } }, async (req, reply) =>
    reply.code(201).send(exchangeOut(await exchanges.propose(principalOf(req), actorFor(req), req.body))),
  );
  app.get(
    '/exchanges',
    {
      schema: {
        tags,
        summary: 'My exchanges; with timebankId, a broker also gets that timebank’s',
        querystring: z.strictObject({ timebankId: Uuid.optional() }),
        response: { 200: z.object({ mine: z.array(ListItem), timebank: z.array(ListItem) }), ...problemResponses },
      },
    },
    async (req) => {
      const r = await exchanges.list(principalOf(req), { timebankId: req.query.timebankId });
      const item = (x: (typeof r.mine)[number]) => ({
        id: x.exchange.id,
        what: x.exchange.what,
        organisationName: x.organisationName,
        state: x.exchange.state === 'agreed' && x.next?.count === 1 ? x.next.state : x.exchange.state,
        nextStartsAt: x.next ? x.next.starts_at.toISOString() : null,
        occurrences: x.next?.count ?? 0,
        createdAt: x.exchange.created_at.toISOString(),
      });
      return { mine: r.mine.map(item), timebank: r.timebank.map(item) };
    },
  );
  app.get('/exchanges/:id', { schema: { tags, summary: 'An exchange and its whole story (its receiver, givers and brokers)', params: IdParams, response: one } }, async (req) =>
    exchangeOut(await exchanges.get(principalOf(req), req.params.id)),
  );
  app.post('/exchanges/:id/agree', { schema: { tags, summary: 'Agree when, where, who gives, expenses and how often', params: IdParams, body: AgreeBody, response: one } }, async (req) =>
    exchangeOut(await exchanges.agree(principalOf(req), actorFor(req), req.params.id, req.body)),
  );
  app.post('/exchanges/:id/change', { schema: { tags, summary: 'Change an agreed exchange (recorded in its story)', params: IdParams, body: ChangeBody, response: one } }, async (req) =>
    exchangeOut(await exchanges.change(principalOf(req), actorFor(req), req.params.id, req.body)),
  );
  app.post('/exchanges/:id/cancel', { schema: { tags, summary: 'Cancel the exchange, or one occurrence of it, with a reason', params: IdParams, body: CancelBody, response: one } }, async (req) =>
    exchangeOut(await exchanges.cancel(principalOf(req), actorFor(req), req.params.id, req.body)),
  );
  const occ = '/exchanges/:id/occurrences/:occurrenceId';
  app.post(`${occ}/done`, { schema: { tags, summary: 'The help was given', params: OccParams, response: one } }, async (req) =>
    exchangeOut(await exchanges.done(principalOf(req), actorFor(req), req.params.id, req.params.occurrenceId)),
  );
  app.post(`${occ}/no-show`, { schema: { tags, summary: 'Someone did not come: who, and why', params: OccParams, body: NoShowBody, response: one } }, async (req) =>
    exchangeOut(await exchanges.noShow(principalOf(req), actorFor(req), req.params.id, req.params.occurrenceId, req.body)),
  );
  app.post(
    `${occ}/hours`,
    {
      schema: {
        tags,
        summary: 'Record the hours (a pending transfer to each giver); the id makes a retry safe, a second recording is refused (409)',
        params: OccParams,
        body: HoursBody,
        response: { 200: ExchangeOut, 201: ExchangeOut, ...problemResponses },
      },
    },
    async (req, reply) => {
      const r = await exchanges.recordHours(principalOf(req), actorFor(req), req.params.id, req.params.occurrenceId, req.body);
      return reply
        .code(r.hit ? 200 : 201)
        .header('idempotency-hit', String(r.hit))
        .send(exchangeOut(r.exchange as ExchangeView));
    },
  );
  app.post(`${occ}/confirm`, { schema: { tags, summary: 'Confirm the hours (the receiver, or a broker)', params: OccParams, response: one } }, async (req) =>
    exchangeOut(await exchanges.confirm(principalOf(req), actorFor(req), req.params.id, req.params.occurrenceId)),
  );
  app.post(`${occ}/dispute`, { schema: { tags, summary: 'Dispute the hours: they wait for a broker', params: OccParams, body: DisputeBody, response: one } }, async (req) =>
    exchangeOut(await exchanges.dispute(principalOf(req), actorFor(req), req.params.id, req.params.occurrenceId, req.body)),
  );
  app.post(`${occ}/resolve`, { schema: { tags, summary: 'A broker resolves a dispute: post, void, or adjust the minutes', params: OccParams, body: ResolveBody, response: one } }, async (req) =>
    exchangeOut(await exchanges.resolve(principalOf(req), actorFor(req), req.params.id, req.params.occurrenceId, req.body)),
  );
  app.post('/exchanges/:id/thanks', { schema: { tags, summary: 'Write a thank-you to the other side', params: IdParams, body: ThankBody, response: { 201: ExchangeOut, ...problemResponses } } }, async (req, reply) =>
    reply.code(201).send(exchangeOut(await exchanges.thank(principalOf(req), actorFor(req), req.params.id, req.body))),
  );
  app.put(
    '/thank-yous/:id/hidden',
    {
      schema: {
        tags,
        summary: 'The recipient hides a thank-you from their profile, or shows it again',
        params: IdParams,
        body: z.strictObject({ hidden: z.boolean() }),
        response: { 200: z.object({ id: z.string(), hiddenByRecipient: z.boolean() }), ...problemResponses },
      },
    },
    async (req) => exchanges.setHidden(principalOf(req), actorFor(req), req.params.id, req.body.hidden),
  );
  app.get(
    '/timebanks/:timebankId/members/:memberId/thanks',
    {
      schema: {
        tags,
        summary: 'Thank-you notes to a member: those shown on the profile; all of them for the member and staff',
        params: z.strictObject({ timebankId: Uuid, memberId: Uuid }),
        response: { 200: z.object({ items: z.array(ThankYouOut) }), ...problemResponses },
      },
    },
    async (req) => {
      const r = await exchanges.thanksFor(principalOf(req), req.params.timebankId, req.params.memberId);
      return {
        items: r.items.map((t) => ({
          id: t.id,
          exchangeId: t.exchange_id,
          fromName: t.from_name,
          what: t.what,
          text: t.body,
          showOnProfile: t.show_on_profile,
          hiddenByRecipient: t.hidden_by_recipient,
          createdAt: t.created_at.toISOString(),
        })),
      };
    },
  );
};
