// Server-rendered pages. Every form posts back here and works with JavaScript off; the
// handlers call the same services and schemas as the API.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Services } from '../http/app.ts';
import { actorFor, principalOf } from '../http/context.ts';
import { DomainError } from '../lib/errors.ts';
import { isUuid } from '../lib/ids.ts';
import { clearSessionCookie, setSessionCookie } from '../modules/auth/routes.ts';
import { mfaRequired } from '../modules/auth/service.ts';
import { personRecordOut, RegisterBody, StatusBody } from '../modules/people/routes.ts';
import { authorize, staffTimebankIds } from '../modules/policy/policy.ts';
import { redirectWithFlash, viewContext } from './context.ts';
import { ErrorPage, SecurityPage, SignInPage, TotpPage } from './pages/auth.tsx';
import { HomePage } from './pages/home.tsx';
import { MembersPage, RegisterPage } from './pages/members.tsx';
import { memberSearchFilters } from './profile/routes.tsx';
import { RecordPage, type StatusForm } from './pages/record.tsx';
import { recordExtras } from './record/data.ts';
import { domainErrors, type Form, formValues, sendPage, zodErrors } from './forms.ts';
import type { FormError } from './view.ts';

const ASSETS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
const CLIENT_BUILD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/client');

export const webRoutes: FastifyPluginAsync<{ services: Services; config: Config; database: Database }> = async (
  app,
  { services },
) => {
  const { auth, people, tenancy } = services;
  await app.register(fastifyStatic, { root: ASSETS, prefix: '/assets/', maxAge: '1h' });
  // Island scripts built by `npm run build` (npm start and the browser tests build first).
  // Without them the pages still work: every island is server-rendered HTML first.
  mkdirSync(CLIENT_BUILD, { recursive: true });
  await app.register(fastifyStatic, { root: CLIENT_BUILD, prefix: '/assets/js/', decorateReply: false, maxAge: '1h' });
  const page = { config: { access: 'partial' as const } };
  const publicPage = { config: { access: 'public' as const } };

  app.get('/sign-in', publicPage, async (req, reply) => {
    const next = (req.query as Form).next;
    if (req.principal?.stage === 'ready') return reply.redirect(safeNext(next));
    return sendPage(reply, <SignInPage ctx={await viewContext(req, reply, services)} errors={[]} next={next} />);
  });

  app.post('/sign-in', publicPage, async (req, reply) => {
    const body = (req.body ?? {}) as Form;
    const next = (req.query as Form).next;
    const ctx = await viewContext(req, reply, services);
    const errors: FormError[] = [];
    if (!body.email?.trim()) errors.push({ field: 'email', message: ctx.t('signIn.emailMissing') });
    if (!body.password) errors.push({ field: 'password', message: ctx.t('signIn.passwordMissing') });
    if (errors.length) return sendPage(reply, <SignInPage ctx={ctx} errors={errors} email={body.email} next={next} />, 400);
    try {
      const s = await auth.signIn({ email: body.email!, password: body.password!, ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      setSessionCookie(req, reply, s.cookie, s.expiresAt);
      if (s.stage === 'totp') return reply.redirect('/sign-in/code', 303);
      if (s.stage === 'enrol') return reply.redirect('/account/security', 303);
      return reply.redirect(safeNext(next), 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const message =
        err.code === 'too_many_attempts'
          ? ctx.t('signIn.throttled', { seconds: Number(err.details.retryAfterSeconds ?? 1) })
          : err.code === 'person_suspended'
            ? ctx.t('signIn.suspended')
            : ctx.t('signIn.failed');
      if (err.details.retryAfterSeconds) reply.header('retry-after', String(err.details.retryAfterSeconds));
      const status = err.code === 'too_many_attempts' ? 429 : err.code === 'person_suspended' ? 403 : 401;
      return sendPage(reply, <SignInPage ctx={ctx} errors={[{ field: 'email', message }]} email={body.email} next={next} />, status);
    }
  });

  app.get('/sign-in/code', page, async (req, reply) => sendPage(reply, <TotpPage ctx={await viewContext(req, reply, services)} errors={[]} />));

  app.post('/sign-in/code', page, async (req, reply) => {
    const ctx = await viewContext(req, reply, services);
    try {
      await auth.verifySecondFactor(principalOf(req), String((req.body as Form)?.code ?? '').trim());
      return reply.redirect('/', 303);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'mfa_invalid') throw err;
      return sendPage(reply, <TotpPage ctx={ctx} errors={[{ field: 'code', message: ctx.t('totp.invalid') }]} />, 400);
    }
  });

  app.post('/sign-out', page, async (req, reply) => {
    await auth.signOut(principalOf(req));
    clearSessionCookie(reply);
    return reply.redirect('/sign-in', 303);
  });

  async function securityPage(req: FastifyRequest, reply: FastifyReply, errors: FormError[], status = 200) {
    const p = principalOf(req);
    const ctx = await viewContext(req, reply, services);
    const required = p.stage === 'enrol' || mfaRequired(p.grants, (await tenancy.listTimebanks(p)).map((t) => ({ id: t.id, totp_waived: t.totp_waived })));
    const enrolment = p.totpEnabled ? null : await auth.beginEnrolment(p, p.displayName);
    return sendPage(reply, <SecurityPage ctx={ctx} errors={errors} enrolment={enrolment} required={required} />, status);
  }

  app.get('/account/security', page, async (req, reply) => securityPage(req, reply, []));

  app.post('/account/security/confirm', page, async (req, reply) => {
    try {
      await auth.confirmEnrolment(principalOf(req), String((req.body as Form)?.code ?? '').trim());
      return reply.redirect('/', 303);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'mfa_invalid') throw err;
      const ctx = await viewContext(req, reply, services);
      return securityPage(req, reply, [{ field: 'code', message: ctx.t('totp.invalid') }], 400);
    }
  });

  app.get('/', async (req, reply) => {
    const ctx = await viewContext(req, reply, services);
    const names = new Map((await tenancy.listTimebanks(principalOf(req))).map((t) => [t.id, t.name]));
    const toSign = (await services.agreements.toSign(principalOf(req))).map((a) => a.timebankId);
    return sendPage(reply, <HomePage ctx={ctx} timebankNames={names} toSign={toSign} />);
  });

  app.post('/session/timebank', async (req, reply) => {
    const id = String((req.body as Form)?.timebankId ?? '');
    if (!isUuid(id)) throw new DomainError('validation_failed', 'choose a timebank', { fields: [{ path: '/body/timebankId', message: 'must be a UUID' }] });
    await auth.switchTimebank(principalOf(req), id);
    return reply.redirect('/', 303);
  });

  app.post('/acting-for', async (req, reply) => {
    const id = String((req.body as Form)?.personId ?? '');
    if (!isUuid(id)) throw new DomainError('validation_failed', 'choose a member', { fields: [{ path: '/body/personId', message: 'must be a UUID' }] });
    await auth.actFor(principalOf(req), id, String(req.id));
    return reply.redirect('/me', 303);
  });

  app.post('/acting-for/stop', async (req, reply) => {
    await auth.stopActing(principalOf(req), String(req.id));
    return reply.redirect('/', 303);
  });

  /** A person's record; after a refused status change, with its errors and the values given. */
  async function recordPage(req: FastifyRequest, reply: FastifyReply, personId: string, failed?: { errors: FormError[]; form: StatusForm }) {
    const p = principalOf(req);
    const record = personRecordOut(await people.record(p, personId));
    const extras = await recordExtras(services, req, personId, record.memberships);
    const ctx = await viewContext(req, reply, services);
    const page = (
      <RecordPage ctx={ctx} record={record} staffTimebankIds={staffTimebankIds(p)} errors={failed?.errors ?? []} statusForm={failed?.form} extras={extras} />
    );
    return sendPage(reply, page, failed ? 400 : 200);
  }

  app.get('/me', async (req, reply) => {
    const p = principalOf(req);
    return recordPage(req, reply, p.actingFor?.personId ?? p.personId);
  });

  app.get('/people/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!isUuid(id)) throw new DomainError('not_found', 'person not found');
    return recordPage(req, reply, id);
  });

  app.get('/timebanks/:timebankId/members', async (req, reply) => {
    const { timebankId } = req.params as { timebankId: string };
    if (!isUuid(timebankId)) throw new DomainError('not_found', 'timebank not found');
    const q = req.query as Form;
    const status = q.status && ['applied', 'active', 'paused', 'left', 'suspended'].includes(q.status) ? (q.status as 'active') : undefined;
    const offset = Math.max(0, Number.parseInt(q.offset ?? '0', 10) || 0);
    const query = { q: q.q?.trim().slice(0, 100) || undefined, status, offset, limit: 50, ...memberSearchFilters(q) };
    const p = principalOf(req);
    const result = await people.list(p, timebankId, query, actorFor(req));
    const timebank = await tenancy.getTimebank(p, timebankId);
    const areas = await tenancy.listAreas(p, timebankId);
    const ctx = await viewContext(req, reply, services);
    const categories = await services.categories.list(p, timebankId, ctx.locale);
    const rows = result.rows.map((r) => ({
      memberId: r.member_id,
      personId: r.person_id,
      displayName: r.display_name,
      email: r.email,
      phone: r.phone,
      status: r.status,
      areaName: r.area_name,
      lastActivityAt: r.last_activity_at ? new Date(r.last_activity_at).toISOString() : null,
    }));
    return sendPage(reply, <MembersPage ctx={ctx} timebank={timebank} rows={rows} total={result.total} query={query} areas={areas} categories={categories} />);
  });

  async function registerPage(req: FastifyRequest, reply: FastifyReply, timebankId: string, errors: FormError[], values: Form, status = 200) {
    const p = principalOf(req);
    const timebank = await tenancy.getTimebank(p, timebankId);
    authorize(p, 'member.register', { type: 'timebank', networkId: p.networkId, timebankId });
    const areas = await tenancy.listAreas(p, timebankId);
    const ctx = await viewContext(req, reply, services);
    return sendPage(reply, <RegisterPage ctx={ctx} timebank={timebank} areas={areas} errors={errors} values={values as Record<string, string>} />, status);
  }

  app.get('/timebanks/:timebankId/members/new', async (req, reply) => {
    const { timebankId } = req.params as { timebankId: string };
    if (!isUuid(timebankId)) throw new DomainError('not_found', 'timebank not found');
    return registerPage(req, reply, timebankId, [], {});
  });

  app.post('/timebanks/:timebankId/members/new', async (req, reply) => {
    const { timebankId } = req.params as { timebankId: string };
    if (!isUuid(timebankId)) throw new DomainError('not_found', 'timebank not found');
    const values = (req.body ?? {}) as Form;
    const parsed = RegisterBody.safeParse(formValues(values, ['birthYear']));
    if (!parsed.success) {
      const { t } = await viewContext(req, reply, services);
      return registerPage(req, reply, timebankId, zodErrors(parsed.error, t, 'register'), values, 400);
    }
    try {
      const r = await people.register(principalOf(req), actorFor(req), timebankId, parsed.data);
      const ctx = await viewContext(req, reply, services);
      return redirectWithFlash(reply, `/people/${r.personId}`, ctx.t('register.done', { name: parsed.data.displayName }));
    } catch (err) {
      const { t } = await viewContext(req, reply, services);
      return registerPage(req, reply, timebankId, domainErrors(err, t, 'register'), values, 400);
    }
  });

  app.post('/timebanks/:timebankId/members/:memberId/status', async (req, reply) => {
    const { timebankId, memberId } = req.params as { timebankId: string; memberId: string };
    if (!isUuid(timebankId) || !isUuid(memberId)) throw new DomainError('not_found', 'member not found');
    const p = principalOf(req);
    const parsed = StatusBody.safeParse(formValues(req.body));
    const member = await services.people.memberPerson(p, timebankId, memberId);
    const form = { memberId, values: (req.body ?? {}) as Form };
    if (!parsed.success) {
      const { t } = await viewContext(req, reply, services);
      return recordPage(req, reply, member.personId, { errors: zodErrors(parsed.error, t, 'record', `-${memberId}`), form });
    }
    try {
      await people.changeStatus(p, actorFor(req), timebankId, memberId, parsed.data);
      return reply.redirect(`/people/${member.personId}`, 303);
    } catch (err) {
      const { t } = await viewContext(req, reply, services);
      return recordPage(req, reply, member.personId, { errors: domainErrors(err, t, 'record', `-${memberId}`), form });
    }
  });
};

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : '/';
}

/** Errors on page routes become pages (or a redirect to sign in / the second factor). */
export async function renderErrorPage(
  req: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  problem: { status: number; code: string; detail: string; requestId: string },
): Promise<FastifyReply> {
  if (problem.code === 'unauthenticated') return reply.redirect(`/sign-in?next=${encodeURIComponent(req.url)}`, 303);
  if (problem.code === 'mfa_required') return reply.redirect('/sign-in/code', 303);
  if (problem.code === 'mfa_enrolment_required') return reply.redirect('/account/security', 303);
  const ctx = await viewContext(req, reply, services);
  return sendPage(reply, <ErrorPage ctx={ctx} status={problem.status} detail={problem.detail} requestId={problem.requestId} />, problem.status);
}
