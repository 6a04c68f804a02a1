// Pages of the arguments board. Handlers call the same service and schemas as the API
// (src/modules/arguments); forms post back and redirect. A published argument's page and the
// resources are public: no sign-in needed to read them.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type Config, publicBaseUrl } from '../../config.ts';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { publicLimit, type WriteKind, writeLimit } from '../../modules/arguments/limits.ts';
import { ArgumentBody, CommentBody, ConvincedBody, GroupBody, ModerationBody, ReportBody, ResolutionBody } from '../../modules/arguments/routes.ts';
import type { Principal } from '../../modules/auth/principal.ts';
import { can } from '../../modules/policy/policy.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { type Form, formRefusal, sendPage } from '../forms.ts';
import { isMessageKey, type T } from '../i18n/i18n.ts';
import { type FormError, PAGE_ERROR } from '../view.ts';
import { ArgumentPage, BoardPage, EVIDENCE_SLOTS, GroupsPage, MinePage, ModerationPage, NewArgumentPage, ResourceIndexPage, ResourcePage } from './pages.tsx';

type Issue = { path: readonly PropertyKey[]; message: string };

/**
 * Errors as a form shows them: the first per field, with the field's id on the page
 * ("evidence-2-url" for the third evidence row), in the page's language where we have the words.
 */
export function pageErrors(t: T, issues: Issue[], opts: { slots?: number[]; suffix?: string } = {}): FormError[] {
  const out: FormError[] = [];
  for (const i of issues) {
    const parts = i.path.map(String).filter((p) => p !== '');
    if (parts[0] === 'evidence' && parts[1] !== undefined && /^\d+$/.test(parts[1])) parts[1] = String(opts.slots?.[Number(parts[1])] ?? parts[1]);
    if (parts.length === 0) {
      out.push({ field: PAGE_ERROR, message: i.message });
      continue;
    }
    const id = `${parts.join('-')}${opts.suffix ?? ''}`;
    if (out.some((e) => e.field === id)) continue;
    const key = `arguments.error.${parts[parts.length - 1]}`;
    out.push({ field: id, message: isMessageKey(key) ? t(key) : i.message });
  }
  return out;
}

/** A domain error's field path as the form's: "/body/evidence/0/url" → [evidence, 0, url]. */
export const domainPath = (path: string) => path.replace(/^\/(body|params|query)\//, '').split('/');
const zodIssues = (e: z.ZodError): Issue[] => e.issues.map((i) => ({ path: i.path, message: i.message }));
/** Field errors of a domain refusal; other refusals go in the summary. */
function domainIssues(err: unknown): Issue[] {
  const e = formRefusal(err);
  if (!e.details.fields?.length) return [{ path: [], message: e.message }];
  return e.details.fields.map((f) => ({ path: domainPath(f.path), message: f.message }));
}

/** The argument form as the API's body: evidence rows with a kind chosen, in order. */
export function argumentInput(f: Form) {
  const slots: number[] = [];
  const evidence: Record<string, unknown>[] = [];
  for (let i = 0; i < EVIDENCE_SLOTS; i++) {
    const v = (k: string) => f[`evidence-${i}-${k}`]?.trim() || null;
    if (!v('kind')) continue;
    slots.push(i);
    evidence.push({ kind: v('kind'), label: v('label') ?? '', url: v('url'), figure: v('figure'), source: v('source'), report: v('report') });
  }
  const parsed = ArgumentBody.safeParse({
    stakeholderGroupId: f.stakeholderGroupId ?? '',
    claim: f.claim ?? '',
    details: f.details?.trim() || null,
    evidence,
    attribution: f.attribution ?? '',
    buildsOnArgumentId: f.buildsOnArgumentId || null,
  });
  return { parsed, slots };
}

export const argumentPages: FastifyPluginAsync<{ services: Services; config: Config }> = async (app, { services, config }) => {
  const { arguments: args } = services;
  const limit = (kind: WriteKind) => writeLimit(app, services, kind);
  const publicPage = { config: publicLimit };

  const argumentIdOf = (req: FastifyRequest) => {
    const { argumentId } = req.params as { argumentId: string };
    if (!isUuid(argumentId)) throw new DomainError('not_found', 'argument not found');
    return argumentId;
  };
  /** The canonical address of a page: TIMEBANK_PUBLIC_URL when set, else the request's own. */
  const canonical = (req: FastifyRequest, path: string) => `${config.publicUrl ? publicBaseUrl(config) : `${req.protocol}://${req.host}`}${path}`;
  const ready = (req: FastifyRequest): Principal | null => (req.principal?.stage === 'ready' ? req.principal : null);
  const moderates = (p: Principal) => can(p, 'argument.moderate', { type: 'network', networkId: p.networkId });

  // ---- the board, my arguments, writing one

  app.get('/arguments', async (req, reply) => {
    const p = principalOf(req);
    const q = req.query as Form;
    const groupId = q.groupId && isUuid(q.groupId) ? q.groupId : undefined;
    const [groups, items, slug] = await Promise.all([args.groupsOf(p.networkId), args.board(p, { groupId, limit: 100, offset: 0 }), args.networkSlugOf(p.networkId)]);
    const ctx = await viewContext(req, reply, services);
    return sendPage(reply, <BoardPage ctx={ctx} networkSlug={slug} groups={groups} groupId={groupId} items={items} canModerate={moderates(p)} />);
  });

  app.get('/arguments/mine', async (req, reply) => {
    const p = principalOf(req);
    const [items, slug] = await Promise.all([args.mine(p), args.networkSlugOf(p.networkId)]);
    return sendPage(reply, <MinePage ctx={await viewContext(req, reply, services)} networkSlug={slug} items={items} />);
  });

  async function newPage(req: FastifyRequest, reply: FastifyReply, values: Form, errors: FormError[]) {
    const p = principalOf(req);
    args.assertCanWrite(p);
    const ctx = await viewContext(req, reply, services);
    const buildsOnId = values.buildsOnArgumentId;
    let buildsOn: { id: string; claim: string } | null = null;
    if (buildsOnId && isUuid(buildsOnId)) {
      const base = await args.get(p, p.networkId, buildsOnId).catch(() => null);
      if (base?.status === 'published') buildsOn = { id: base.id, claim: base.claim };
    }
    const values2 = buildsOn || !buildsOnId ? values : { ...values, buildsOnArgumentId: undefined };
    const groups = await args.groupsOf(p.networkId);
    return sendPage(reply, <NewArgumentPage ctx={ctx} groups={groups} values={values2} errors={errors} buildsOn={buildsOn} />, errors.length ? 400 : 200);
  }

  app.get('/arguments/new', async (req, reply) => {
    const q = req.query as Form;
    return newPage(req, reply, { buildsOnArgumentId: q.buildsOn, attribution: 'named' }, []);
  });

  app.post('/arguments/new', { onRequest: limit('argument') }, async (req, reply) => {
    const p = principalOf(req);
    const form = (req.body ?? {}) as Form;
    const { t } = await viewContext(req, reply, services);
    const { parsed, slots } = argumentInput(form);
    if (!parsed.success) return newPage(req, reply, form, pageErrors(t, zodIssues(parsed.error), { slots }));
    try {
      const a = await args.create(p, actorFor(req), parsed.data);
      const slug = await args.networkSlugOf(p.networkId);
      const message = a.status === 'private' ? t('arguments.savedPrivate') : t('arguments.sentForModeration');
      return redirectWithFlash(reply, `/networks/${slug}/arguments/${a.id}`, message);
    } catch (err) {
      return newPage(req, reply, form, pageErrors(t, domainIssues(err), { slots }));
    }
  });

  // ---- one argument: public page, and what people of its network do on it

  async function argumentPage(req: FastifyRequest, reply: FastifyReply, networkSlug: string, argumentId: string, failed?: { errors: FormError[]; values: Form }) {
    const network = await args.publicNetwork(networkSlug);
    const viewer = ready(req);
    const argument = await args.get(viewer, network.id, argumentId);
    const ctx = await viewContext(req, reply, services);
    const groups = await args.groupsOf(network.id);
    const path = `/networks/${network.slug}/arguments/${argument.id}`;
    const page = (
      <ArgumentPage
        ctx={ctx}
        argument={argument}
        networkSlug={network.slug}
        networkName={network.name}
        groups={groups}
        canonicalUrl={canonical(req, path)}
        errors={failed?.errors ?? []}
        values={failed?.values ?? {}}
      />
    );
    return sendPage(reply, page, failed ? 400 : 200);
  }

  app.get('/networks/:network/arguments/:argumentId', publicPage, async (req, reply) =>
    argumentPage(req, reply, (req.params as { network: string }).network, argumentIdOf(req)),
  );

  /** A form posted on an argument's page: run it, and come back to the page (with its errors). */
  async function onArgument(req: FastifyRequest, reply: FastifyReply, run: (p: Principal, argumentId: string, form: Form, t: T) => Promise<string | FormError[]>) {
    const p = principalOf(req);
    const argumentId = argumentIdOf(req);
    const form = (req.body ?? {}) as Form;
    const { t } = await viewContext(req, reply, services);
    const slug = await args.networkSlugOf(p.networkId);
    let outcome: string | FormError[];
    try {
      outcome = await run(p, argumentId, form, t);
    } catch (err) {
      outcome = pageErrors(t, domainIssues(err));
    }
    if (typeof outcome === 'string') return redirectWithFlash(reply, `/networks/${slug}/arguments/${argumentId}`, outcome);
    return argumentPage(req, reply, slug, argumentId, { errors: outcome, values: form });
  }

  app.post('/arguments/:argumentId/comments', { onRequest: limit('comment') }, async (req, reply) =>
    onArgument(req, reply, async (p, id, form, t) => {
      const parsed = CommentBody.safeParse({ body: form.body ?? '' });
      if (!parsed.success) return pageErrors(t, zodIssues(parsed.error));
      await args.addComment(p, actorFor(req), id, parsed.data.body);
      return t('arguments.commented');
    }),
  );

  app.post('/arguments/:argumentId/convinced', { onRequest: limit('convinced') }, async (req, reply) =>
    onArgument(req, reply, async (p, id, form, t) => {
      const parsed = ConvincedBody.safeParse({ stakeholderGroupId: form.stakeholderGroupId ?? '' });
      if (!parsed.success) return pageErrors(t, zodIssues(parsed.error));
      await args.convince(p, actorFor(req), id, parsed.data.stakeholderGroupId);
      return t('arguments.convincedSaved');
    }),
  );

  app.post('/arguments/:argumentId/convinced/withdraw', { onRequest: limit('convinced') }, async (req, reply) =>
    onArgument(req, reply, async (p, id, _form, t) => {
      await args.unconvince(p, actorFor(req), id);
      return t('arguments.convincedWithdrawn');
    }),
  );

  app.post('/arguments/:argumentId/report', { onRequest: limit('report') }, async (req, reply) =>
    onArgument(req, reply, async (p, id, form, t) => {
      const parsed = ReportBody.safeParse({ reason: form.reason ?? '', commentId: form.commentId || null });
      if (!parsed.success) return pageErrors(t, zodIssues(parsed.error));
      await args.reportAbuse(p, actorFor(req), id, parsed.data);
      return t('arguments.reported');
    }),
  );

  // ---- moderation

  async function moderationPage(req: FastifyRequest, reply: FastifyReply) {
    const p = principalOf(req);
    const [queue, slug] = await Promise.all([args.queue(p), args.networkSlugOf(p.networkId)]);
    return sendPage(reply, <ModerationPage ctx={await viewContext(req, reply, services)} networkSlug={slug} queue={queue} />);
  }
  app.get('/arguments/moderation', async (req, reply) => moderationPage(req, reply));

  app.post('/arguments/:argumentId/moderation', async (req, reply) => {
    const p = principalOf(req);
    const form = (req.body ?? {}) as Form;
    const { t } = await viewContext(req, reply, services);
    const parsed = ModerationBody.safeParse({ decision: form.decision ?? '', note: form.note?.trim() || null });
    if (!parsed.success) throw new DomainError('validation_failed', 'choose publish or reject; a note of at most 1000 characters');
    await args.moderate(p, actorFor(req), argumentIdOf(req), parsed.data.decision, parsed.data.note ?? null);
    return redirectWithFlash(reply, '/arguments/moderation', parsed.data.decision === 'publish' ? t('arguments.publishedDone') : t('arguments.rejectedDone'));
  });

  app.post('/arguments/reports/:reportId', async (req, reply) => {
    const { reportId } = req.params as { reportId: string };
    if (!isUuid(reportId)) throw new DomainError('not_found', 'report not found');
    const form = (req.body ?? {}) as Form;
    const { t } = await viewContext(req, reply, services);
    const parsed = ResolutionBody.safeParse({ resolution: form.resolution ?? '' });
    if (!parsed.success) throw new DomainError('validation_failed', 'choose hide or dismiss');
    await args.resolveReport(principalOf(req), actorFor(req), reportId, parsed.data.resolution);
    return redirectWithFlash(reply, '/arguments/moderation', t('arguments.reportResolved'));
  });

  // ---- stakeholder groups

  async function groupsPage(req: FastifyRequest, reply: FastifyReply, failed?: { id: string; errors: FormError[]; values: Form }) {
    const groups = await args.listGroups(principalOf(req), true);
    const page = <GroupsPage ctx={await viewContext(req, reply, services)} groups={groups} errors={failed?.errors ?? []} values={failed?.values ?? {}} failedId={failed?.id ?? null} />;
    return sendPage(reply, page, failed ? 400 : 200);
  }
  app.get('/stakeholder-groups', async (req, reply) => groupsPage(req, reply));

  async function saveGroup(req: FastifyRequest, reply: FastifyReply, groupId: string | null) {
    const p = principalOf(req);
    const form = (req.body ?? {}) as Form;
    const { t } = await viewContext(req, reply, services);
    const position = form.position?.trim();
    const body = {
      nameEn: form.nameEn ?? '',
      namePl: form.namePl ?? '',
      ...(groupId ? { hidden: form.hidden === 'yes', ...(position ? { position: /^\d+$/.test(position) ? Number(position) : position } : {}) } : {}),
    };
    const suffix = groupId ? `-${groupId}` : '';
    const fail = (errors: FormError[]) => groupsPage(req, reply, { id: groupId ?? 'new', errors, values: form });
    const parsed = GroupBody.safeParse(body);
    if (!parsed.success) return fail(pageErrors(t, zodIssues(parsed.error), { suffix }));
    try {
      if (groupId) await args.updateGroup(p, actorFor(req), groupId, parsed.data);
      else await args.addGroup(p, actorFor(req), parsed.data);
    } catch (err) {
      return fail(pageErrors(t, domainIssues(err), { suffix }));
    }
    return redirectWithFlash(reply, '/stakeholder-groups', t('stakeholders.saved'));
  }
  app.post('/stakeholder-groups', async (req, reply) => saveGroup(req, reply, null));
  app.post('/stakeholder-groups/:groupId', async (req, reply) => {
    const { groupId } = req.params as { groupId: string };
    if (!isUuid(groupId)) throw new DomainError('not_found', 'stakeholder group not found');
    return saveGroup(req, reply, groupId);
  });

  // ---- the printable resource, public

  app.get('/networks/:network/resources', publicPage, async (req, reply) => {
    const network = await args.publicNetwork((req.params as { network: string }).network);
    const groups = await args.groupsOf(network.id);
    return sendPage(reply, <ResourceIndexPage ctx={await viewContext(req, reply, services)} networkSlug={network.slug} networkName={network.name} groups={groups} />);
  });

  app.get('/networks/:network/resources/:group', publicPage, async (req, reply) => {
    const params = req.params as { network: string; group: string };
    const network = await args.publicNetwork(params.network);
    const r = await args.resource(network.id, params.group);
    const ctx = await viewContext(req, reply, services);
    const url = canonical(req, `/networks/${network.slug}/resources/${r.group.slug}`);
    return sendPage(reply, <ResourcePage ctx={ctx} networkSlug={network.slug} networkName={network.name} group={r.group} items={r.arguments} canonicalUrl={url} />);
  });
};
