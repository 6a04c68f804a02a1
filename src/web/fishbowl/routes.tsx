// Pages of fishbowl debates. Handlers call the same service and schemas as the API
// (src/modules/fishbowl); every form posts back and redirects to the debate, so the page works
// without JavaScript. A refusal (the last seat was taken a moment ago) comes back as the
// debate's page with the reason on top, and the status of the API (409).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { instantOf } from '../../lib/zone.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { type WriteKind, writeLimit } from '../../modules/arguments/limits.ts';
import type { Principal } from '../../modules/auth/principal.ts';
import { ContributionBody, InviteBody, ScheduleBody } from '../../modules/fishbowl/routes.ts';
import { can } from '../../modules/policy/policy.ts';
import { statusFor } from '../../http/problem.ts';
import { domainPath, pageErrors } from '../arguments/routes.tsx';
import { redirectWithFlash, viewContext } from '../context.ts';
import { type Form, formRefusal, sendPage } from '../forms.ts';
import { isMessageKey, type T } from '../i18n/i18n.ts';
import { type FormError, PAGE_ERROR } from '../view.ts';
import { DebatePage, DebatesPage, ScheduleDebatePage } from './pages.tsx';

/** Refusals a debate page explains in the page's language. */
const REFUSALS: Record<string, Parameters<T>[0]> = {
  inner_circle_full: 'fishbowl.error.full',
  already_seated: 'fishbowl.error.alreadySeated',
  empty_seat_kept: 'fishbowl.error.emptySeatKept',
  debate_not_open: 'fishbowl.error.notOpen',
  debate_closed: 'fishbowl.error.closed',
  muted: 'fishbowl.error.muted',
  not_seated: 'fishbowl.error.notSeated',
  seat_empty: 'fishbowl.error.seatEmpty',
};

/** A datetime-local value ("2026-05-01T18:00") is a time in the zone the page shows (its hint
 * says which): the instant, or the value as typed when it is not one (the schema refuses it). */
export function startsAtOf(v: string | undefined, zone: string): string {
  const s = (v ?? '').trim();
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(s);
  return (m && instantOf(zone, m[1]!, m[2]!)?.toISOString()) || s;
}

export const fishbowlPages: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { fishbowl } = services;
  const limit = (kind: WriteKind) => writeLimit(app, services, kind);

  const debateIdOf = (req: FastifyRequest) => {
    const { debateId } = req.params as { debateId: string };
    if (!isUuid(debateId)) throw new DomainError('not_found', 'debate not found');
    return debateId;
  };
  const seatNoOf = (req: FastifyRequest) => {
    const { seatNo } = req.params as { seatNo: string };
    if (!/^[1-9]$/.test(seatNo)) throw new DomainError('not_found', 'seat not found');
    return Number(seatNo);
  };
  const schedules = (p: Principal) => can(p, 'fishbowl.schedule', { type: 'network', networkId: p.networkId });

  app.get('/debates', async (req, reply) => {
    const p = principalOf(req);
    const items = await fishbowl.list(p);
    return sendPage(reply, <DebatesPage ctx={await viewContext(req, reply, services)} items={items} canSchedule={schedules(p)} />);
  });

  async function schedulePage(req: FastifyRequest, reply: FastifyReply, values: Form, errors: FormError[]) {
    const p = principalOf(req);
    if (!schedules(p)) throw new DomainError('forbidden', 'coordinators and network admins schedule debates');
    return sendPage(reply, <ScheduleDebatePage ctx={await viewContext(req, reply, services)} values={values} errors={errors} />, errors.length ? 400 : 200);
  }
  app.get('/debates/new', async (req, reply) => schedulePage(req, reply, {}, []));
  app.post('/debates/new', async (req, reply) => {
    const form = (req.body ?? {}) as Form;
    const { t, timeZone } = await viewContext(req, reply, services);
    const seatCount = form.seatCount?.trim() ?? '';
    const parsed = ScheduleBody.safeParse({
      topic: form.topic ?? '',
      openingQuestions: (form.openingQuestions ?? '')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
      seatCount: /^\d+$/.test(seatCount) ? Number(seatCount) : seatCount,
      startsAt: startsAtOf(form.startsAt, timeZone),
    });
    if (!parsed.success) return schedulePage(req, reply, form, fishbowlErrors(t, parsed.error.issues));
    const d = await fishbowl.schedule(principalOf(req), actorFor(req), parsed.data);
    return redirectWithFlash(reply, `/debates/${d.id}`, t('fishbowl.scheduled'));
  });

  async function debatePage(req: FastifyRequest, reply: FastifyReply, failed?: { errors: FormError[]; values: Form; status: number }) {
    const debate = await fishbowl.get(principalOf(req), debateIdOf(req));
    const page = <DebatePage ctx={await viewContext(req, reply, services)} debate={debate} errors={failed?.errors ?? []} values={failed?.values ?? {}} />;
    return sendPage(reply, page, failed?.status ?? 200);
  }
  app.get('/debates/:debateId', async (req, reply) => debatePage(req, reply));

  /** A form posted on a debate's page: run it and go back to the page, or show why not. */
  async function onDebate(req: FastifyRequest, reply: FastifyReply, run: (p: Principal, debateId: string, form: Form, t: T) => Promise<string | FormError[]>) {
    const p = principalOf(req);
    const debateId = debateIdOf(req);
    const form = (req.body ?? {}) as Form;
    const { t } = await viewContext(req, reply, services);
    let outcome: string | FormError[];
    let status = 400;
    try {
      outcome = await run(p, debateId, form, t);
    } catch (err) {
      const e = formRefusal(err);
      status = statusFor(e.code);
      const key = REFUSALS[e.code];
      outcome = key ? [{ field: PAGE_ERROR, message: t(key) }] : pageErrors(t, (e.details.fields ?? [{ path: '', message: e.message }]).map((f) => ({ path: domainPath(f.path), message: f.message })));
    }
    if (typeof outcome === 'string') return redirectWithFlash(reply, `/debates/${debateId}`, outcome);
    return debatePage(req, reply, { errors: outcome, values: form, status });
  }

  app.post('/debates/:debateId/open', async (req, reply) =>
    onDebate(req, reply, async (p, id, _f, t) => {
      await fishbowl.open(p, actorFor(req), id);
      return t('fishbowl.opened');
    }),
  );
  app.post('/debates/:debateId/close', async (req, reply) =>
    onDebate(req, reply, async (p, id, _f, t) => {
      await fishbowl.close(p, actorFor(req), id);
      return t('fishbowl.closedDone');
    }),
  );
  app.post('/debates/:debateId/seat', { onRequest: limit('seat') }, async (req, reply) =>
    onDebate(req, reply, async (p, id, _f, t) => {
      const { seatNo } = await fishbowl.takeSeat(p, actorFor(req), id);
      return t('fishbowl.seated', { seat: seatNo });
    }),
  );
  app.post('/debates/:debateId/seat/leave', { onRequest: limit('seat') }, async (req, reply) =>
    onDebate(req, reply, async (p, id, _f, t) => {
      await fishbowl.leaveSeat(p, actorFor(req), id);
      return t('fishbowl.left');
    }),
  );
  app.post('/debates/:debateId/invite', async (req, reply) =>
    onDebate(req, reply, async (p, id, form, t) => {
      const parsed = InviteBody.safeParse({ personId: form.personId ?? '' });
      if (!parsed.success) return fishbowlErrors(t, parsed.error.issues);
      const { seatNo } = await fishbowl.invite(p, actorFor(req), id, parsed.data.personId);
      return t('fishbowl.invited', { seat: seatNo });
    }),
  );
  for (const [action, muted] of [
    ['mute', true],
    ['unmute', false],
  ] as const) {
    app.post(`/debates/:debateId/seats/:seatNo/${action}`, async (req, reply) =>
      onDebate(req, reply, async (p, id, _f, t) => {
        await fishbowl.mute(p, actorFor(req), id, seatNoOf(req), muted);
        return muted ? t('fishbowl.mutedDone') : t('fishbowl.unmutedDone');
      }),
    );
  }
  app.post('/debates/:debateId/seats/:seatNo/remove', async (req, reply) =>
    onDebate(req, reply, async (p, id, _f, t) => {
      await fishbowl.removeSpeaker(p, actorFor(req), id, seatNoOf(req));
      return t('fishbowl.removedDone');
    }),
  );
  app.post('/debates/:debateId/contribute', { onRequest: limit('contribution') }, async (req, reply) =>
    onDebate(req, reply, async (p, id, form, t) => {
      const parsed = ContributionBody.safeParse({ body: form.body ?? '' });
      if (!parsed.success) return fishbowlErrors(t, parsed.error.issues);
      const r = await fishbowl.contribute(p, actorFor(req), id, parsed.data.body);
      return r.kind === 'speech' ? t('fishbowl.spoke') : t('fishbowl.commented');
    }),
  );
};

/** Schema errors of the fishbowl forms, in the page's language where we have the words. */
function fishbowlErrors(t: T, issues: { path: readonly PropertyKey[]; message: string }[]): FormError[] {
  const out: FormError[] = [];
  for (const i of issues) {
    const field = String(i.path[0] ?? '');
    if (!field) {
      out.push({ field: PAGE_ERROR, message: i.message });
      continue;
    }
    if (out.some((e) => e.field === field)) continue;
    const key = `fishbowl.error.${field}`;
    out.push({ field, message: isMessageKey(key) ? t(key) : i.message });
  }
  return out;
}
