// Wellbeing pages (docs/wellbeing.md): the same services and schemas as the API. Forms post
// back and redirect; errors are shown beside their fields.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Principal } from '../../modules/auth/principal.ts';
import { can } from '../../modules/policy/policy.ts';
import { CheckinBody, FollowUpSchema, SignpostingBody } from '../../modules/wellbeing/routes.ts';
import { checkinView } from '../../modules/wellbeing/view.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { formRefusal, sendPage } from '../forms.ts';
import type { MessageKey } from '../i18n/en.ts';
import { isMessageKey, type T } from '../i18n/i18n.ts';
import { type FormError, PAGE_ERROR } from '../view.ts';
import { CheckinPage, DuePage, ReportPage, type Values } from './pages.tsx';

const SCORES = ['lifeSatisfaction', 'worthwhile', 'happiness', 'anxiety'];
const ITEMS = ['lackCompanionship', 'leftOut', 'isolated'];
const CHOICES = ['lonelyDirect', 'belonging', 'favours'];

/** The check-in form as the API's body: an empty answer is a skipped question. */
export function checkinBody(f: Values): Record<string, unknown> {
  const v = (k: string) => f[k]?.trim() || undefined;
  const answers: Record<string, unknown> = {};
  for (const k of [...SCORES, ...ITEMS]) if (v(k) !== undefined) answers[k] = /^\d+$/.test(v(k)!) ? Number(v(k)) : v(k);
  for (const k of CHOICES) if (v(k) !== undefined) answers[k] = v(k);
  const body: Record<string, unknown> = { wave: v('wave') ?? '', answers };
  if (v('decline') === 'yes') body.decline = true;
  else {
    body.consent = v('consent') === 'yes';
    if (v('help')) body.help = v('help');
  }
  return body;
}

const FIELD_MESSAGES: Record<string, MessageKey> = {
  consent: 'wellbeing.error.consent',
  help: 'wellbeing.error.help',
  answers: 'wellbeing.error.answers',
  wave: 'wellbeing.error.wave',
  decline: 'wellbeing.error.decline',
  memberId: 'wellbeing.error.memberId',
};

/** A bad field's message in the page's language: paths like ["answers","anxiety"] or "/body/consent". */
function errorsOf(t: T, issues: { path: string[]; message: string }[]): FormError[] {
  const out: FormError[] = [];
  for (const i of issues) {
    const parts = i.path.filter((x) => x && x !== 'body');
    const id = parts.length > 1 && parts[0] === 'answers' ? parts[1]! : (parts[0] ?? '');
    if (!id) out.push({ field: PAGE_ERROR, message: i.message });
    else if (!out.some((e) => e.field === id)) {
      const key = FIELD_MESSAGES[id] ?? (SCORES.includes(id) ? 'wellbeing.error.score' : 'wellbeing.error.choice');
      out.push({ field: id === 'wave' ? PAGE_ERROR : id, message: isMessageKey(key) ? t(key) : i.message });
    }
  }
  return out;
}

export function domainFieldErrors(t: T, err: unknown, fallback: (path: string[]) => string | null = () => null): FormError[] {
  const e = formRefusal(err);
  const fields = e.details.fields ?? [];
  if (!fields.length) return [{ field: PAGE_ERROR, message: e.message }];
  return errorsOf(
    t,
    fields.map((f) => ({ path: f.path.split('/'), message: fallback(f.path.split('/')) ?? f.message })),
  );
}

export const wellbeingPages: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { wellbeing, listings, tenancy, reports } = services;

  function timebankOf(req: FastifyRequest): string {
    const { timebankId } = req.params as { timebankId: string };
    if (!isUuid(timebankId)) throw new DomainError('not_found', 'timebank not found');
    return timebankId;
  }
  const staffOnly = (p: Principal, timebankId: string) => {
    if (!can(p, 'wellbeing.due', { type: 'timebank', networkId: p.networkId, timebankId })) throw new DomainError('forbidden', 'brokers and coordinators of the timebank only');
  };

  // ---- the member's own check-in (or the member a broker acts for), in the current timebank
  async function ownPage(req: FastifyRequest, reply: FastifyReply, failed?: { values: Values; errors: FormError[] }) {
    const p = principalOf(req);
    const ctx = await viewContext(req, reply, services);
    const timebankId = ctx.currentTimebank?.id;
    if (!timebankId) throw new DomainError('not_found', 'no timebank');
    const memberId = await listings.myMemberId(p, timebankId);
    const r = await wellbeing.ofMember(p, timebankId, memberId);
    const title = p.actingFor ? ctx.t('wellbeing.titleFor', { name: p.actingFor.displayName }) : ctx.t('wellbeing.title');
    const page = <CheckinPage ctx={ctx} title={title} action="/wellbeing/check-in" open={r.open} call={p.actingFor !== null} values={failed?.values ?? {}} errors={failed?.errors ?? []} mine={r.checkins.map(checkinView)} />;
    return sendPage(reply, page, failed ? 400 : 200);
  }
  app.get('/wellbeing/check-in', (req, reply) => ownPage(req, reply));
  app.post('/wellbeing/check-in', async (req, reply) => {
    const p = principalOf(req);
    const ctx = await viewContext(req, reply, services);
    const timebankId = ctx.currentTimebank?.id;
    if (!timebankId) throw new DomainError('not_found', 'no timebank');
    const memberId = await listings.myMemberId(p, timebankId);
    return saveCheckin(req, reply, { timebankId, memberId, back: '/wellbeing/check-in', retry: (failed) => ownPage(req, reply, failed) });
  });

  async function saveCheckin(req: FastifyRequest, reply: FastifyReply, o: { timebankId: string; memberId: string; back: string; retry: (f: { values: Values; errors: FormError[] }) => Promise<FastifyReply> }) {
    const ctx = await viewContext(req, reply, services);
    const form = (req.body ?? {}) as Values;
    const parsed = CheckinBody.safeParse(checkinBody(form));
    if (!parsed.success) return o.retry({ values: form, errors: errorsOf(ctx.t, parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }))) });
    try {
      const r = await wellbeing.record(principalOf(req), actorFor(req), o.timebankId, o.memberId, parsed.data);
      return redirectWithFlash(reply, o.back, ctx.t(r.status === 'declined' ? 'wellbeing.declined' : 'wellbeing.saved'));
    } catch (err) {
      return o.retry({ values: form, errors: domainFieldErrors(ctx.t, err) });
    }
  }

  // ---- a broker records a check-in from a call
  async function callPage(req: FastifyRequest, reply: FastifyReply, memberId: string, failed?: { values: Values; errors: FormError[] }) {
    const p = principalOf(req);
    const timebankId = timebankOf(req);
    staffOnly(p, timebankId);
    if (!isUuid(memberId)) throw new DomainError('not_found', 'member not found');
    const ctx = await viewContext(req, reply, services);
    const r = await wellbeing.ofMember(p, timebankId, memberId);
    const title = ctx.t('wellbeing.titleFor', { name: r.name });
    const page = (
      <CheckinPage ctx={ctx} title={title} action={`/timebanks/${timebankId}/wellbeing/call`} open={r.open} call memberId={memberId} values={failed?.values ?? {}} errors={failed?.errors ?? []} mine={r.checkins.map(checkinView)} />
    );
    return sendPage(reply, page, failed ? 400 : 200);
  }
  app.get('/timebanks/:timebankId/wellbeing/call', (req, reply) => callPage(req, reply, String((req.query as { memberId?: string }).memberId ?? '')));
  app.post('/timebanks/:timebankId/wellbeing/call', async (req, reply) => {
    const timebankId = timebankOf(req);
    staffOnly(principalOf(req), timebankId);
    const form = (req.body ?? {}) as Values;
    const memberId = form.memberId ?? '';
    if (!isUuid(memberId)) throw new DomainError('not_found', 'member not found');
    const back = `/timebanks/${timebankId}/wellbeing/due`;
    return saveCheckin(req, reply, { timebankId, memberId, back, retry: (failed) => callPage(req, reply, memberId, failed) });
  });

  // ---- who is due, and the signposting flags
  async function duePage(req: FastifyRequest, reply: FastifyReply, errors: FormError[] = []) {
    const timebankId = timebankOf(req);
    const ctx = await viewContext(req, reply, services);
    const r = await wellbeing.due(principalOf(req), timebankId);
    const signposts = r.signposts.map((s) => ({ id: s.id, memberId: s.member_id, name: s.display_name, phone: s.phone, wave: s.wave, answeredOn: s.answered_on }));
    return sendPage(reply, <DuePage ctx={ctx} timebankId={timebankId} data={{ ...r, signposts }} errors={errors} />, errors.length ? 400 : 200);
  }
  app.get('/timebanks/:timebankId/wellbeing/due', (req, reply) => duePage(req, reply));
  app.post('/timebanks/:timebankId/wellbeing/checkins/:checkinId/signposting', async (req, reply) => {
    const timebankId = timebankOf(req);
    const { checkinId } = req.params as { checkinId: string };
    if (!isUuid(checkinId)) throw new DomainError('not_found', 'check-in not found');
    const ctx = await viewContext(req, reply, services);
    const parsed = SignpostingBody.safeParse({ outcome: (req.body as Values | undefined)?.outcome ?? '' });
    if (!parsed.success) return duePage(req, reply, [{ field: PAGE_ERROR, message: ctx.t('wellbeing.signposts.outcome') }]);
    try {
      await wellbeing.signposting(principalOf(req), actorFor(req), timebankId, checkinId, parsed.data.outcome);
    } catch (err) {
      return duePage(req, reply, [{ field: PAGE_ERROR, message: formRefusal(err).message }]);
    }
    return redirectWithFlash(reply, `/timebanks/${timebankId}/wellbeing/due`, ctx.t('wellbeing.signposts.saved'));
  });

  // ---- the paired change report: one timebank, or the whole network for those who read the
  // network's reports (network admins, the network's commissioners), with the network's floor
  async function reportPage(req: FastifyRequest, reply: FastifyReply, timebankId: string | null) {
    const after = FollowUpSchema.catch('m12').parse((req.query as { after?: string }).after);
    const p = principalOf(req);
    const ctx = await viewContext(req, reply, services);
    const [report, scopes] = await Promise.all([wellbeing.paired(p, timebankId, after), reports.scopes(p)]);
    const scopeName = timebankId ? (scopes.timebanks.find((x) => x.id === timebankId)?.name ?? (await tenancy.getTimebank(p, timebankId)).name) : ctx.t('reports.wholeNetwork');
    return sendPage(reply, <ReportPage ctx={ctx} timebankId={timebankId} scopeName={scopeName} scopes={scopes} report={report} />);
  }
  app.get('/timebanks/:timebankId/wellbeing/report', (req, reply) => reportPage(req, reply, timebankOf(req)));
  app.get('/wellbeing/report', async (req, reply) => {
    const raw = String((req.query as { timebankId?: string }).timebankId ?? '').trim();
    if (raw && !isUuid(raw)) throw new DomainError('not_found', 'timebank not found');
    return reportPage(req, reply, raw || null);
  });
};
