// The member's own pages: "My availability" (the weekly grid and away-until) and "My
// preferences". They act on the membership of the current timebank of the person signed in,
// or of the member a broker acts for.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { notFound } from '../../lib/errors.ts';
import { subjectPersonId } from '../../modules/auth/principal.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { sendPage } from '../forms.ts';
import type { MessageKey } from '../i18n/en.ts';
import { type Posted, readPause, readPreferences, readWindows } from './forms.ts';
import { type Failed, MyAvailabilityPage, MyPreferencesPage } from './pages.tsx';
import { submit } from './submit.ts';

export const availabilityPages: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { preferences, people, tenancy } = services;

  /** The membership these pages are about: the subject's, in the current timebank. */
  async function membership(req: FastifyRequest, reply: FastifyReply) {
    const p = principalOf(req);
    const ctx = await viewContext(req, reply, services);
    const record = await people.record(p, subjectPersonId(p));
    const m = record.memberships.find((x) => x.timebank_id === ctx.currentTimebank?.id && x.status !== 'left');
    if (!m) throw notFound('membership');
    return { ctx, timebankId: m.timebank_id, memberId: m.member_id };
  }

  async function availabilityPage(req: FastifyRequest, reply: FastifyReply, failed?: Failed) {
    const { ctx, timebankId, memberId } = await membership(req, reply);
    const availability = await preferences.availabilityFor(principalOf(req), timebankId, memberId);
    return sendPage(reply, <MyAvailabilityPage ctx={ctx} availability={availability} errors={failed?.errors ?? []} failed={failed} />, failed ? 400 : 200);
  }

  async function preferencesPage(req: FastifyRequest, reply: FastifyReply, failed?: Failed) {
    const p = principalOf(req);
    const { ctx, timebankId, memberId } = await membership(req, reply);
    const [prefs, areas, restrictions] = await Promise.all([
      preferences.preferencesFor(p, timebankId, memberId),
      tenancy.listAreas(p, timebankId),
      preferences.restrictionsFor(p, timebankId, memberId),
    ]);
    const items = restrictions.map((r) => ({ kind: r.kind, note: r.note, setAt: r.set_at, setByName: r.set_by_name }));
    return sendPage(
      reply,
      <MyPreferencesPage ctx={ctx} prefs={prefs} areas={areas.map((a) => ({ id: a.id, name: a.name }))} restrictions={items} failed={failed} />,
      failed ? 400 : 200,
    );
  }

  function ownForm<T>(
    path: string,
    form: Failed['form'],
    done: MessageKey,
    parse: (body: Posted) => z.ZodSafeParseResult<T>,
    run: (req: FastifyRequest, timebankId: string, memberId: string, data: T) => Promise<unknown>,
    render: (req: FastifyRequest, reply: FastifyReply, failed: Failed) => Promise<FastifyReply>,
    back: string,
  ) {
    app.post(path, async (req, reply) => {
      const { timebankId, memberId } = await membership(req, reply);
      return submit({
        req,
        reply,
        services,
        form,
        formName: 'preferences',
        parsed: parse((req.body ?? {}) as Posted),
        run: (data) => run(req, timebankId, memberId, data),
        done,
        back,
        render: (failed) => render(req, reply, failed),
      });
    });
  }

  app.get('/availability', async (req, reply) => availabilityPage(req, reply));
  app.get('/preferences', async (req, reply) => preferencesPage(req, reply));

  ownForm('/availability', 'availability', 'availability.saved', readWindows, (req, tb, m, data) => preferences.setWindows(principalOf(req), actorFor(req), tb, m, data.windows), availabilityPage, '/availability');
  ownForm('/availability/pause', 'pause', 'availability.paused', readPause, (req, tb, m, data) => preferences.pause(principalOf(req), actorFor(req), tb, m, data.pausedUntil), availabilityPage, '/availability');
  ownForm('/preferences', 'preferences', 'preferences.saved', readPreferences, (req, tb, m, data) => preferences.setPreferences(principalOf(req), actorFor(req), tb, m, data), preferencesPage, '/preferences');

  app.post('/availability/resume', async (req, reply) => {
    const { ctx, timebankId, memberId } = await membership(req, reply);
    await preferences.resume(principalOf(req), actorFor(req), timebankId, memberId);
    return redirectWithFlash(reply, '/availability', ctx.t('availability.resumed'));
  });
};
