// /api/v1/timebanks/:timebankId/members/:memberId/{restrictions,preferences,availability}
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses, Uuid } from '../../http/schemas.ts';
import { DAY_PARTS, RESTRICTION_KINDS } from './service.ts';

const MemberParams = z.strictObject({ timebankId: Uuid, memberId: Uuid });
const Part = z.enum(DAY_PARTS);

export const RestrictionsBody = z.strictObject({
  kinds: z.array(z.enum(RESTRICTION_KINDS)).max(RESTRICTION_KINDS.length),
  note: z.string().trim().min(1).max(2000).nullable().default(null),
});

export const PreferencesBody = z.strictObject({
  weekendOnly: z.boolean(),
  timesOfDay: z.array(Part).max(3),
  areaIds: z.array(Uuid).max(100),
  languages: z.array(z.string().trim().min(2).max(35)).max(20),
});

export const WindowsBody = z.strictObject({
  windows: z.array(z.strictObject({ weekday: z.number().int().min(1).max(7), part: Part })).max(21),
});

const Restrictions = z.object({
  items: z.array(z.object({ kind: z.string(), note: z.string().nullable(), setAt: z.string(), setByName: z.string().nullable() })),
});
const PreferencesOut = z.object({
  weekendOnly: z.boolean(),
  timesOfDay: z.array(Part),
  languages: z.array(z.string()),
  areas: z.array(z.object({ id: z.string(), name: z.string() })),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
});
const AvailabilityOut = z.object({
  status: z.string().nullable(),
  pausedUntil: z.string().nullable(),
  windows: z.array(z.object({ weekday: z.number(), part: Part })),
});

type R = Awaited<ReturnType<Services['preferences']['restrictionsFor']>>;
type P = Awaited<ReturnType<Services['preferences']['preferencesFor']>>;

const restrictionsOut = (rows: R) => ({
  items: rows.map((r) => ({ kind: r.kind, note: r.note, setAt: r.set_at.toISOString(), setByName: r.set_by_name })),
});
const preferencesOut = (p: P) => ({ ...p, updatedAt: p.updatedAt?.toISOString() ?? null });

export const preferenceRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { preferences } = services;
  const base = '/timebanks/:timebankId/members/:memberId';
  const read = (summary: string, response: z.ZodType) => ({
    schema: { tags: ['preferences'], summary, params: MemberParams, response: { 200: response, ...problemResponses } },
  });

  app.get(`${base}/restrictions`, read("A member's restrictions (the member, brokers and coordinators)", Restrictions), async (req) =>
    restrictionsOut(await preferences.restrictionsFor(principalOf(req), req.params.timebankId, req.params.memberId)),
  );
  app.put(
    `${base}/restrictions`,
    { schema: { tags: ['preferences'], summary: 'Set the restrictions that hold (brokers and coordinators)', params: MemberParams, body: RestrictionsBody, response: { 200: Restrictions, ...problemResponses } } },
    async (req) => restrictionsOut(await preferences.setRestrictions(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.body)),
  );

  app.get(`${base}/preferences`, read("A member's preferences", PreferencesOut), async (req) =>
    preferencesOut(await preferences.preferencesFor(principalOf(req), req.params.timebankId, req.params.memberId)),
  );
  app.put(
    `${base}/preferences`,
    { schema: { tags: ['preferences'], summary: 'Set preferences (the member, or a broker for them)', params: MemberParams, body: PreferencesBody, response: { 200: PreferencesOut, ...problemResponses } } },
    async (req) => preferencesOut(await preferences.setPreferences(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.body)),
  );

  app.get(`${base}/availability`, read("A member's weekly windows and pause", AvailabilityOut), async (req) =>
    preferences.availabilityFor(principalOf(req), req.params.timebankId, req.params.memberId),
  );
  app.put(
    `${base}/availability`,
    { schema: { tags: ['preferences'], summary: 'Set the weekly windows (the member, or a broker for them)', params: MemberParams, body: WindowsBody, response: { 200: AvailabilityOut, ...problemResponses } } },
    async (req) => preferences.setWindows(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.body.windows),
  );
  app.post(
    `${base}/availability/pause`,
    {
      schema: {
        tags: ['preferences'],
        summary: 'Away until a date: the membership is paused until then (the member, or a broker for them)',
        params: MemberParams,
        body: z.strictObject({ pausedUntil: z.iso.date() }),
        response: { 200: AvailabilityOut, ...problemResponses },
      },
    },
    async (req) => preferences.pause(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.body.pausedUntil),
  );
  app.post(
    `${base}/availability/resume`,
    { schema: { tags: ['preferences'], summary: 'Back early: end the pause now', params: MemberParams, response: { 200: AvailabilityOut, ...problemResponses } } },
    async (req) => preferences.resume(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId),
  );
};
