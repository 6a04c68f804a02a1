// /api/v1/notifications, choices, unsubscribe, and the staff's outbox and phone list.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { Paging, problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';
import { KIND_NAMES, type NotificationKind } from './kinds.ts';

const Kind = z.enum(KIND_NAMES as [NotificationKind, ...NotificationKind[]]);
export const ChannelSchema = z.enum(['mail', 'digest', 'none']);
const Choices = z.partialRecord(Kind, ChannelSchema);
const Time = z.string();
const TimeOrNull = z.string().nullable();
const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => d?.toISOString() ?? null;

const Item = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  href: z.string(),
  createdAt: Time,
  read: z.boolean(),
});

const Failed = z.object({
  id: z.string(),
  kind: z.string().nullable(),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  toAddress: z.string().nullable(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  addressRefused: z.boolean(),
  failedAt: TimeOrNull,
  digestWeek: z.string().nullable(),
});

const Call = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  phone: z.string().nullable(),
  what: z.string(),
  createdAt: Time,
  doneAt: TimeOrNull,
  doneBy: z.string().nullable(),
});

export const notificationRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (
  app,
  { services },
) => {
  const { notifications } = services;

  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary:
          'My notifications, newest first, and how many are unread (of the member acted for, when acting)',
        querystring: z.strictObject(Paging),
        response: {
          200: z.object({ items: z.array(Item), unread: z.number() }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const r = await notifications.list(principalOf(req), req.query);
      return {
        unread: r.unread,
        items: r.items.map((n) => ({ ...n, createdAt: iso(n.createdAt) })),
      };
    },
  );

  app.post(
    '/notifications/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark notifications read: the ids given, or all',
        body: z.union([
          z.strictObject({ ids: z.array(Uuid).min(1).max(200) }),
          z.strictObject({ all: z.literal(true) }),
        ]),
        response: { 200: z.object({ marked: z.number() }), ...problemResponses },
      },
    },
    async (req) => ({
      marked: await notifications.markRead(
        principalOf(req),
        actorFor(req),
        'ids' in req.body ? req.body.ids : 'all',
      ),
    }),
  );

  app.get(
    '/notifications/preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'For each kind: mail, digest (weekly) or none',
        response: {
          200: z.object({ choices: z.record(z.string(), ChannelSchema) }),
          ...problemResponses,
        },
      },
    },
    async (req) => ({ choices: await notifications.preferences(principalOf(req)) }),
  );

  app.put(
    '/notifications/preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Change the choice of some kinds; the others stay',
        body: z.strictObject({ choices: Choices }),
        response: {
          200: z.object({ choices: z.record(z.string(), ChannelSchema) }),
          ...problemResponses,
        },
      },
    },
    async (req) => ({
      choices: await notifications.setPreferences(
        principalOf(req),
        actorFor(req),
        req.body.choices,
      ),
    }),
  );

  app.post(
    '/unsubscribe',
    {
      config: { access: 'public' },
      schema: {
        tags: ['notifications'],
        summary: "Stop one kind of mail with the token of a mail's unsubscribe link (no sign-in)",
        body: z.strictObject({ token: z.string().min(10).max(2000) }),
        response: {
          200: z.object({ kind: z.string(), unsubscribed: z.literal(true) }),
          ...problemResponses,
        },
      },
    },
    async (req) => ({
      kind: (await notifications.unsubscribe(req.body.token)).kind,
      unsubscribed: true as const,
    }),
  );

  app.get(
    '/timebanks/:timebankId/notifications/outbox',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mail of the timebank by status, and what failed for good (coordinators)',
        params: TimebankParams,
        response: {
          200: z.object({
            mailConfigured: z.boolean(),
            counts: z.object({
              pending: z.number(),
              sending: z.number(),
              sent: z.number(),
              failed: z.number(),
            }),
            failed: z.array(Failed),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const r = await notifications.outbox(principalOf(req), req.params.timebankId);
      return {
        mailConfigured: r.mailConfigured,
        counts: r.counts,
        failed: r.failed.map((d) => ({
          id: d.id,
          kind: d.kind,
          personId: d.person_id,
          personName: d.person_name,
          toAddress: d.to_address,
          attempts: d.attempts,
          lastError: d.last_error,
          addressRefused: d.address_refused,
          failedAt: isoOrNull(d.failed_at),
          digestWeek: d.digest_week,
        })),
      };
    },
  );

  app.post(
    '/timebanks/:timebankId/notifications/deliveries/:deliveryId/resend',
    {
      schema: {
        tags: ['notifications'],
        summary:
          'Send a mail that failed for good again, from a fresh count of attempts (coordinators)',
        params: z.strictObject({ timebankId: Uuid, deliveryId: Uuid }),
        response: {
          200: z.object({ id: z.string(), status: z.literal('pending') }),
          ...problemResponses,
        },
      },
    },
    async (req) =>
      notifications.resend(
        principalOf(req),
        actorFor(req),
        req.params.timebankId,
        req.params.deliveryId,
      ),
  );

  app.get(
    '/timebanks/:timebankId/phone-calls',
    {
      schema: {
        tags: ['notifications'],
        summary:
          'Who to phone about what: members without a working email (brokers and coordinators)',
        params: TimebankParams,
        response: {
          200: z.object({
            open: z.array(Call),
            done: z.array(Call),
            addressProblems: z.array(
              z.object({
                personId: z.string(),
                personName: z.string(),
                email: z.string(),
                reason: z.string(),
                at: Time,
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const r = await notifications.phoneList(principalOf(req), req.params.timebankId);
      const call = (c: (typeof r.open)[number]) => ({
        ...c,
        createdAt: iso(c.createdAt),
        doneAt: isoOrNull(c.doneAt),
      });
      return {
        open: r.open.map(call),
        done: r.done.map(call),
        addressProblems: r.addressProblems.map((a) => ({
          personId: a.person_id,
          personName: a.person_name,
          email: a.email,
          reason: a.reason,
          at: iso(a.created_at),
        })),
      };
    },
  );

  app.post(
    '/timebanks/:timebankId/phone-calls/:callId/done',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark a call on the "to phone" list as made (recorded with who phoned)',
        params: z.strictObject({ timebankId: Uuid, callId: Uuid }),
        body: z.strictObject({ note: z.string().trim().min(1).max(1000).optional() }).default({}),
        response: { 200: z.object({ id: z.string(), done: z.literal(true) }), ...problemResponses },
      },
    },
    async (req) => {
      await notifications.markPhoned(
        principalOf(req),
        actorFor(req),
        req.params.timebankId,
        req.params.callId,
        req.body.note ?? null,
      );
      return { id: req.params.callId, done: true as const };
    },
  );
};
