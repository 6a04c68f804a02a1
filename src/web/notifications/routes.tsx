// Notification pages. Handlers call the notifications service; forms post back and redirect.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { isKind, KIND_NAMES } from '../../modules/notifications/kinds.ts';
import { ChannelSchema } from '../../modules/notifications/routes.ts';
import type { Channel } from '../../modules/notifications/tables.ts';
import { kindLabel } from '../../modules/notifications/templates.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { type Form, sendPage } from '../forms.ts';
import { type FormError, PAGE_ERROR } from '../view.ts';
import {
  NotificationsPage,
  OutboxPage,
  PhoneListPage,
  SettingsPage,
  UnsubscribePage,
} from './pages.tsx';

function timebankParam(req: FastifyRequest): string {
  const { timebankId } = req.params as { timebankId: string };
  if (!isUuid(timebankId)) throw new DomainError('not_found', 'timebank not found');
  return timebankId;
}

/** The token of an unsubscribe link (in the query, where its length is no problem). */
function tokenParam(req: FastifyRequest): string {
  const token = (req.query as Form).token;
  return typeof token === 'string' ? token.slice(0, 2000) : '';
}

export const notificationPages: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { notifications, tenancy } = services;

  app.get('/notifications', async (req, reply) => {
    const ctx = await viewContext(req, reply, services);
    const r = await notifications.list(principalOf(req), { limit: 100, offset: 0 }, ctx.locale);
    return sendPage(reply, <NotificationsPage ctx={ctx} items={r.items} unread={r.unread} />);
  });

  app.post('/notifications/read', async (req, reply) => {
    const body = (req.body ?? {}) as Form;
    const ids = body.all === 'true' ? 'all' : body.id && isUuid(body.id) ? [body.id] : null;
    if (!ids)
      throw new DomainError('validation_failed', 'say which notification', {
        fields: [{ path: '/body/id', message: 'a notification id' }],
      });
    await notifications.markRead(principalOf(req), actorFor(req), ids);
    return reply.redirect('/notifications', 303);
  });

  async function settingsPage(
    req: FastifyRequest,
    reply: Parameters<typeof sendPage>[0],
    errors: FormError[],
    wanted?: Record<string, string>,
  ) {
    const ctx = await viewContext(req, reply, services);
    const current = await notifications.preferences(principalOf(req));
    const kinds = KIND_NAMES.map((k) => ({
      kind: k,
      label: kindLabel(ctx.locale, k),
      channel: wanted?.[k] ?? current[k],
    }));
    return sendPage(
      reply,
      <SettingsPage ctx={ctx} kinds={kinds} errors={errors} />,
      errors.length ? 400 : 200,
    );
  }

  app.get('/notifications/settings', async (req, reply) => settingsPage(req, reply, []));

  app.post('/notifications/settings', async (req, reply) => {
    const body = (req.body ?? {}) as Form;
    const choices: Partial<Record<string, Channel>> = {};
    const errors: FormError[] = [];
    const ctx = await viewContext(req, reply, services);
    for (const [name, value] of Object.entries(body)) {
      if (!isKind(name)) {
        errors.push({ field: PAGE_ERROR, message: ctx.t('notifications.error.kind') });
        continue;
      }
      const parsed = ChannelSchema.safeParse(value);
      if (parsed.success) choices[name] = parsed.data;
      else errors.push({ field: `kind-${name}`, message: ctx.t('notifications.error.channel') });
    }
    if (errors.length) return settingsPage(req, reply, errors, body as Record<string, string>);
    await notifications.setPreferences(principalOf(req), actorFor(req), choices);
    return redirectWithFlash(reply, '/notifications/settings', ctx.t('notifications.saved'));
  });

  // The unsubscribe link of every mail: a public page that asks first, and the RFC 8058
  // one-click POST (body List-Unsubscribe=One-Click) that mail programs send to the same URL.
  app.get('/unsubscribe', { config: { access: 'public' } }, async (req, reply) => {
    const token = tokenParam(req);
    const ctx = await viewContext(req, reply, services);
    const claim = notifications.readToken(token);
    const label = claim ? kindLabel(ctx.locale, claim.kind) : null;
    return sendPage(
      reply,
      <UnsubscribePage ctx={ctx} token={token} kindLabel={label} done={false} />,
      claim ? 200 : 400,
    );
  });

  app.post('/unsubscribe', { config: { access: 'public' } }, async (req, reply) => {
    const token = tokenParam(req);
    const ctx = await viewContext(req, reply, services);
    try {
      const claim = await notifications.unsubscribe(token);
      return sendPage(
        reply,
        <UnsubscribePage
          ctx={ctx}
          token={token}
          kindLabel={kindLabel(ctx.locale, claim.kind)}
          done
        />,
      );
    } catch (err) {
      if (!(err instanceof DomainError) || !['unsubscribe_invalid', 'not_found'].includes(err.code))
        throw err;
      return sendPage(
        reply,
        <UnsubscribePage ctx={ctx} token={token} kindLabel={null} done={false} />,
        400,
      );
    }
  });

  app.get('/timebanks/:timebankId/outbox', async (req, reply) => {
    const timebankId = timebankParam(req);
    const p = principalOf(req);
    const ctx = await viewContext(req, reply, services);
    const r = await notifications.outbox(p, timebankId);
    const timebank = await tenancy.getTimebank(p, timebankId);
    const failed = r.failed.map((d) => ({
      id: d.id,
      what:
        d.kind && (isKind(d.kind) || d.kind === 'digest')
          ? kindLabel(ctx.locale, d.kind)
          : (d.kind ?? ''),
      personName: d.person_name,
      toAddress: d.to_address ?? d.recipient_email,
      attempts: d.attempts,
      lastError: d.last_error,
      addressRefused: d.address_refused,
      failedAt: d.failed_at,
    }));
    return sendPage(
      reply,
      <OutboxPage
        ctx={ctx}
        timebank={timebank}
        mailConfigured={r.mailConfigured}
        counts={r.counts}
        failed={failed}
      />,
    );
  });

  app.post('/timebanks/:timebankId/outbox/:deliveryId/resend', async (req, reply) => {
    const timebankId = timebankParam(req);
    const { deliveryId } = req.params as { deliveryId: string };
    if (!isUuid(deliveryId)) throw new DomainError('not_found', 'delivery not found');
    await notifications.resend(principalOf(req), actorFor(req), timebankId, deliveryId);
    const ctx = await viewContext(req, reply, services);
    return redirectWithFlash(reply, `/timebanks/${timebankId}/outbox`, ctx.t('outbox.resent'));
  });

  async function phonePage(
    req: FastifyRequest,
    reply: Parameters<typeof sendPage>[0],
    errors: FormError[],
  ) {
    const timebankId = timebankParam(req);
    const p = principalOf(req);
    const ctx = await viewContext(req, reply, services);
    const r = await notifications.phoneList(p, timebankId, ctx.locale);
    const timebank = await tenancy.getTimebank(p, timebankId);
    return sendPage(
      reply,
      <PhoneListPage
        ctx={ctx}
        timebank={timebank}
        open={r.open}
        done={r.done}
        problems={r.addressProblems}
        errors={errors}
      />,
      errors.length ? 400 : 200,
    );
  }

  app.get('/timebanks/:timebankId/to-phone', async (req, reply) => phonePage(req, reply, []));

  app.post('/timebanks/:timebankId/to-phone/:callId/done', async (req, reply) => {
    const timebankId = timebankParam(req);
    const { callId } = req.params as { callId: string };
    if (!isUuid(callId)) throw new DomainError('not_found', 'phone call not found');
    const note = ((req.body ?? {}) as Form).note?.trim() ?? '';
    const ctx = await viewContext(req, reply, services);
    if (note.length > 1000)
      return phonePage(req, reply, [
        { field: `note-${callId}`, message: ctx.t('phone.error.note') },
      ]);
    await notifications.markPhoned(
      principalOf(req),
      actorFor(req),
      timebankId,
      callId,
      note || null,
    );
    return redirectWithFlash(reply, `/timebanks/${timebankId}/to-phone`, ctx.t('phone.marked'));
  });
};
