// /api/v1/people/:id/record (my record), /api/v1/people/:id/remarks, and broker notes under
// /api/v1/timebanks/:timebankId/members/:memberId/notes.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
// feat/assetmap
import { ConversationOut, conversationOut } from '../capabilities/routes.ts';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { IdParams, problemResponses, Uuid } from '../../http/schemas.ts';
import { MemberParams } from '../safeguarding/routes.ts';
import type { NoteRow } from './queries.ts';
import { NOTE_MAX_CHARS, REMARK_MAX_CHARS, type RecordService } from './service.ts';
import { REMARK_ITEMS } from './tables.ts';
// feat/wellbeing
import { HelpSchema, WaveSchema } from '../wellbeing/routes.ts';
import { checkinView } from '../wellbeing/view.ts';

const NoteParams = z.strictObject({ timebankId: Uuid, memberId: Uuid, noteId: Uuid });

export const NoteBody = z.strictObject({
  body: z.string().min(1).max(NOTE_MAX_CHARS),
  restricted: z.boolean().optional(),
  reason: z.string().trim().min(1).max(1000).optional(),
});
export const RestrictBody = z.strictObject({ reason: z.string().trim().min(1).max(1000) });
export const RemarkBody = z.strictObject({
  itemType: z.enum(REMARK_ITEMS),
  itemId: Uuid.optional(),
  kind: z.enum(['note', 'correction']),
  body: z.string().trim().min(1).max(REMARK_MAX_CHARS),
});

const Note = z.object({
  id: z.string(),
  timebankName: z.string(),
  body: z.string(),
  writtenAt: z.string(),
  writtenBy: z.string(),
  restricted: z.boolean(),
  restriction: z.object({ reason: z.string(), at: z.string(), byName: z.string().nullable() }).nullable(),
});

export function noteOut(n: NoteRow): z.infer<typeof Note> {
  return {
    id: n.id,
    timebankName: n.timebank_name,
    body: n.body,
    writtenAt: n.written_at.toISOString(),
    writtenBy: n.written_by_name,
    restricted: n.restricted,
    restriction: n.restricted ? { reason: n.restricted_reason ?? '', at: (n.restricted_at as Date).toISOString(), byName: n.restricted_by_name } : null,
  };
}

const Remark = z.object({
  id: z.string(),
  itemType: z.enum(REMARK_ITEMS),
  itemId: z.string().nullable(),
  kind: z.enum(['note', 'correction']),
  body: z.string(),
  createdAt: z.string(),
  byName: z.string(),
  onBehalf: z.boolean(),
});

type MyRecord = Awaited<ReturnType<RecordService['myRecord']>>;

const MyRecordOut = z.object({
  person: z.object({
    id: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    birthYear: z.number().nullable(),
    birthDate: z.string().nullable(),
    locale: z.string(),
    createdAt: z.string(),
  }),
  memberships: z.array(
    z.object({
      memberId: z.string(),
      timebankId: z.string(),
      timebankName: z.string(),
      status: z.string(),
      pausedUntil: z.string().nullable(),
      statusReason: z.string().nullable(),
      joinedOn: z.string().nullable(),
      areaName: z.string().nullable(),
      profile: z
        .object({
          texts: z.record(z.string(), z.string().nullable()),
          languages: z.array(z.string()),
          categories: z.array(z.object({ kind: z.string(), slug: z.string() })),
          areas: z.array(z.string()),
          directoryOptOut: z.boolean(),
        })
        .nullable(),
      preferences: z.object({ weekendOnly: z.boolean(), timesOfDay: z.array(z.string()), languages: z.array(z.string()), areas: z.array(z.string()) }),
      restrictions: z.object({ kinds: z.array(z.string()), note: z.string().nullable() }),
      availability: z.object({ windows: z.array(z.object({ weekday: z.number(), part: z.string() })) }),
    }),
  ),
  statusHistory: z.array(
    z.object({ id: z.string(), at: z.string(), timebankName: z.string().nullable(), action: z.string(), to: z.string().nullable(), reason: z.string().nullable(), byName: z.string().nullable() }),
  ),
  references: z.array(
    z.object({
      id: z.string(),
      timebankName: z.string(),
      refereeName: z.string(),
      relationship: z.string(),
      requestedAt: z.string(),
      answered: z.boolean(),
      verdict: z.enum(['satisfactory', 'unsatisfactory']).nullable(),
    }),
  ),
  checks: z.array(z.object({ id: z.string(), timebankName: z.string(), scheme: z.string(), level: z.string(), decision: z.string().nullable(), reviewOn: z.string() })),
  notes: z.array(Note),
  agreements: z.array(z.object({ id: z.string(), timebankName: z.string(), version: z.number(), method: z.string(), signedOn: z.string() })),
  safeguardingViews: z.array(z.object({ id: z.string(), at: z.string(), viewerName: z.string(), timebankName: z.string(), view: z.string() })),
  remarks: z.array(Remark),
  // feat/wellbeing: the person's wellbeing check-ins with their answers (null: skipped)
  wellbeing: z.array(
    z.object({
      id: z.string(),
      timebankName: z.string(),
      wave: WaveSchema,
      status: z.enum(['answered', 'declined']),
      answeredOn: z.string(),
      method: z.enum(['online', 'call']),
      help: HelpSchema.nullable(),
      recordedByName: z.string(),
      answers: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
    }),
  ),
  // feat/assetmap: capability conversations (drafts too) and answers to the community survey
  conversations: z.array(ConversationOut),
  surveys: z.array(z.object({ timebankName: z.string(), coProducesNow: z.boolean(), wouldDoMore: z.boolean(), ways: z.array(z.string()), extraHoursPerMonth: z.number(), answeredAt: z.string() })),
});

export type MyRecordView = z.infer<typeof MyRecordOut>;

const TEXTS = ['offer', 'want', 'skill', 'interest', 'head', 'hands', 'heart'] as const;
const str = (v: unknown) => (typeof v === 'string' ? v : null);

export function remarkOut(r: Awaited<ReturnType<RecordService['remarks']>>[number]): z.infer<typeof Remark> {
  return {
    id: r.id,
    itemType: r.item_type,
    itemId: r.item_id,
    kind: r.kind,
    body: r.body,
    createdAt: r.created_at.toISOString(),
    byName: r.created_by_name,
    onBehalf: r.on_behalf_of_person_id !== null,
  };
}

export function myRecordOut(r: MyRecord): MyRecordView {
  return {
    person: {
      id: r.person.id,
      displayName: r.person.display_name,
      email: r.person.email,
      phone: r.person.phone,
      birthYear: r.person.birth_year,
      birthDate: r.person.birth_date,
      locale: r.person.locale,
      createdAt: r.person.created_at.toISOString(),
    },
    memberships: r.perMember.map(({ membership: m, profile, preferences, restrictions, availability }) => ({
      memberId: m.member_id,
      timebankId: m.timebank_id,
      timebankName: m.timebank_name,
      status: m.status,
      pausedUntil: m.paused_until,
      statusReason: m.status_reason,
      joinedOn: m.joined_on,
      areaName: m.area_name,
      profile: profile.row
        ? {
            texts: Object.fromEntries(TEXTS.map((k) => [k, profile.row![`${k}_text`]])),
            languages: profile.row.languages,
            categories: profile.categories.map((c) => ({ kind: c.kind, slug: c.category_slug })),
            areas: profile.areas.map((a) => a.name),
            directoryOptOut: profile.row.directory_opt_out,
          }
        : null,
      preferences: {
        weekendOnly: preferences.weekendOnly,
        timesOfDay: preferences.timesOfDay,
        languages: preferences.languages,
        areas: preferences.areas.map((a) => (a as { name: string }).name),
      },
      restrictions: { kinds: restrictions.kinds, note: restrictions.note },
      availability: { windows: availability.windows.map((w) => ({ weekday: w.weekday, part: w.part })) },
    })),
    statusHistory: r.statuses.map((s) => {
      const d = (s.detail ?? {}) as Record<string, unknown>;
      return {
        id: s.id,
        at: s.at.toISOString(),
        timebankName: s.timebank_name,
        action: s.action,
        to: str(d.to) ?? str(d.status) ?? (s.action === 'application.create' ? 'applied' : null),
        reason: str(d.reason),
        byName: s.by_name,
      };
    }),
    references: r.references.map((x) => ({
      id: x.id,
      timebankName: x.timebank_name,
      refereeName: x.referee_name,
      relationship: x.relationship,
      requestedAt: x.requested_at.toISOString(),
      answered: x.answered_at !== null,
      verdict: x.verdict,
    })),
    checks: r.checks.map((c) => ({ id: c.id, timebankName: c.timebank_name, scheme: c.scheme, level: c.level, decision: c.decision, reviewOn: c.review_on })),
    notes: r.notes.map(noteOut),
    agreements: r.signatures.map((s) => ({ id: s.id, timebankName: s.timebank_name, version: s.version, method: s.method, signedOn: s.signed_on })),
    safeguardingViews: r.views.map((v) => ({ id: v.id, at: v.at.toISOString(), viewerName: v.viewer_name, timebankName: v.timebank_name, view: v.view })),
    // feat/assetmap
    conversations: r.conversations.map(conversationOut),
    surveys: r.surveys.map((x) => ({
      timebankName: x.timebank_name,
      coProducesNow: x.co_produces_now,
      wouldDoMore: x.would_do_more,
      ways: x.ways,
      extraHoursPerMonth: x.extra_hours_per_month,
      answeredAt: x.answered_at.toISOString(),
    })),
    remarks: r.remarks.map(remarkOut),
    // feat/wellbeing
    wellbeing: r.wellbeing.map(checkinView),
  };
}

export const recordRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { record } = services;
  const notes = '/timebanks/:timebankId/members/:memberId/notes';

  app.get(
    '/people/:id/record',
    {
      schema: {
        tags: ['record'],
        summary: 'My record: every item held about me (the person themself only; reading the checks summary is logged)',
        params: IdParams,
        response: { 200: MyRecordOut, ...problemResponses },
      },
    },
    async (req) => myRecordOut(await record.myRecord(principalOf(req), actorFor(req), req.params.id)),
  );

  app.post(
    '/people/:id/remarks',
    {
      schema: {
        tags: ['record'],
        summary: 'Add my note or correction beside an item of my record (never edits the item)',
        params: IdParams,
        body: RemarkBody,
        response: { 201: z.object({ id: z.string() }), ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await record.addRemark(principalOf(req), actorFor(req), req.params.id, req.body)),
  );

  app.get(
    notes,
    {
      schema: {
        tags: ['record'],
        summary: 'Notes about a member: all for brokers and coordinators of the timebank, shared ones for the member',
        params: MemberParams,
        response: { 200: z.object({ items: z.array(Note) }), ...problemResponses },
      },
    },
    async (req) => {
      const r = await record.notesAbout(principalOf(req), req.params.timebankId, req.params.memberId);
      return { items: r.notes.map(noteOut) };
    },
  );

  app.post(
    notes,
    {
      schema: {
        tags: ['record'],
        summary: `Write a note about a member (shared with them unless restricted with a reason; at most ${NOTE_MAX_CHARS} characters)`,
        params: MemberParams,
        body: NoteBody,
        response: { 201: z.object({ id: z.string(), restricted: z.boolean() }), ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await record.addNote(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.body)),
  );

  app.get(
    `${notes}/:noteId`,
    {
      schema: {
        tags: ['record'],
        summary: 'One note (a restricted note is not found for the member)',
        params: NoteParams,
        response: { 200: Note, ...problemResponses },
      },
    },
    async (req) => noteOut(await record.note(principalOf(req), req.params.timebankId, req.params.memberId, req.params.noteId)),
  );

  app.post(
    `${notes}/:noteId/restrict`,
    {
      schema: {
        tags: ['record'],
        summary: 'Restrict a note: the member no longer sees it; the reason, who and when are kept',
        params: NoteParams,
        body: RestrictBody,
        response: { 200: z.object({ id: z.string(), restricted: z.boolean() }), ...problemResponses },
      },
    },
    async (req) =>
      record.restrictNote(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.params.noteId, req.body.reason),
  );
};
