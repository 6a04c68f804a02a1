// Pages of capability conversations, the survey, the assets register and the asset map
// (docs/asset-map.md): the same services and schemas as the API; forms post back and redirect.
// They act in the current timebank, for the person signed in or the member a broker acts for.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { instantOf } from '../../lib/zone.ts';
import { InviteBody } from '../../modules/assetmap/routes.ts';
import { AssetBody } from '../../modules/assets/routes.ts';
import type { Principal } from '../../modules/auth/principal.ts';
import { ConversationPatchBody, SurveyBody } from '../../modules/capabilities/routes.ts';
import { STEPS, type Step } from '../../modules/capabilities/tables.ts';
import { can } from '../../modules/policy/policy.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { formRefusal, sendPage } from '../forms.ts';
import { isMessageKey, type T } from '../i18n/i18n.ts';
import { type FormError, PAGE_ERROR } from '../view.ts';
import { BoundariesPage, CellPage, GeoPage, PillarsPage } from './cell-pages.tsx';
import { geoShapes } from './geo-data.ts';
import { AssetsPage, areaNameOf, ConversationHome, ConversationStepPage, type FormValues, MapPage, stepValues, SurveyPage } from './pages.tsx';

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const localeOf = (l: string) => (l === 'pl' ? 'pl' : 'en');

/** The form field an error path names: "/body/headCategories/2" → "categories", "/body/hoursPerMonth" → "hoursPerMonth". */
function fieldOf(path: string): string {
  const name = path.split('/').filter((x) => x && x !== 'body' && !/^\d+$/.test(x))[0] ?? '';
  if (/Categories$/.test(name)) return 'categories';
  if (/^(head|hands|heart|lend|help)Text$/.test(name)) return 'text';
  return name;
}

/** Errors as the form shows them: the first per field, in the page's language when we have the words. */
function formErrors(t: T, prefix: string, issues: { path: string; message: string }[]): FormError[] {
  const out: FormError[] = [];
  for (const i of issues) {
    const id = fieldOf(i.path);
    if (!id) {
      out.push({ field: PAGE_ERROR, message: i.message });
      continue;
    }
    if (out.some((e) => e.field === id)) continue;
    const key = `${prefix}.error.${id}`;
    out.push({ field: id, message: isMessageKey(key) ? t(key) : i.message });
  }
  return out;
}
const zodIssues = (e: z.ZodError) => e.issues.map((i) => ({ path: `/body/${i.path.join('/')}`, message: i.message }));
const domainIssues = (err: unknown) => {
  const e = formRefusal(err);
  return e.details.fields?.length ? e.details.fields : [{ path: '', message: e.message }];
};
const intOrNull = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : Number.NaN);

export const assetMapPages: FastifyPluginAsync<{ services: Services; config: Config }> = async (app, { services, config }) => {
  const { capabilities, assets, assetMap, categories, tenancy } = services;

  async function current(req: FastifyRequest, reply: FastifyReply) {
    const ctx = await viewContext(req, reply, services);
    const tb = ctx.currentTimebank;
    if (!tb) throw new DomainError('not_found', 'no timebank');
    return { ctx, timebankId: tb.id, p: principalOf(req) };
  }
  const isCoordinator = (p: Principal, timebankId: string) => can(p, 'assetmap.configure', { type: 'timebank', networkId: p.networkId, timebankId });
  const isStaff = (p: Principal, timebankId: string) => can(p, 'assetmap.read', { type: 'timebank', networkId: p.networkId, timebankId });

  // ---- capability conversations: mine (or the member acted for), in the current timebank
  app.get('/conversation', async (req, reply) => {
    const { ctx, timebankId, p } = await current(req, reply);
    const r = await capabilities.ofMember(p, timebankId);
    const title = p.actingFor ? ctx.t('conversation.titleFor', { name: p.actingFor.displayName }) : ctx.t('conversation.title');
    return sendPage(reply, <ConversationHome ctx={ctx} title={title} items={r.items} />);
  });
  app.post('/conversation', async (req, reply) => {
    const { timebankId, p } = await current(req, reply);
    const r = await capabilities.start(p, actorFor(req), timebankId);
    const c = r.conversation;
    const next = c.step === 'start' ? 'head' : (STEPS[Math.min(STEPS.indexOf(c.step) + 1, STEPS.length - 1)] as Step);
    return reply.redirect(`/timebanks/${timebankId}/conversations/${c.id}/steps/${next}`, 303);
  });

  function stepParams(req: FastifyRequest) {
    const { timebankId, conversationId, step } = req.params as { timebankId: string; conversationId: string; step: string };
    if (!isUuid(timebankId) || !isUuid(conversationId) || !(STEPS as readonly string[]).includes(step)) throw new DomainError('not_found', 'conversation not found');
    return { timebankId, conversationId, step: step as Step };
  }
  async function stepPage(req: FastifyRequest, reply: FastifyReply, failed?: { values: FormValues; errors: FormError[] }) {
    const { timebankId, conversationId, step } = stepParams(req);
    const ctx = await viewContext(req, reply, services);
    const p = principalOf(req);
    const c = await capabilities.get(p, timebankId, conversationId);
    if (c.status !== 'draft') return redirectWithFlash(reply, '/conversation', ctx.t('conversation.done'));
    const tree = await categories.list(p, timebankId, localeOf(ctx.locale));
    return sendPage(reply, <ConversationStepPage ctx={ctx} conversation={c} step={step} tree={tree} values={failed?.values ?? stepValues(c, step)} errors={failed?.errors ?? []} />, failed ? 400 : 200);
  }
  const stepPath = '/timebanks/:timebankId/conversations/:conversationId/steps/:step';
  app.get(stepPath, (req, reply) => stepPage(req, reply));
  app.post(stepPath, async (req, reply) => {
    const { timebankId, conversationId, step } = stepParams(req);
    const ctx = await viewContext(req, reply, services);
    const p = principalOf(req);
    const form = (req.body ?? {}) as FormValues;
    const body =
      step === 'time'
        ? { step, hoursPerMonth: intOrNull(one(form.hoursPerMonth)), ways: many(form.ways) }
        : { step, [`${step}Text`]: one(form.text) ?? '', [`${step}Categories`]: many(form.categories) };
    const parsed = ConversationPatchBody.safeParse(body);
    if (!parsed.success) return stepPage(req, reply, { values: form, errors: formErrors(ctx.t, 'conversation', zodIssues(parsed.error)) });
    try {
      await capabilities.save(p, actorFor(req), timebankId, conversationId, parsed.data);
      if (one(form.action) === 'stop') return redirectWithFlash(reply, '/conversation', ctx.t('conversation.saved'));
      if (step !== 'time') return reply.redirect(`/timebanks/${timebankId}/conversations/${conversationId}/steps/${STEPS[STEPS.indexOf(step) + 1]}`, 303);
      await capabilities.complete(p, actorFor(req), timebankId, conversationId);
    } catch (err) {
      return stepPage(req, reply, { values: form, errors: formErrors(ctx.t, 'conversation', domainIssues(err)) });
    }
    return redirectWithFlash(reply, '/conversation', ctx.t('conversation.done'));
  });

  // ---- the community survey
  async function surveyPage(req: FastifyRequest, reply: FastifyReply, failed?: { values: FormValues; errors: FormError[] }) {
    const { ctx, timebankId, p } = await current(req, reply);
    const s = await capabilities.survey(p, timebankId);
    const a = s.answer;
    const yn = (b: boolean) => (b ? 'yes' : 'no');
    const values: FormValues = failed?.values ?? (a ? { coProducesNow: yn(a.coProducesNow), wouldDoMore: yn(a.wouldDoMore), ways: a.ways, extraHoursPerMonth: String(a.extraHoursPerMonth) } : {});
    return sendPage(reply, <SurveyPage ctx={ctx} answeredAt={a?.answeredAt ?? null} values={values} errors={failed?.errors ?? []} />, failed ? 400 : 200);
  }
  app.get('/survey', (req, reply) => surveyPage(req, reply));
  app.post('/survey', async (req, reply) => {
    const { ctx, timebankId, p } = await current(req, reply);
    const form = (req.body ?? {}) as FormValues;
    const yn = (v: string | undefined) => (v === 'yes' ? true : v === 'no' ? false : undefined);
    const parsed = SurveyBody.safeParse({ coProducesNow: yn(one(form.coProducesNow)), wouldDoMore: yn(one(form.wouldDoMore)), ways: many(form.ways), extraHoursPerMonth: intOrNull(one(form.extraHoursPerMonth)) });
    if (!parsed.success) {
      const issues = zodIssues(parsed.error).map((i) => (/coProducesNow|wouldDoMore/.test(i.path) ? { ...i, message: ctx.t('survey.error.choose') } : i));
      return surveyPage(req, reply, { values: form, errors: formErrors(ctx.t, 'survey', issues) });
    }
    try {
      await capabilities.answerSurvey(p, actorFor(req), timebankId, undefined, parsed.data);
    } catch (err) {
      return surveyPage(req, reply, { values: form, errors: formErrors(ctx.t, 'survey', domainIssues(err)) });
    }
    return redirectWithFlash(reply, '/survey', ctx.t('survey.saved'));
  });

  // ---- the community assets register
  async function assetsPage(req: FastifyRequest, reply: FastifyReply, failed?: { values: FormValues; errors: FormError[] }) {
    const { ctx, timebankId, p } = await current(req, reply);
    const [items, areas, tree] = await Promise.all([assets.list(p, timebankId), tenancy.listAreas(p, timebankId), categories.list(p, timebankId, localeOf(ctx.locale))]);
    const staff = can(p, 'asset.manage', { type: 'timebank', networkId: p.networkId, timebankId });
    return sendPage(reply, <AssetsPage ctx={ctx} items={items} staff={staff} areas={areas.map((a) => ({ id: a.id, name: a.name }))} tree={tree} values={failed?.values ?? {}} errors={failed?.errors ?? []} />, failed ? 400 : 200);
  }
  app.get('/assets', (req, reply) => assetsPage(req, reply));
  app.post('/assets', async (req, reply) => {
    const { ctx, timebankId, p } = await current(req, reply);
    const form = (req.body ?? {}) as FormValues;
    const v = (k: string) => one(form[k])?.trim() || undefined;
    const parsed = AssetBody.safeParse({
      kind: v('kind'),
      name: one(form.name) ?? '',
      description: one(form.description) ?? '',
      areaId: v('areaId') ?? null,
      categorySlug: v('categorySlug') ?? null,
      contact: one(form.contact) ?? '',
      membersMayUse: v('membersMayUse') === 'yes',
    });
    if (!parsed.success) return assetsPage(req, reply, { values: form, errors: formErrors(ctx.t, 'assets', zodIssues(parsed.error)) });
    try {
      await assets.create(p, actorFor(req), timebankId, parsed.data);
    } catch (err) {
      return assetsPage(req, reply, { values: form, errors: formErrors(ctx.t, 'assets', domainIssues(err)) });
    }
    return redirectWithFlash(reply, '/assets', ctx.t('assets.added'));
  });

  // ---- the map
  app.get('/asset-map', async (req, reply) => {
    const { ctx, timebankId, p } = await current(req, reply);
    const m = await assetMap.map(p, timebankId, { locale: localeOf(ctx.locale) });
    return sendPage(reply, <MapPage ctx={ctx} m={m} timebankId={timebankId} coordinator={isCoordinator(p, timebankId)} />);
  });
  app.post('/asset-map/refresh', async (req, reply) => {
    const { ctx, timebankId, p } = await current(req, reply);
    await assetMap.refresh(p, actorFor(req), timebankId);
    return redirectWithFlash(reply, '/asset-map', ctx.t('assetmap.refreshed'));
  });

  async function cellPage(req: FastifyRequest, reply: FastifyReply, q: { areaId?: string | undefined; category?: string | undefined }, failed?: { values: FormValues; errors: FormError[] }) {
    const { ctx, timebankId, p } = await current(req, reply);
    if (!q.areaId || !isUuid(q.areaId) || !q.category || !/^[a-z0-9][a-z0-9-]{0,40}$/.test(q.category)) throw new DomainError('not_found', 'cell not found');
    const lists = await assetMap.cell(p, timebankId, q.areaId, q.category);
    const m = await assetMap.map(p, timebankId, { locale: localeOf(ctx.locale) });
    const title = ctx.t('assetmap.cellTitle', { category: m.categories.find((c) => c.slug === q.category)?.name ?? q.category, area: areaNameOf(ctx.t, m)(q.areaId) });
    return sendPage(reply, <CellPage ctx={ctx} title={title} areaId={q.areaId} category={q.category} lists={lists} values={failed?.values ?? null} errors={failed?.errors ?? []} />, failed ? 400 : 200);
  }
  app.get('/asset-map/cell', (req, reply) => cellPage(req, reply, req.query as { areaId?: string; category?: string }));
  app.post('/asset-map/invite', async (req, reply) => {
    const { ctx, timebankId, p } = await current(req, reply);
    const form = (req.body ?? {}) as FormValues;
    const cell = { areaId: one(form.areaId), category: one(form.category) };
    const zone = (await tenancy.getTimebank(p, timebankId)).time_zone;
    const at = (v: string | undefined) => {
      const [d, tm] = (v ?? '').split('T');
      return instantOf(zone, d ?? '', tm ?? '')?.toISOString() ?? v ?? '';
    };
    const minutes = intOrNull(one(form.minutesPerAttendee));
    const parsed = InviteBody.safeParse({
      areaId: cell.areaId,
      category: cell.category,
      memberIds: many(form.memberIds),
      title: one(form.title) ?? '',
      place: one(form.place)?.trim() || null,
      startsAt: at(one(form.startsAt)),
      endsAt: at(one(form.endsAt)),
      minutesPerAttendee: minutes,
    });
    if (!parsed.success) return cellPage(req, reply, cell, { values: form, errors: formErrors(ctx.t, 'assetmap', zodIssues(parsed.error)) });
    let r: Awaited<ReturnType<typeof assetMap.invite>>;
    try {
      r = await assetMap.invite(p, actorFor(req), timebankId, parsed.data);
    } catch (err) {
      const e = formRefusal(err);
      if (e.code === 'forbidden') throw e;
      return cellPage(req, reply, cell, { values: form, errors: formErrors(ctx.t, 'assetmap', domainIssues(err)) });
    }
    return redirectWithFlash(reply, `/activities/${r.activityId}`, ctx.t('assetmap.invited', { count: r.registered.length }));
  });

  app.get('/asset-map/geo', async (req, reply) => {
    const { ctx, timebankId, p } = await current(req, reply);
    const q = req.query as { metric?: string; category?: string };
    const metric = q.metric === 'capability' || q.metric === 'gap' ? q.metric : 'need';
    const [m, boundaries, timebank] = await Promise.all([assetMap.map(p, timebankId, { locale: localeOf(ctx.locale) }), assetMap.boundaries(p, timebankId), tenancy.getTimebank(p, timebankId)]);
    const category = m.categories.some((c) => c.slug === q.category) ? (q.category as string) : '';
    const { shapes, bbox } = geoShapes(ctx.t, m, boundaries, metric, category);
    return sendPage(reply, <GeoPage ctx={ctx} timebankName={timebank.name} metric={metric} category={category} categories={m.categories} shapes={shapes} bbox={bbox} tileTemplate={config.tileUrl} />);
  });

  async function boundariesPage(req: FastifyRequest, reply: FastifyReply, failed?: { value: string; errors: FormError[] }) {
    const { ctx, timebankId, p } = await current(req, reply);
    if (!isCoordinator(p, timebankId)) throw new DomainError('forbidden', 'coordinators upload area boundaries');
    const rows = await assetMap.boundaries(p, timebankId);
    return sendPage(reply, <BoundariesPage ctx={ctx} names={rows.map((r) => r.area_name)} value={failed?.value} errors={failed?.errors ?? []} />, failed ? 400 : 200);
  }
  app.get('/asset-map/areas', (req, reply) => boundariesPage(req, reply));
  app.post('/asset-map/areas', async (req, reply) => {
    const { ctx, timebankId, p } = await current(req, reply);
    const value = one(((req.body ?? {}) as FormValues).geojson) ?? '';
    let geojson: unknown;
    try {
      geojson = JSON.parse(value);
    } catch {
      return boundariesPage(req, reply, { value, errors: [{ field: 'geojson', message: ctx.t('assetmap.error.json') }] });
    }
    let n: number;
    try {
      n = (await assetMap.uploadBoundaries(p, actorFor(req), timebankId, geojson)).areas;
    } catch (err) {
      const e = formRefusal(err);
      if (e.code === 'forbidden') throw e;
      // The error names the part of the GeoJSON: the summary says where, the field holds the text.
      const errors = (e.details.fields ?? [{ path: '', message: e.message }]).map((f) => ({ field: 'geojson', message: `${f.path.replace('/body/geojson', '') || '/'}: ${f.message}` }));
      return boundariesPage(req, reply, { value, errors: errors.slice(0, 1).concat(errors.slice(1).map((x) => ({ ...x, field: PAGE_ERROR }))) });
    }
    return redirectWithFlash(reply, '/asset-map/geo', ctx.t('assetmap.boundariesSaved', { count: n }));
  });

  app.get('/asset-map/pillars', async (req, reply) => {
    const { ctx, timebankId, p } = await current(req, reply);
    if (!isStaff(p, timebankId)) throw new DomainError('forbidden', 'pillars are for brokers and coordinators');
    const [r, areas] = await Promise.all([assetMap.pillars(p, timebankId), tenancy.listAreas(p, timebankId)]);
    const areaName = (id: string) => areas.find((a) => a.id === id)?.name ?? ctx.t('assetmap.noArea');
    return sendPage(reply, <PillarsPage ctx={ctx} items={r.items} areaName={areaName} />);
  });
};
