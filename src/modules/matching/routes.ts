// /api/v1/timebanks/:timebankId/matching...: who could help with a request (ranked, with
// reasons, the people ruled out apart, pairs), the call list, the open requests an offer could
// meet, the weights, the broker dashboard; and a member's "do not send" list.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses, Uuid } from '../../http/schemas.ts';
import type { MessageKey } from '../../web/i18n/en.ts';
import { type T, translator } from '../../web/i18n/i18n.ts';
import type { Principal } from '../auth/principal.ts';
import { AgreeBody } from '../exchanges/routes.ts';
import { ADD_MAX } from './calls.ts';
import type { Reason, Rule, Signal } from './rank.ts';

const RequestParams = z.strictObject({ timebankId: Uuid, listingId: Uuid });
const CallParams = z.strictObject({ timebankId: Uuid, listingId: Uuid, memberId: Uuid });
const MemberParams = z.strictObject({ timebankId: Uuid, memberId: Uuid });
const ExcludedParams = z.strictObject({ timebankId: Uuid, memberId: Uuid, excludedMemberId: Uuid });
const TbParams = z.strictObject({ timebankId: Uuid });

/** Whole numbers; the range (0..10, not all 0) is the service's to refuse (weights_out_of_range). */
const Weight = z.number().int();
export const WeightsBody = z.strictObject({ fit: Weight, distance: Weight, metBefore: Weight, reliability: Weight, fairness: Weight });
export const AddCallsBody = z.strictObject({ memberIds: z.array(Uuid).min(1).max(ADD_MAX) });
export const OUTCOMES = ['no_answer', 'declined', 'accepted', 'call_back'] as const;
export const ContactBody = z.strictObject({
  outcome: z.enum(OUTCOMES),
  callBackAt: z.iso.datetime({ offset: true }).optional(),
  note: z.string().trim().max(500).nullable().optional(),
  agreement: AgreeBody.pick({ date: true, time: true, durationMinutes: true, place: true }).extend({ withMemberId: Uuid.optional() }).strict().optional(),
});
export const DoNotSendBody = z.strictObject({ excludedMemberId: Uuid, reason: z.string().trim().max(500).nullable().optional() });

/** A reason, a rule or a signal in words, in the person's language. */
export const reasonText = (t: T, r: Reason) => t(`matching.reason.${r.key}` as MessageKey, r.params);
export const ruleText = (t: T, rule: Rule) => t(`matching.rule.${rule}` as MessageKey);
export const signalText = (t: T, s: Signal) => t(`matching.signal.${s.kind}` as MessageKey, s.params);
const tOf = (p: Principal) => translator(p.locale === 'pl' ? 'pl' : 'en');

const ReasonOut = z.object({ factor: z.string(), score: z.number(), weight: z.number(), key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])), text: z.string() });
const RankingOut = z.object({
  request: z.object({ id: z.string(), title: z.string(), memberId: z.string().nullable(), memberName: z.string().nullable(), categorySlug: z.string(), areaName: z.string().nullable(), mode: z.string() }),
  weights: z.object({ fit: z.number(), distance: z.number(), metBefore: z.number(), reliability: z.number(), fairness: z.number(), custom: z.boolean() }),
  considered: z.number(),
  candidates: z.array(
    z.object({
      memberId: z.string(),
      name: z.string(),
      score: z.number(),
      needsSecondGiver: z.boolean(),
      reasons: z.array(ReasonOut),
      signals: z.array(z.object({ kind: z.string(), params: z.record(z.string(), z.number()), text: z.string() })),
    }),
  ),
  ruledOut: z.array(z.object({ memberId: z.string(), name: z.string(), rules: z.array(z.string()), text: z.string() })),
  pairs: z.array(z.object({ memberIds: z.array(z.string()), names: z.array(z.string()), score: z.number(), metBefore: z.boolean() })),
});
const CallsOut = z.object({
  items: z.array(
    z.object({
      memberId: z.string(),
      name: z.string(),
      phone: z.string().nullable(),
      position: z.number(),
      outcome: z.string().nullable(),
      callBackAt: z.string().nullable(),
      exchangeId: z.string().nullable(),
      contacts: z.array(z.object({ outcome: z.string(), callBackAt: z.string().nullable(), note: z.string().nullable(), at: z.string(), byName: z.string() })),
    }),
  ),
  exchangeId: z.string().nullable().optional(),
});
const WeightsOut = z.object({
  fit: z.number(),
  distance: z.number(),
  metBefore: z.number(),
  reliability: z.number(),
  fairness: z.number(),
  custom: z.boolean(),
  defaults: z.object({ fit: z.number(), distance: z.number(), metBefore: z.number(), reliability: z.number(), fairness: z.number() }),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
});
const DoNotSendOut = z.object({ items: z.array(z.object({ memberId: z.string(), name: z.string(), reason: z.string().nullable(), createdAt: z.string(), createdByName: z.string().nullable() })) });

const iso = (d: Date | null) => (d ? d.toISOString() : null);
type CallView = Awaited<ReturnType<Services['matchingCalls']['list']>>[number];
export const callsOut = (items: CallView[]) =>
  items.map((c) => ({
    memberId: c.member_id,
    name: c.display_name,
    phone: c.phone,
    position: c.position,
    outcome: c.outcome,
    callBackAt: iso(c.call_back_at),
    exchangeId: c.exchange_id,
    contacts: c.contacts.map((k) => ({ outcome: k.outcome, callBackAt: iso(k.call_back_at), note: k.note, at: k.at.toISOString(), byName: k.by_name })),
  }));
type DoNotSendRow = Awaited<ReturnType<Services['matching']['doNotSend']>>[number];
const doNotSendOut = (rows: DoNotSendRow[]) => ({
  items: rows.map((d) => ({ memberId: d.excluded_member_id, name: d.display_name, reason: d.reason, createdAt: d.created_at.toISOString(), createdByName: d.created_by_name })),
});
type WeightsView = Awaited<ReturnType<Services['matching']['getWeights']>>;
const weightsOut = (w: WeightsView) => ({ ...w, updatedAt: iso(w.updatedAt) });

export const matchingRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { matching, matchingCalls } = services;
  const tags = ['matching'];
  const base = '/timebanks/:timebankId/matching';

  app.get(
    `${base}/requests/:listingId`,
    { schema: { tags, summary: 'Who could help with a request: ranked with a reason per factor, the people ruled out apart, pairs', params: RequestParams, response: { 200: RankingOut, ...problemResponses } } },
    async (req) => {
      const p = principalOf(req);
      const t = tOf(p);
      const r = await matching.rankRequest(p, req.params.timebankId, req.params.listingId);
      return {
        request: { id: r.request.id, title: r.request.title, memberId: r.request.member_id, memberName: r.request.member_name, categorySlug: r.request.category_slug, areaName: r.request.area_name, mode: r.request.mode },
        weights: r.weights,
        considered: r.considered,
        candidates: r.candidates.map((c) => ({ ...c, reasons: c.reasons.map((x) => ({ ...x, text: reasonText(t, x) })), signals: c.signals.map((s) => ({ ...s, text: signalText(t, s) })) })),
        ruledOut: r.ruledOut.map((x) => ({ ...x, text: ruleText(t, x.rules[0]!) })),
        pairs: r.pairs,
      };
    },
  );

  app.get(
    `${base}/requests/:listingId/calls`,
    { schema: { tags, summary: "A request's call list, shared by the timebank's brokers, with every contact", params: RequestParams, response: { 200: CallsOut, ...problemResponses } } },
    async (req) => ({ items: callsOut(await matchingCalls.list(principalOf(req), req.params.timebankId, req.params.listingId)) }),
  );

  app.post(
    `${base}/requests/:listingId/calls`,
    { schema: { tags, summary: 'Put ranked candidates on the call list (people ruled out are refused)', params: RequestParams, body: AddCallsBody, response: { 200: CallsOut, ...problemResponses } } },
    async (req) => ({ items: callsOut(await matchingCalls.add(principalOf(req), actorFor(req), req.params.timebankId, req.params.listingId, req.body.memberIds)) }),
  );

  app.post(
    `${base}/requests/:listingId/calls/:memberId`,
    { schema: { tags, summary: 'Record a contact: no answer, declined, call back at a time, or accepted (agrees the exchange)', params: CallParams, body: ContactBody, response: { 200: CallsOut, ...problemResponses } } },
    async (req) => {
      const b = req.body;
      const r = await matchingCalls.record(principalOf(req), actorFor(req), req.params.timebankId, req.params.listingId, req.params.memberId, {
        outcome: b.outcome,
        callBackAt: b.callBackAt ? new Date(b.callBackAt) : undefined,
        note: b.note,
        agreement: b.agreement,
      });
      return { items: callsOut(r.calls), exchangeId: r.exchangeId };
    },
  );

  app.get(
    `${base}/offers/:listingId`,
    {
      schema: {
        tags,
        summary: 'The open requests an offer could meet',
        params: RequestParams,
        response: {
          200: z.object({ items: z.array(z.object({ id: z.string(), title: z.string(), categorySlug: z.string(), memberName: z.string().nullable(), createdAt: z.string(), exactCategory: z.boolean(), sameArea: z.boolean() })) }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const r = await matching.requestsForOffer(principalOf(req), req.params.timebankId, req.params.listingId);
      return { items: r.requests.map((x) => ({ id: x.id, title: x.title, categorySlug: x.category_slug, memberName: x.member_name, createdAt: x.created_at.toISOString(), exactCategory: x.exactCategory, sameArea: x.sameArea })) };
    },
  );

  app.get(`${base}/weights`, { schema: { tags, summary: "The ranking's weights in this timebank", params: TbParams, response: { 200: WeightsOut, ...problemResponses } } }, async (req) =>
    weightsOut(await matching.getWeights(principalOf(req), req.params.timebankId)),
  );

  app.put(
    `${base}/weights`,
    { schema: { tags, summary: "Set the ranking's weights (coordinators): whole numbers 0 to 10, not all 0", params: TbParams, body: WeightsBody, response: { 200: WeightsOut, ...problemResponses } } },
    async (req) => weightsOut(await matching.setWeights(principalOf(req), actorFor(req), req.params.timebankId, req.body)),
  );

  app.get(
    `${base}/dashboard`,
    {
      schema: {
        tags,
        summary: 'The broker dashboard: requests waiting longest, rechecks due, balances deep in overdraft or credit, listings about to lapse',
        params: TbParams,
        response: {
          200: z.object({
            waiting: z.array(z.object({ id: z.string(), title: z.string(), memberName: z.string().nullable(), waitingDays: z.number() })),
            rechecks: z.array(z.object({ memberId: z.string(), name: z.string(), scheme: z.string(), reviewOn: z.string(), overdue: z.boolean() })),
            overdraft: z.array(z.object({ memberId: z.string(), name: z.string(), balanceMinutes: z.number() })),
            credit: z.array(z.object({ memberId: z.string(), name: z.string(), balanceMinutes: z.number() })),
            lapsing: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string(), expiresOn: z.string(), memberName: z.string().nullable() })),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const d = await matching.dashboard(principalOf(req), actorFor(req), req.params.timebankId);
      return {
        ...d,
        waiting: d.waiting.map((w) => ({ id: w.id, title: w.title, memberName: w.member_name, waitingDays: w.waitingDays })),
        lapsing: d.lapsing.map((l) => ({ id: l.id, kind: l.kind, title: l.title, expiresOn: l.expires_on, memberName: l.member_name })),
      };
    },
  );

  const dnsPath = '/timebanks/:timebankId/members/:memberId/do-not-send';
  app.get(dnsPath, { schema: { tags, summary: 'The members this member asked not to be sent', params: MemberParams, response: { 200: DoNotSendOut, ...problemResponses } } }, async (req) =>
    doNotSendOut(await matching.doNotSend(principalOf(req), req.params.timebankId, req.params.memberId)),
  );
  app.post(
    dnsPath,
    { schema: { tags, summary: 'Add a member to the "do not send" list of a member (brokers, for them)', params: MemberParams, body: DoNotSendBody, response: { 200: DoNotSendOut, ...problemResponses } } },
    async (req) => doNotSendOut(await matching.addDoNotSend(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.body)),
  );
  app.delete(
    `${dnsPath}/:excludedMemberId`,
    { schema: { tags, summary: 'Take a member off the "do not send" list', params: ExcludedParams, response: { 200: DoNotSendOut, ...problemResponses } } },
    async (req) => doNotSendOut(await matching.removeDoNotSend(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.params.excludedMemberId)),
  );
};
