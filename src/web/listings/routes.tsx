// Listing pages (docs/listings.md): the same services and schemas as the API; forms post back
// and redirect. "/listings..." act in the current timebank for the person signed in, or for the
// member a broker acts for.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Principal } from '../../modules/auth/principal.ts';
import { ListingPatchBody, NewListingBody, RenewBody, SubscriptionsBody } from '../../modules/listings/routes.ts';
import { can } from '../../modules/policy/policy.ts';
import { SearchQuerystring } from '../../modules/search/routes.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { formRefusal, sendPage } from '../forms.ts';
import { isMessageKey, type T } from '../i18n/i18n.ts';
import { type FormError, PAGE_ERROR, type ViewContext } from '../view.ts';
import { BrowsePage, FollowingPage, type FormValues, formList, formOne, ListingFormPage, ListingPage, listingFormValues, MyListingsPage, PhoneFindPage } from './pages.tsx';

type Issue = { path: string[]; message: string };

/** A field's id on the page from a schema or domain path: "/body/when/on" → "whenOn", "languages/2" → "languages". */
export function fieldOf(path: readonly PropertyKey[]): string {
  const parts = path.map(String).filter((x) => x !== '' && x !== 'body' && x !== 'querystring' && !/^\d+$/.test(x));
  return parts.map((x, i) => (i === 0 ? x : x.charAt(0).toUpperCase() + x.slice(1))).join('');
}

/** Errors as the form shows them: the first per field, in the page's language when we have the words. */
function pageErrors(t: T, issues: Issue[]): FormError[] {
  const out: FormError[] = [];
  for (const i of issues) {
    const id = fieldOf(i.path);
    if (!id) {
      out.push({ field: PAGE_ERROR, message: i.message });
      continue;
    }
    if (out.some((e) => e.field === id)) continue;
    const key = `listings.error.${id}`;
    out.push({ field: id, message: isMessageKey(key) ? t(key) : i.message });
  }
  return out;
}

const zodIssues = (e: z.ZodError): Issue[] => e.issues.map((i) => ({ path: i.path.map(String), message: i.message }));

/** A domain refusal as the form's errors (refusals of access answer with the error page). */
function domainIssues(t: T, err: unknown): FormError[] {
  const e = formRefusal(err);
  const byCode: Record<string, string> = { too_young: 'listings.error.tooYoung', member_not_active: 'listings.error.memberNotActive' };
  const key = byCode[e.code];
  const fields = e.details.fields ?? [];
  if (key && isMessageKey(key) && fields[0]) return [{ field: fieldOf(fields[0].path.split('/')), message: t(key) }];
  if (!fields.length) return [{ field: PAGE_ERROR, message: e.message }];
  return pageErrors(
    t,
    fields.map((f) => ({ path: f.path.split('/'), message: f.message })),
  );
}

const words = (v: string | undefined) =>
  (v ?? '')
    .split(/[\s,;]+/)
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean);

/** The listing form as the API's body; empty fields are left out (an edit: cleared). */
function listingBody(f: FormValues, opts: { editing: boolean; staff: boolean }): Record<string, unknown> {
  const v = (k: string) => formOne(f[k])?.trim() || undefined;
  const whenKind = v('whenKind') ?? 'flexible';
  const extra = { part: v('whenPart') ?? null, note: v('whenNote') ?? null };
  const when =
    whenKind === 'one_off'
      ? { kind: whenKind, on: v('whenOn') ?? '', ...extra }
      : whenKind === 'recurring'
        ? { kind: whenKind, weekday: Number(v('whenWeekday') ?? 1), everyWeeks: Number(v('whenEveryWeeks') ?? 1), ...extra }
        : { kind: whenKind, ...extra };
  const body: Record<string, unknown> = {
    kind: v('kind'),
    title: formOne(f.title) ?? '',
    description: formOne(f.description) ?? '',
    categorySlug: v('categorySlug'),
    areaId: v('areaId') ?? (opts.editing ? null : undefined),
    mode: v('mode'),
    when,
    language: v('language'),
    languages: words(formOne(f.languages)),
    visibility: v('visibility'),
  };
  if (!opts.editing) body.expiresOn = v('expiresOn');
  if (opts.staff) body.checkNeeded = v('checkNeeded') === 'yes';
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body;
}

const localeOf = (l: string) => (l === 'pl' ? 'pl' : 'en');

export const listingPages: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { listings, search, categories, tenancy, subscriptions, people } = services;

  const isStaff = (p: Principal, timebankId: string) => can(p, 'listing.setCheck', { type: 'timebank', networkId: p.networkId, timebankId });

  function params(req: FastifyRequest) {
    const { timebankId, listingId } = req.params as { timebankId: string; listingId?: string };
    if (!isUuid(timebankId) || (listingId !== undefined && !isUuid(listingId))) throw new DomainError('not_found', 'listing not found');
    return { timebankId, listingId: listingId ?? '' };
  }

  /** The current timebank of the page, or not found. */
  async function current(req: FastifyRequest, reply: FastifyReply) {
    const ctx = await viewContext(req, reply, services);
    const tb = ctx.currentTimebank;
    if (!tb) throw new DomainError('not_found', 'no timebank');
    return { ctx, timebankId: tb.id };
  }

  async function formData(p: Principal, ctx: ViewContext, timebankId: string) {
    const [tree, areas] = await Promise.all([categories.list(p, timebankId, localeOf(ctx.locale)), tenancy.listAreas(p, timebankId)]);
    return { tree, areas: areas.map((a) => ({ id: a.id, name: a.name })) };
  }

  // ---- browse and search
  app.get('/listings', async (req, reply) => {
    const p = principalOf(req);
    const { ctx, timebankId } = await current(req, reply);
    const raw = Object.fromEntries(Object.entries((req.query ?? {}) as Record<string, string>).filter(([k, v]) => k !== 'lang' && v !== ''));
    const parsed = SearchQuerystring.safeParse(raw);
    const errors = parsed.success ? [] : pageErrors(ctx.t, zodIssues(parsed.error));
    const query = parsed.success ? { ...parsed.data, limit: 20 } : { offset: 0, limit: 20 };
    const [result, data, timebank] = await Promise.all([
      search.search(p, timebankId, query, localeOf(ctx.locale)),
      formData(p, ctx, timebankId),
      tenancy.getTimebank(p, timebankId),
    ]);
    return sendPage(
      reply,
      <BrowsePage ctx={ctx} timebank={timebank} query={query} result={result} tree={data.tree} areas={data.areas} staff={isStaff(p, timebankId)} errors={errors} />,
      errors.length ? 400 : 200,
    );
  });

  // ---- post a listing (for oneself, or the member acted for)
  async function newPage(req: FastifyRequest, reply: FastifyReply, failed?: { values: FormValues; errors: FormError[] }) {
    const p = principalOf(req);
    const { ctx, timebankId } = await current(req, reply);
    await listings.myMemberId(p, timebankId);
    const data = await formData(p, ctx, timebankId);
    const title = p.actingFor ? ctx.t('listings.newTitleFor', { name: p.actingFor.displayName }) : ctx.t('listings.newTitle');
    return sendPage(
      reply,
      <ListingFormPage ctx={ctx} title={title} action="/listings/new" {...data} values={failed?.values ?? {}} errors={failed?.errors ?? []} staff={isStaff(p, timebankId)} withExpiry submit={ctx.t('listings.postButton')} />,
      failed ? 400 : 200,
    );
  }
  app.get('/listings/new', (req, reply) => newPage(req, reply));
  app.post('/listings/new', async (req, reply) => {
    const p = principalOf(req);
    const { ctx, timebankId } = await current(req, reply);
    const form = (req.body ?? {}) as FormValues;
    const parsed = NewListingBody.safeParse(listingBody(form, { editing: false, staff: isStaff(p, timebankId) }));
    if (!parsed.success) return newPage(req, reply, { values: form, errors: pageErrors(ctx.t, zodIssues(parsed.error)) });
    let id: string;
    try {
      id = (await listings.create(p, actorFor(req), timebankId, parsed.data)).id;
    } catch (err) {
      return newPage(req, reply, { values: form, errors: domainIssues(ctx.t, err) });
    }
    return redirectWithFlash(reply, `/timebanks/${timebankId}/listings/${id}`, ctx.t('listings.posted'));
  });

  // ---- my listings
  app.get('/listings/mine', async (req, reply) => {
    const p = principalOf(req);
    const { ctx, timebankId } = await current(req, reply);
    const memberId = await listings.myMemberId(p, timebankId);
    const r = await listings.ofMember(p, timebankId, memberId);
    const title = p.actingFor ? ctx.t('listings.mineTitleFor', { name: p.actingFor.displayName }) : ctx.t('listings.mineTitle');
    return sendPage(reply, <MyListingsPage ctx={ctx} title={title} items={r.items} />);
  });

  // ---- the categories I follow
  async function followingPage(req: FastifyRequest, reply: FastifyReply, failed?: { checked: string[]; errors: FormError[] }) {
    const p = principalOf(req);
    const { ctx, timebankId } = await current(req, reply);
    const memberId = await listings.myMemberId(p, timebankId);
    const [tree, mine] = await Promise.all([categories.list(p, timebankId, localeOf(ctx.locale)), subscriptions.list(p, timebankId, memberId)]);
    const checked = failed?.checked ?? mine.map((s) => s.slug);
    return sendPage(reply, <FollowingPage ctx={ctx} tree={tree} checked={checked} errors={failed?.errors ?? []} />, failed ? 400 : 200);
  }
  app.get('/listings/following', (req, reply) => followingPage(req, reply));
  app.post('/listings/following', async (req, reply) => {
    const p = principalOf(req);
    const { ctx, timebankId } = await current(req, reply);
    const memberId = await listings.myMemberId(p, timebankId);
    const checked = formList(((req.body ?? {}) as FormValues).categories);
    const parsed = SubscriptionsBody.safeParse({ categories: checked });
    if (!parsed.success) return followingPage(req, reply, { checked, errors: pageErrors(ctx.t, zodIssues(parsed.error)) });
    try {
      await subscriptions.set(p, actorFor(req), timebankId, memberId, parsed.data.categories);
    } catch (err) {
      return followingPage(req, reply, { checked, errors: domainIssues(ctx.t, err) });
    }
    return redirectWithFlash(reply, '/listings/following', ctx.t('listings.followingSaved'));
  });

  // ---- the broker's form for a request taken by phone
  async function phonePage(req: FastifyRequest, reply: FastifyReply, failed?: { memberId: string; values: FormValues; errors: FormError[] }) {
    const p = principalOf(req);
    const { timebankId } = params(req);
    const ctx = await viewContext(req, reply, services);
    const q = req.query as { memberId?: string; q?: string };
    const memberId = failed?.memberId ?? (q.memberId && isUuid(q.memberId) ? q.memberId : undefined);
    const timebank = await tenancy.getTimebank(p, timebankId);
    if (!isStaff(p, timebankId)) throw new DomainError('forbidden', 'brokers and coordinators record requests taken by phone');
    if (!memberId) {
      const words = q.q?.trim().slice(0, 100);
      const found = words !== undefined ? (await people.list(p, timebankId, { q: words || undefined, limit: 20, offset: 0 })).rows.filter((m) => m.status === 'active' || m.status === 'paused') : [];
      return sendPage(reply, <PhoneFindPage ctx={ctx} timebank={timebank} q={words} members={found} />);
    }
    const { member } = await listings.ofMember(p, timebankId, memberId);
    const data = await formData(p, ctx, timebankId);
    return sendPage(
      reply,
      <ListingFormPage
        ctx={ctx}
        title={ctx.t('listings.phoneTitleFor', { name: member.name })}
        intro={ctx.t('listings.phoneIntro', { name: member.name })}
        action={`/timebanks/${timebankId}/listings/phone`}
        {...data}
        values={failed?.values ?? { kind: 'request' }}
        errors={failed?.errors ?? []}
        staff
        withExpiry
        submit={ctx.t('listings.phoneButton')}
        hidden={{ memberId }}
      />,
      failed ? 400 : 200,
    );
  }
  app.get('/timebanks/:timebankId/listings/phone', (req, reply) => phonePage(req, reply));
  app.post('/timebanks/:timebankId/listings/phone', async (req, reply) => {
    const p = principalOf(req);
    const { timebankId } = params(req);
    const ctx = await viewContext(req, reply, services);
    const form = (req.body ?? {}) as FormValues;
    const memberId = formOne(form.memberId) ?? '';
    if (!isUuid(memberId)) throw new DomainError('not_found', 'member not found');
    const parsed = NewListingBody.safeParse({ ...listingBody(form, { editing: false, staff: true }), memberId, takenByPhone: true });
    if (!parsed.success) return phonePage(req, reply, { memberId, values: form, errors: pageErrors(ctx.t, zodIssues(parsed.error)) });
    let id: string;
    try {
      id = (await listings.create(p, actorFor(req), timebankId, parsed.data)).id;
    } catch (err) {
      return phonePage(req, reply, { memberId, values: form, errors: domainIssues(ctx.t, err) });
    }
    return redirectWithFlash(reply, `/timebanks/${timebankId}/listings/${id}`, ctx.t('listings.phoneDone'));
  });

  // ---- a listing, its editing, closing and renewing
  async function listingPage(req: FastifyRequest, reply: FastifyReply, failed?: { errors: FormError[]; renewValue?: string | undefined }) {
    const { timebankId, listingId } = params(req);
    const ctx = await viewContext(req, reply, services);
    const listing = await listings.get(principalOf(req), timebankId, listingId, localeOf(ctx.locale));
    return sendPage(reply, <ListingPage ctx={ctx} listing={listing} errors={failed?.errors ?? []} renewValue={failed?.renewValue} />, failed ? 400 : 200);
  }
  app.get('/timebanks/:timebankId/listings/:listingId', (req, reply) => listingPage(req, reply));

  async function editPage(req: FastifyRequest, reply: FastifyReply, failed?: { values: FormValues; errors: FormError[] }) {
    const p = principalOf(req);
    const { timebankId, listingId } = params(req);
    const ctx = await viewContext(req, reply, services);
    const listing = await listings.get(p, timebankId, listingId, localeOf(ctx.locale));
    if (!listing.canManage) throw new DomainError('forbidden', 'only its owner, a broker or a coordinator edits a listing');
    const data = await formData(p, ctx, timebankId);
    return sendPage(
      reply,
      <ListingFormPage
        ctx={ctx}
        title={ctx.t('listings.editTitle', { title: listing.title })}
        action={`/timebanks/${timebankId}/listings/${listingId}/edit`}
        {...data}
        values={failed?.values ?? listingFormValues(listing)}
        errors={failed?.errors ?? []}
        staff={isStaff(p, timebankId)}
        withExpiry={false}
        submit={ctx.t('listings.save')}
      />,
      failed ? 400 : 200,
    );
  }
  app.get('/timebanks/:timebankId/listings/:listingId/edit', (req, reply) => editPage(req, reply));
  app.post('/timebanks/:timebankId/listings/:listingId/edit', async (req, reply) => {
    const p = principalOf(req);
    const { timebankId, listingId } = params(req);
    const ctx = await viewContext(req, reply, services);
    const form = (req.body ?? {}) as FormValues;
    const parsed = ListingPatchBody.safeParse(listingBody(form, { editing: true, staff: isStaff(p, timebankId) }));
    if (!parsed.success) return editPage(req, reply, { values: form, errors: pageErrors(ctx.t, zodIssues(parsed.error)) });
    try {
      await listings.update(p, actorFor(req), timebankId, listingId, parsed.data as z.infer<typeof ListingPatchBody>);
    } catch (err) {
      return editPage(req, reply, { values: form, errors: domainIssues(ctx.t, err) });
    }
    return redirectWithFlash(reply, `/timebanks/${timebankId}/listings/${listingId}`, ctx.t('listings.saved'));
  });

  app.post('/timebanks/:timebankId/listings/:listingId/close', async (req, reply) => {
    const { timebankId, listingId } = params(req);
    const ctx = await viewContext(req, reply, services);
    try {
      await listings.close(principalOf(req), actorFor(req), timebankId, listingId);
    } catch (err) {
      return listingPage(req, reply, { errors: domainIssues(ctx.t, err) });
    }
    return redirectWithFlash(reply, `/timebanks/${timebankId}/listings/${listingId}`, ctx.t('listings.closed'));
  });

  app.post('/timebanks/:timebankId/listings/:listingId/renew', async (req, reply) => {
    const { timebankId, listingId } = params(req);
    const ctx = await viewContext(req, reply, services);
    const given = formOne(((req.body ?? {}) as FormValues).expiresOn)?.trim() || undefined;
    const parsed = RenewBody.safeParse(given ? { expiresOn: given } : {});
    if (!parsed.success) return listingPage(req, reply, { errors: pageErrors(ctx.t, zodIssues(parsed.error)), renewValue: given });
    try {
      await listings.renew(principalOf(req), actorFor(req), timebankId, listingId, parsed.data.expiresOn);
    } catch (err) {
      return listingPage(req, reply, { errors: domainIssues(ctx.t, err), renewValue: given });
    }
    return redirectWithFlash(reply, `/timebanks/${timebankId}/listings/${listingId}`, ctx.t('listings.renewed'));
  });
};
