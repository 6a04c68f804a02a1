// The broker's member screen (checks masked, restrictions, preferences, availability), the
// reviews due, and a member's own checks with who viewed them. Reads go through the
// safeguarding service, which writes each one to the access log.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { subjectPersonId } from '../../modules/auth/principal.ts';
import { checkOut, reviewOut } from '../../modules/safeguarding/routes.ts';
import type { z } from 'zod';
import { redirectWithFlash, viewContext } from '../context.ts';
import { sendPage } from '../forms.ts';
import type { MessageKey } from '../i18n/en.ts';
import { type Posted, readCheck, readNotice, readPause, readPreferences, readRestrictions, readWindows } from '../availability/forms.ts';
import type { Failed } from '../availability/pages.tsx';
import { submit } from '../availability/submit.ts';
import { MemberScreenPage, MyChecksPage, ReviewsPage } from './pages.tsx';

interface Ids {
  timebankId: string;
  memberId: string;
}

const screenPath = (ids: Ids) => `/timebanks/${ids.timebankId}/members/${ids.memberId}/safeguarding`;

function idsOf(req: FastifyRequest): Ids & { checkId?: string } {
  const ids = req.params as Ids & { checkId?: string };
  if (!isUuid(ids.timebankId) || !isUuid(ids.memberId) || (ids.checkId !== undefined && !isUuid(ids.checkId))) {
    throw new DomainError('not_found', 'member not found');
  }
  return ids;
}

export const safeguardingPages: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { safeguarding, preferences, people, tenancy } = services;

  /** The whole screen; every showing reads the checks, so every showing is logged. */
  async function screen(req: FastifyRequest, reply: FastifyReply, ids: Ids, opts: { failed?: Failed; revealed?: { checkId: string; number: string | null } } = {}) {
    const p = principalOf(req);
    const actor = actorFor(req);
    const { timebankId, memberId } = ids;
    const checks = await safeguarding.memberChecks(p, actor, timebankId, memberId);
    const [record, restrictions, prefs, availability, areas, deciders] = await Promise.all([
      people.record(p, checks.personId),
      preferences.restrictionsFor(p, timebankId, memberId),
      preferences.preferencesFor(p, timebankId, memberId),
      preferences.availabilityFor(p, timebankId, memberId),
      tenancy.listAreas(p, timebankId),
      safeguarding.deciders(p, timebankId),
    ]);
    const ctx = await viewContext(req, reply, services);
    const page = (
      <MemberScreenPage
        ctx={ctx}
        failed={opts.failed}
        screen={{
          timebankId,
          memberId,
          personId: checks.personId,
          displayName: record.person.display_name,
          phone: record.person.phone,
          checks: checks.checks.map(checkOut),
          restrictions: restrictions.map((r) => ({ kind: r.kind, note: r.note, setAt: r.set_at, setByName: r.set_by_name })),
          prefs,
          areas: areas.map((a) => ({ id: a.id, name: a.name })),
          availability,
          deciders,
          revealed: opts.revealed,
        }}
      />
    );
    return sendPage(reply, page, opts.failed ? 400 : 200);
  }

  const base = '/timebanks/:timebankId/members/:memberId';
  app.get(`${base}/safeguarding`, async (req, reply) => screen(req, reply, idsOf(req)));

  app.post(`${base}/safeguarding/checks/:checkId/reveal`, async (req, reply) => {
    const ids = idsOf(req);
    const r = await safeguarding.revealNumber(principalOf(req), actorFor(req), ids.timebankId, ids.memberId, ids.checkId as string);
    return screen(req, reply, ids, { revealed: { checkId: ids.checkId as string, number: r.number } });
  });

  type IdsWithCheck = Ids & { checkId?: string };

  /** A form of the screen: on success back to the screen, else the screen with the errors. */
  function screenForm<T>(
    path: string,
    form: Failed['form'],
    formName: 'safeguarding' | 'preferences',
    done: MessageKey,
    parse: (body: Posted) => z.ZodSafeParseResult<T>,
    run: (req: FastifyRequest, ids: IdsWithCheck, data: T) => Promise<unknown>,
  ) {
    app.post(`${base}${path}`, async (req, reply) => {
      const ids = idsOf(req);
      return submit({
        req,
        reply,
        services,
        form,
        formName,
        parsed: parse((req.body ?? {}) as Posted),
        run: (data) => run(req, ids, data),
        done,
        back: screenPath(ids),
        render: (failed) => screen(req, reply, ids, { failed }),
        ...(ids.checkId ? { suffix: `-${ids.checkId}` } : {}),
      });
    });
  }

  const who = (req: FastifyRequest) => [principalOf(req), actorFor(req)] as const;
  screenForm('/safeguarding/checks', 'check', 'safeguarding', 'safeguarding.added', readCheck, (req, ids, data) =>
    safeguarding.addCheck(...who(req), ids.timebankId, ids.memberId, data),
  );
  screenForm('/safeguarding/checks/:checkId/stopped-notice', 'notice', 'safeguarding', 'safeguarding.noticeDone', readNotice, (req, ids, data) =>
    safeguarding.recordStoppedNotice(...who(req), ids.timebankId, ids.memberId, ids.checkId as string, data.sentOn),
  );
  screenForm('/restrictions', 'restrictions', 'preferences', 'restrictions.saved', readRestrictions, (req, ids, data) =>
    preferences.setRestrictions(...who(req), ids.timebankId, ids.memberId, data),
  );
  screenForm('/preferences', 'preferences', 'preferences', 'preferences.saved', readPreferences, (req, ids, data) =>
    preferences.setPreferences(...who(req), ids.timebankId, ids.memberId, data),
  );
  screenForm('/availability', 'availability', 'preferences', 'availability.saved', readWindows, (req, ids, data) =>
    preferences.setWindows(...who(req), ids.timebankId, ids.memberId, data.windows),
  );
  screenForm('/availability/pause', 'pause', 'preferences', 'availability.paused', readPause, (req, ids, data) =>
    preferences.pause(...who(req), ids.timebankId, ids.memberId, data.pausedUntil),
  );
  app.post(`${base}/availability/resume`, async (req, reply) => {
    const ids = idsOf(req);
    await preferences.resume(...who(req), ids.timebankId, ids.memberId);
    const { t } = await viewContext(req, reply, services);
    return redirectWithFlash(reply, screenPath(ids), t('availability.resumed'));
  });

  app.get('/timebanks/:timebankId/safeguarding/reviews', async (req, reply) => {
    const { timebankId } = req.params as { timebankId: string };
    if (!isUuid(timebankId)) throw new DomainError('not_found', 'timebank not found');
    const rows = await safeguarding.reviewsDue(principalOf(req), actorFor(req), timebankId);
    const ctx = await viewContext(req, reply, services);
    return sendPage(reply, <ReviewsPage ctx={ctx} timebankId={timebankId} items={rows.map(reviewOut)} />);
  });

  app.get('/me/safeguarding', async (req, reply) => {
    const p = principalOf(req);
    const personId = subjectPersonId(p);
    if (personId !== p.personId) throw new DomainError('not_found', 'only the member themself sees this page');
    const checks = await safeguarding.ownSummary(p, actorFor(req), personId);
    const views = await safeguarding.viewsOfPerson(p, personId);
    const ctx = await viewContext(req, reply, services);
    return sendPage(
      reply,
      <MyChecksPage
        ctx={ctx}
        checks={checks.map((c) => ({ timebankName: c.timebank_name, scheme: c.scheme, level: c.level, decision: c.decision, reviewOn: c.review_on }))}
        views={views.map((v) => ({ at: v.at, viewerName: v.viewer_name, timebankName: v.timebank_name, view: v.view }))}
      />,
    );
  });
};
