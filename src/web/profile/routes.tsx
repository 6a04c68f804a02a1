// Pages for profiles, the coordinator's categories and the member directory. Handlers call
// the same services and schemas as the API; forms post back and redirect.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { subjectPersonId } from '../../modules/auth/principal.ts';
import { CategoryPatchBody, NewSubcategoryBody } from '../../modules/categories/routes.ts';
import { SHIPPED, SLUG_PATTERN } from '../../modules/categories/taxonomy.ts';
import { Visibility } from '../../modules/directory/routes.ts';
import { can } from '../../modules/policy/policy.ts';
import { ProfileBody } from '../../modules/profiles/routes.ts';
import { PROFILE_KINDS } from '../../modules/profiles/tables.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
// Thank-you notes (feat/exchanges)
import { ThanksOnProfile } from '../exchanges/thanks.tsx';
import { sendPage } from '../forms.ts';
import { isMessageKey, type T } from '../i18n/i18n.ts';
import { type FormError, PAGE_ERROR } from '../view.ts';
import { CategoriesPage, DirectoryPage, type FormValues, ProfileEditPage, ProfilePage, profileFormValues } from './pages.tsx';

type Issue = { path: readonly PropertyKey[]; message: string };

/** A field's id on the page from a schema or domain path: "/body/offer/categories/3" → "offer-categories". */
function fieldOf(path: readonly PropertyKey[]): string {
  const parts = path.map(String).filter((p) => p !== 'body' && p !== '' && !/^\d+$/.test(p));
  return parts.join('-');
}

/** Errors as the form shows them: the first per field, in the page's language when we have the words. */
function pageErrors(t: T, issues: Issue[], key: (field: string) => string, suffix = ''): FormError[] {
  const out: FormError[] = [];
  for (const i of issues) {
    const field = fieldOf(i.path);
    if (!field) {
      out.push({ field: PAGE_ERROR, message: i.message });
      continue;
    }
    const id = `${field}${suffix}`;
    if (out.some((e) => e.field === id)) continue;
    const k = key(field);
    out.push({ field: id, message: isMessageKey(k) ? t(k) : i.message });
  }
  return out;
}

const domainIssues = (err: unknown): Issue[] => {
  if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
  return (err.details.fields ?? []).map((f) => ({ path: f.path.split('/'), message: f.message }));
};
const zodIssues = (e: z.ZodError): Issue[] => e.issues.map((i) => ({ path: i.path, message: i.message }));
const profileKey = (field: string) => `profile.error.${field.replace(/^[a-z]+-(text|categories)$/, '$1')}`;
const categoryKey = (field: string) => `categories.error.${field.startsWith('name') || field === 'parentSlug' ? 'name' : field}`;

type Form = Record<string, string | string[] | undefined>;
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const str = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** The profile form as the API's body. */
function profileInput(f: Form) {
  const body: Record<string, unknown> = {
    languages: str(f.languages)
      .split(/[\s,;]+/)
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean),
    areaIds: list(f.areaIds),
    directoryOptOut: str(f.directoryOptOut) === 'yes',
  };
  for (const kind of PROFILE_KINDS) {
    body[kind] = { categories: list(f[`${kind}-categories`]), text: str(f[`${kind}-text`]) || null };
  }
  return ProfileBody.safeParse(body);
}

/** The category form as the API's body: empty names go back to the shipped name. */
function categoryInput(f: Form, adding: boolean, slug = '') {
  const age = str(f.minimumAge).trim();
  const shipped = SHIPPED.get(slug);
  // The shipped name as given back by the form is no rename.
  const name = (k: 'nameEn' | 'namePl') => {
    const given = str(f[k]).trim();
    if (shipped && given === shipped[k === 'nameEn' ? 'en' : 'pl']) return null;
    return given || (adding ? undefined : null);
  };
  const body: Record<string, unknown> = {
    nameEn: name('nameEn'),
    namePl: name('namePl'),
    minimumAge: age === '' ? (adding ? undefined : null) : /^\d{1,3}$/.test(age) ? Number(age) : age,
  };
  if (adding) return NewSubcategoryBody.safeParse({ ...body, parentSlug: str(f.parentSlug) });
  return CategoryPatchBody.safeParse({ ...body, hidden: str(f.hidden) === 'yes', checkNeeded: str(f.checkNeeded) === 'yes' });
}

/** The broker's member search filters from a page's query string; anything malformed is left out. */
export function memberSearchFilters(q: Record<string, string | undefined>) {
  const day = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined);
  return {
    areaId: q.areaId && isUuid(q.areaId) ? q.areaId : undefined,
    category: q.category && SLUG_PATTERN.test(q.category) ? q.category : undefined,
    inactiveSince: day(q.inactiveSince),
    // a safeguarding check due within 30 days or overdue (feat/record)
    checkDue: q.checkDue === 'yes' ? true : undefined,
  };
}

const localeOf = (l: string) => (l === 'pl' ? 'pl' : 'en');

export const profilePages: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { profiles, categories, directory, tenancy } = services;

  const timebankParam = (req: FastifyRequest) => {
    const { timebankId } = req.params as { timebankId: string };
    if (!isUuid(timebankId)) throw new DomainError('not_found', 'timebank not found');
    return timebankId;
  };
  const memberParams = (req: FastifyRequest) => {
    const { memberId } = req.params as { memberId: string };
    const timebankId = timebankParam(req);
    if (!isUuid(memberId)) throw new DomainError('not_found', 'member not found');
    return { timebankId, memberId };
  };

  /** "My profile": the signed-in person's (or the member acted for) in the current timebank. */
  async function mine(req: FastifyRequest, reply: FastifyReply) {
    const ctx = await viewContext(req, reply, services);
    const tb = ctx.currentTimebank;
    if (!tb) throw new DomainError('not_found', ctx.t('profile.noMembership'));
    const memberId = await profiles.memberIdOf(principalOf(req), tb.id, subjectPersonId(principalOf(req))).catch((err) => {
      if (err instanceof DomainError && err.code === 'not_found') throw new DomainError('not_found', ctx.t('profile.noMembership'));
      throw err;
    });
    return { ctx, timebankId: tb.id, memberId };
  }

  const titles = (t: T, p: ReturnType<typeof principalOf>, personId: string, name: string) =>
    personId === p.personId ? { view: t('profile.title'), edit: t('profile.editTitle') } : { view: t('profile.titleFor', { name }), edit: t('profile.editTitleFor', { name }) };

  async function viewPage(req: FastifyRequest, reply: FastifyReply, timebankId: string, memberId: string, editHref: string) {
    const p = principalOf(req);
    const ctx = await viewContext(req, reply, services);
    const profile = await profiles.get(p, timebankId, memberId, localeOf(ctx.locale));
    const title = titles(ctx.t, p, profile.personId, profile.displayName).view;
    // Thank-you notes (feat/exchanges)
    const thanks = await services.exchanges.thanksFor(p, timebankId, memberId);
    const after = <ThanksOnProfile ctx={ctx} own={thanks.own} items={thanks.items} back={ctx.path} />;
    return sendPage(reply, <ProfilePage ctx={ctx} title={title} profile={profile} editHref={editHref} after={after} />);
  }

  async function editPage(req: FastifyRequest, reply: FastifyReply, timebankId: string, memberId: string, action: string, failed?: { values: FormValues; errors: FormError[] }) {
    const p = principalOf(req);
    const ctx = await viewContext(req, reply, services);
    const locale = localeOf(ctx.locale);
    const [profile, tree, areas] = await Promise.all([
      profiles.get(p, timebankId, memberId, locale),
      categories.list(p, timebankId, locale),
      tenancy.listAreas(p, timebankId),
    ]);
    const title = titles(ctx.t, p, profile.personId, profile.displayName).edit;
    const values = failed?.values ?? profileFormValues(profile);
    const page = <ProfileEditPage ctx={ctx} title={title} action={action} tree={tree} areas={areas} values={values} errors={failed?.errors ?? []} />;
    return sendPage(reply, page, failed ? 400 : 200);
  }

  async function save(req: FastifyRequest, reply: FastifyReply, timebankId: string, memberId: string, action: string, done: string) {
    const form = (req.body ?? {}) as Form;
    const ctx = await viewContext(req, reply, services);
    const parsed = profileInput(form);
    if (!parsed.success) return editPage(req, reply, timebankId, memberId, action, { values: form, errors: pageErrors(ctx.t, zodIssues(parsed.error), profileKey) });
    try {
      await profiles.save(principalOf(req), actorFor(req), timebankId, memberId, parsed.data, localeOf(ctx.locale));
    } catch (err) {
      return editPage(req, reply, timebankId, memberId, action, { values: form, errors: pageErrors(ctx.t, domainIssues(err), profileKey) });
    }
    return redirectWithFlash(reply, done, ctx.t('profile.saved'));
  }

  app.get('/profile', async (req, reply) => {
    const { timebankId, memberId } = await mine(req, reply);
    return viewPage(req, reply, timebankId, memberId, '/profile/edit');
  });
  app.get('/profile/edit', async (req, reply) => {
    const { timebankId, memberId } = await mine(req, reply);
    return editPage(req, reply, timebankId, memberId, '/profile/edit');
  });
  app.post('/profile/edit', async (req, reply) => {
    const { timebankId, memberId } = await mine(req, reply);
    return save(req, reply, timebankId, memberId, '/profile/edit', '/profile');
  });

  const memberBase = (timebankId: string, memberId: string) => `/timebanks/${timebankId}/members/${memberId}/profile`;
  app.get('/timebanks/:timebankId/members/:memberId/profile', async (req, reply) => {
    const { timebankId, memberId } = memberParams(req);
    return viewPage(req, reply, timebankId, memberId, `${memberBase(timebankId, memberId)}/edit`);
  });
  app.get('/timebanks/:timebankId/members/:memberId/profile/edit', async (req, reply) => {
    const { timebankId, memberId } = memberParams(req);
    return editPage(req, reply, timebankId, memberId, `${memberBase(timebankId, memberId)}/edit`);
  });
  app.post('/timebanks/:timebankId/members/:memberId/profile/edit', async (req, reply) => {
    const { timebankId, memberId } = memberParams(req);
    const base = memberBase(timebankId, memberId);
    return save(req, reply, timebankId, memberId, `${base}/edit`, base);
  });

  async function categoriesPage(req: FastifyRequest, reply: FastifyReply, timebankId: string, failed?: { slug: string; values: FormValues; errors: FormError[] }) {
    const p = principalOf(req);
    const ctx = await viewContext(req, reply, services);
    const tree = await categories.list(p, timebankId, localeOf(ctx.locale), true);
    const timebank = await tenancy.getTimebank(p, timebankId);
    return sendPage(reply, <CategoriesPage ctx={ctx} timebank={timebank} tree={tree} errors={failed?.errors ?? []} failed={failed} />, failed ? 400 : 200);
  }

  app.get('/timebanks/:timebankId/categories', async (req, reply) => categoriesPage(req, reply, timebankParam(req)));

  app.post('/timebanks/:timebankId/categories', async (req, reply) => {
    const timebankId = timebankParam(req);
    const form = (req.body ?? {}) as Form;
    const ctx = await viewContext(req, reply, services);
    const parsed = categoryInput(form, true);
    const fail = (issues: Issue[]) => categoriesPage(req, reply, timebankId, { slug: 'new', values: form, errors: pageErrors(ctx.t, issues, categoryKey) });
    if (!parsed.success) return fail(zodIssues(parsed.error));
    try {
      await categories.addSubcategory(principalOf(req), actorFor(req), timebankId, parsed.data as z.infer<typeof NewSubcategoryBody>);
    } catch (err) {
      return fail(domainIssues(err));
    }
    return redirectWithFlash(reply, `/timebanks/${timebankId}/categories`, ctx.t('categories.addedDone'));
  });

  app.post('/timebanks/:timebankId/categories/:slug', async (req, reply) => {
    const timebankId = timebankParam(req);
    const { slug } = req.params as { slug: string };
    if (!SLUG_PATTERN.test(slug)) throw new DomainError('not_found', 'category not found');
    const form = (req.body ?? {}) as Form;
    const ctx = await viewContext(req, reply, services);
    const suffix = `-${slug.replace('.', '--')}`;
    const parsed = categoryInput(form, false, slug);
    const fail = (issues: Issue[]) => categoriesPage(req, reply, timebankId, { slug, values: form, errors: pageErrors(ctx.t, issues, categoryKey, suffix) });
    if (!parsed.success) return fail(zodIssues(parsed.error));
    try {
      await categories.update(principalOf(req), actorFor(req), timebankId, slug, parsed.data as z.infer<typeof CategoryPatchBody>);
    } catch (err) {
      return fail(domainIssues(err));
    }
    return redirectWithFlash(reply, `/timebanks/${timebankId}/categories`, ctx.t('categories.saved'));
  });

  app.get('/timebanks/:timebankId/directory', async (req, reply) => {
    const timebankId = timebankParam(req);
    const p = principalOf(req);
    const q = req.query as Record<string, string | undefined>;
    const ctx = await viewContext(req, reply, services);
    const locale = localeOf(ctx.locale);
    const { areaId, category } = memberSearchFilters(q);
    const query = {
      q: q.q?.trim().slice(0, 100) || undefined,
      areaId,
      category,
      offset: Math.max(0, Number.parseInt(q.offset ?? '0', 10) || 0),
      limit: 50,
    };
    const result = await directory.list(p, timebankId, query, locale);
    const [timebank, areas, tree] = await Promise.all([tenancy.getTimebank(p, timebankId), tenancy.listAreas(p, timebankId), categories.list(p, timebankId, locale)]);
    const canConfigure = can(p, 'timebank.configure', { type: 'timebank', networkId: p.networkId, timebankId });
    return sendPage(
      reply,
      <DirectoryPage ctx={ctx} timebank={timebank} visibility={result.visibility} items={result.items} total={result.total} query={query} areas={areas} tree={tree} canConfigure={canConfigure} />,
    );
  });

  app.post('/timebanks/:timebankId/directory/settings', async (req, reply) => {
    const timebankId = timebankParam(req);
    const parsed = Visibility.safeParse(str(((req.body ?? {}) as Form).visibility));
    if (!parsed.success) throw new DomainError('validation_failed', 'choose a setting', { fields: [{ path: '/body/visibility', message: 'not a setting' }] });
    const ctx = await viewContext(req, reply, services);
    await directory.setVisibility(principalOf(req), actorFor(req), timebankId, parsed.data);
    return redirectWithFlash(reply, `/timebanks/${timebankId}/directory`, ctx.t('directory.settingSaved'));
  });
};
