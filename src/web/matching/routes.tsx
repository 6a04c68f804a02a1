// Broker matching pages (docs/matching.md): the same services and schemas as the API; forms
// post back and redirect, and come back with their errors when refused.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { zonedInstant } from '../../modules/exchanges/rules.ts';
import { FACTORS } from '../../modules/matching/rank.ts';
import { AddCallsBody, ContactBody, WeightsBody } from '../../modules/matching/routes.ts';
import { can } from '../../modules/policy/policy.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { formRefusal, sendPage } from '../forms.ts';
import { type FormError, PAGE_ERROR } from '../view.ts';
import { DashboardPage, OfferMatchesPage, WeightsPage, WhoCouldHelpPage } from './pages.tsx';

type Body = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
const all = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function ids(req: FastifyRequest): { timebankId: string; listingId: string; memberId: string } {
  const p = req.params as Record<string, string>;
  for (const v of Object.values(p)) if (!isUuid(v)) throw new DomainError('not_found', 'page not found');
  return { timebankId: p.timebankId ?? '', listingId: p.listingId ?? '', memberId: p.memberId ?? p.excludedMemberId ?? '' };
}

/** Errors of a refused form, each on its field (with the row's suffix), the rest on top. */
function errorsOf(err: unknown, suffix = ''): FormError[] {
  const e = err instanceof DomainError ? formRefusal(err) : null;
  if (!e) {
    const issues = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
    return issues.map((i) => ({ field: `${String(i.path[i.path.length - 1] ?? '')}${suffix}`, message: i.message }));
  }
  const fields = e.details.fields ?? [];
  if (!fields.length) return [{ field: PAGE_ERROR, message: e.message }];
  return fields.map((f) => {
    const name = f.path.split('/').filter((x) => x && !/^\d+$/.test(x)).pop() ?? '';
    const known = ['outcome', 'callBackAt', 'note', 'date', 'time', 'durationMinutes', 'place', 'withMemberId', ...FACTORS];
    return known.includes(name) ? { field: `${name}${suffix}`, message: f.message } : { field: PAGE_ERROR, message: f.message };
  });
}

/** The contact form as the API's body ("call back at" is a wall-clock time in the timebank's zone). */
function contactBody(f: Body, zone: string) {
  const outcome = one(f.outcome);
  const at = one(f.callBackAt);
  const body: Record<string, unknown> = { outcome, note: one(f.note) ?? null };
  if (at && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(at)) body.callBackAt = zonedInstant(at.slice(0, 10), at.slice(11, 16), zone).toISOString();
  else if (at) body.callBackAt = at;
  if (outcome === 'accepted') {
    const minutes = one(f.durationMinutes);
    body.agreement = { date: one(f.date) ?? '', time: one(f.time) ?? '', durationMinutes: minutes && /^\d+$/.test(minutes) ? Number(minutes) : minutes, place: one(f.place) ?? '' };
    if (one(f.withMemberId)) (body.agreement as Record<string, unknown>).withMemberId = one(f.withMemberId);
  }
  return body;
}

export const matchingPages: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { matching, matchingCalls } = services;
  const base = '/timebanks/:timebankId/matching';
  const requestUrl = (tb: string, id: string) => `/timebanks/${tb}/matching/requests/${id}`;

  async function whoPage(req: FastifyRequest, reply: FastifyReply, errors: FormError[] = []) {
    const p = principalOf(req);
    const { timebankId, listingId } = ids(req);
    const ctx = await viewContext(req, reply, services);
    const ranking = await matching.rankRequest(p, timebankId, listingId);
    const [calls, dns] = await Promise.all([matchingCalls.list(p, timebankId, listingId), matching.doNotSend(p, timebankId, ranking.request.member_id!)]);
    return sendPage(reply, <WhoCouldHelpPage ctx={ctx} ranking={ranking} calls={calls} doNotSend={dns} errors={errors} timebankId={timebankId} />, errors.length ? 400 : 200);
  }

  app.get(`${base}/requests/:listingId`, (req, reply) => whoPage(req, reply));

  app.post(`${base}/requests/:listingId/calls`, async (req, reply) => {
    const { timebankId, listingId } = ids(req);
    const parsed = AddCallsBody.safeParse({ memberIds: all((req.body as Body).memberIds) });
    const ctx = await viewContext(req, reply, services);
    if (!parsed.success) return whoPage(req, reply, [{ field: PAGE_ERROR, message: ctx.t('matching.error.pickSomeone') }]);
    try {
      await matchingCalls.add(principalOf(req), actorFor(req), timebankId, listingId, parsed.data.memberIds);
    } catch (err) {
      return whoPage(req, reply, errorsOf(err));
    }
    return redirectWithFlash(reply, requestUrl(timebankId, listingId), ctx.t('matching.added'));
  });

  app.post(`${base}/requests/:listingId/calls/:memberId`, async (req, reply) => {
    const { timebankId, listingId, memberId } = ids(req);
    const suffix = `-${memberId}`;
    const zone = (await services.tenancy.getTimebank(principalOf(req), timebankId)).time_zone;
    const parsed = ContactBody.safeParse(contactBody(req.body as Body, zone));
    if (!parsed.success) return whoPage(req, reply, errorsOf(parsed.error, suffix));
    const b = parsed.data;
    try {
      await matchingCalls.record(principalOf(req), actorFor(req), timebankId, listingId, memberId, { ...b, callBackAt: b.callBackAt ? new Date(b.callBackAt) : undefined });
    } catch (err) {
      return whoPage(req, reply, errorsOf(err, suffix));
    }
    const ctx = await viewContext(req, reply, services);
    return redirectWithFlash(reply, requestUrl(timebankId, listingId), ctx.t(b.outcome === 'accepted' ? 'matching.agreed' : 'matching.recorded'));
  });

  app.post(`${base}/requests/:listingId/do-not-send`, async (req, reply) => {
    const p = principalOf(req);
    const { timebankId, listingId } = ids(req);
    const excluded = one((req.body as Body).excludedMemberId) ?? '';
    const { r } = await matching.openRequest(p, timebankId, listingId);
    try {
      await matching.addDoNotSend(p, actorFor(req), timebankId, r.member_id!, { excludedMemberId: excluded });
    } catch (err) {
      return whoPage(req, reply, errorsOf(err));
    }
    const ctx = await viewContext(req, reply, services);
    return redirectWithFlash(reply, requestUrl(timebankId, listingId), ctx.t('matching.doNotSendAdded'));
  });

  app.post(`${base}/requests/:listingId/do-not-send/:excludedMemberId/remove`, async (req, reply) => {
    const p = principalOf(req);
    const { timebankId, listingId, memberId } = ids(req);
    const { r } = await matching.openRequest(p, timebankId, listingId);
    await matching.removeDoNotSend(p, actorFor(req), timebankId, r.member_id!, memberId);
    const ctx = await viewContext(req, reply, services);
    return redirectWithFlash(reply, requestUrl(timebankId, listingId), ctx.t('matching.doNotSendRemoved'));
  });

  app.get(`${base}/offers/:listingId`, async (req, reply) => {
    const { timebankId, listingId } = ids(req);
    const offer = await matching.requestsForOffer(principalOf(req), timebankId, listingId);
    const ctx = await viewContext(req, reply, services);
    return sendPage(reply, <OfferMatchesPage ctx={ctx} offer={offer} timebankId={timebankId} />);
  });

  app.get(base, async (req, reply) => {
    const { timebankId } = ids(req);
    const d = await matching.dashboard(principalOf(req), actorFor(req), timebankId);
    const ctx = await viewContext(req, reply, services);
    return sendPage(reply, <DashboardPage ctx={ctx} d={d} timebankId={timebankId} />);
  });

  async function weightsPage(req: FastifyRequest, reply: FastifyReply, failed?: { values: Record<string, string>; errors: FormError[] }) {
    const p = principalOf(req);
    const { timebankId } = ids(req);
    const w = await matching.getWeights(p, timebankId);
    const ctx = await viewContext(req, reply, services);
    const canEdit = can(p, 'matching.configure', { type: 'timebank', networkId: p.networkId, timebankId });
    return sendPage(reply, <WeightsPage ctx={ctx} w={w} values={failed?.values ?? {}} errors={failed?.errors ?? []} canEdit={canEdit} timebankId={timebankId} />, failed ? 400 : 200);
  }
  app.get(`${base}/weights`, (req, reply) => weightsPage(req, reply));
  app.post(`${base}/weights`, async (req, reply) => {
    const { timebankId } = ids(req);
    const f = req.body as Body;
    const values = Object.fromEntries(FACTORS.map((k) => [k, one(f[k]) ?? '']));
    const numbers = Object.fromEntries(FACTORS.map((k) => [k, /^-?\d+$/.test(values[k]!) ? Number(values[k]) : values[k]]));
    const parsed = WeightsBody.safeParse(numbers);
    const ctx = await viewContext(req, reply, services);
    const wrong = (err: unknown) => errorsOf(err).map((e) => (e.field === PAGE_ERROR ? e : { ...e, message: ctx.t('matching.error.weight') }));
    if (!parsed.success) return weightsPage(req, reply, { values, errors: wrong(parsed.error) });
    try {
      await matching.setWeights(principalOf(req), actorFor(req), timebankId, parsed.data);
    } catch (err) {
      return weightsPage(req, reply, { values, errors: wrong(err) });
    }
    return redirectWithFlash(reply, `/timebanks/${timebankId}/matching/weights`, ctx.t('matching.weightsSaved'));
  });
};
