// /api/v1/debates…: fishbowl debates, and their live stream of Server-Sent Events
// (docs/fishbowl.md).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses, Uuid } from '../../http/schemas.ts';
import { DomainError } from '../../lib/errors.ts';
import { type WriteKind, writeLimit } from '../arguments/limits.ts';
import { debateKey, type Fishbowl } from './service.ts';

const text = (max: number) => z.string().trim().min(1, { message: 'must not be empty' }).max(max, { message: `at most ${max} characters` });

export const ScheduleBody = z.strictObject({
  topic: text(200),
  openingQuestions: z.array(text(300)).min(1, { message: 'give at least one opening question' }).max(10, { message: 'at most 10 questions' }),
  seatCount: z.number().int().min(3, { message: 'at least 3 seats' }).max(9, { message: 'at most 9 seats' }),
  startsAt: z.iso.datetime({ offset: true, message: 'a date and time such as 2026-05-01T18:00:00Z' }),
  moderatorPersonId: Uuid.nullish(),
});
export const ContributionBody = z.strictObject({ body: text(2000) });
export const InviteBody = z.strictObject({ personId: Uuid });
export const MuteBody = z.strictObject({ muted: z.boolean() });

const Seat = z.object({ seatNo: z.number(), personId: z.string().nullable(), name: z.string().nullable(), muted: z.boolean() });
const Entry = z.object({
  seq: z.number(),
  kind: z.string(),
  personId: z.string().nullable(),
  name: z.string().nullable(),
  byName: z.string().nullable(),
  seatNo: z.number().nullable(),
  body: z.string().nullable(),
  at: z.string(),
});
const Summary = z.object({
  id: z.string(),
  topic: z.string(),
  openingQuestions: z.array(z.string()),
  seatCount: z.number(),
  startsAt: z.string(),
  status: z.string(),
  moderator: z.object({ personId: z.string(), name: z.string() }),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
const DebateOut = Summary.extend({
  lastSeq: z.number(),
  seats: z.array(Seat),
  entries: z.array(Entry),
  me: z.object({ seatNo: z.number().nullable(), muted: z.boolean(), isModerator: z.boolean() }),
  invitable: z.array(z.object({ personId: z.string(), name: z.string() })),
});

const DebateParams = z.strictObject({ debateId: Uuid });
const SeatParams = z.strictObject({ debateId: Uuid, seatNo: z.coerce.number().int().min(1).max(9) });
const tags = ['fishbowl'];
const responses = <S extends z.ZodType>(ok: S) => ({ 200: ok, ...problemResponses });
const created = <S extends z.ZodType>(ok: S) => ({ 201: ok, ...problemResponses });

/** Seconds between comments that keep a quiet stream (and the proxies in front of it) open. */
const KEEP_ALIVE_MS = 25_000;

/** Every open stream, so that closing the server ends them rather than waiting for them. */
const streams = new Set<() => void>();
/** Streams one person may hold open at once (a few tabs); more are refused with 429. */
export const STREAMS_PER_PERSON_MAX = 10;
const streamsByPerson = new Map<string, number>();

/**
 * The live stream of a debate as Server-Sent Events: first what is new after the client's last
 * transcript number (Last-Event-ID on reconnection, or ?after= from the page), then each change
 * as it is committed. Each event carries the transcript number as its id, so a reconnecting
 * browser misses nothing. A closed debate's stream sends what is left and ends.
 */
export async function streamDebate(fishbowl: Fishbowl, req: FastifyRequest, reply: FastifyReply, debateId: string, after: number): Promise<void> {
  const p = principalOf(req);
  const { networkId } = await fishbowl.follow(p, debateId);
  const held = streamsByPerson.get(p.personId) ?? 0;
  if (held >= STREAMS_PER_PERSON_MAX) throw new DomainError('rate_limited', `at most ${STREAMS_PER_PERSON_MAX} live streams at once: close another page first`);
  streamsByPerson.set(p.personId, held + 1);
  const lastEventId = Number(req.headers['last-event-id']);
  let sent = Number.isInteger(lastEventId) && lastEventId >= 0 ? lastEventId : after;
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': String(req.id),
  });
  raw.write('retry: 3000\n\n');
  let ended = false;
  let busy = false;
  let again = false;
  const end = () => {
    if (ended) return;
    ended = true;
    const left = (streamsByPerson.get(p.personId) ?? 1) - 1;
    if (left > 0) streamsByPerson.set(p.personId, left);
    else streamsByPerson.delete(p.personId);
    unsubscribe();
    clearInterval(keepAlive);
    streams.delete(end);
    raw.end();
  };
  const flush = async (): Promise<void> => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        const now = await fishbowl.changesAfter(networkId, debateId, sent);
        if (ended) return;
        for (const e of now.entries) {
          raw.write(`id: ${e.seq}\nevent: entry\ndata: ${JSON.stringify(e)}\n\n`);
          sent = e.seq;
        }
        raw.write(`event: seats\ndata: ${JSON.stringify({ status: now.status, seats: now.seats })}\n\n`);
        if (now.status === 'closed') {
          raw.write('event: closed\ndata: {}\n\n');
          end();
          return;
        }
      } while (again);
    } finally {
      busy = false;
    }
  };
  const onChange = () => {
    flush().catch((err) => {
      req.log.warn({ err }, 'debate stream failed');
      end();
    });
  };
  const unsubscribe = fishbowl.hub.subscribe(debateKey(networkId, debateId), onChange);
  const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  streams.add(end);
  req.raw.on('close', end);
  onChange();
}

export const fishbowlRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { fishbowl } = services;
  const limit = (kind: WriteKind) => writeLimit(app, services, kind);
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });

  app.get('/debates', { schema: { tags, summary: 'Fishbowl debates of your network', response: responses(z.object({ items: z.array(Summary) })) } }, async (req) => ({
    items: await fishbowl.list(principalOf(req)),
  }));
  app.post(
    '/debates',
    { schema: { tags, summary: 'Schedule a debate (coordinators, network admins)', body: ScheduleBody, response: created(DebateOut) } },
    async (req, reply) => reply.code(201).send(await fishbowl.schedule(principalOf(req), actorFor(req), req.body)),
  );
  app.get(
    '/debates/:debateId',
    {
      schema: {
        tags,
        summary: 'A debate: its seats and transcript (after a transcript number with ?after=)',
        params: DebateParams,
        querystring: z.strictObject({ after: z.coerce.number().int().min(0).default(0) }),
        response: responses(DebateOut),
      },
    },
    async (req) => fishbowl.get(principalOf(req), req.params.debateId, req.query.after),
  );
  app.get(
    '/debates/:debateId/events',
    {
      schema: {
        tags,
        summary: 'The live stream of a debate (text/event-stream): events "entry", "seats" and "closed"',
        params: DebateParams,
        querystring: z.strictObject({ after: z.coerce.number().int().min(0).default(0) }),
      },
    },
    async (req, reply) => streamDebate(fishbowl, req, reply, req.params.debateId, req.query.after),
  );
  app.post(
    '/debates/:debateId/open',
    { schema: { tags, summary: 'Open the debate (its moderator)', params: DebateParams, response: responses(DebateOut) } },
    async (req) => fishbowl.open(principalOf(req), actorFor(req), req.params.debateId),
  );
  app.post(
    '/debates/:debateId/close',
    { schema: { tags, summary: 'Close the debate; the transcript stays (its moderator)', params: DebateParams, response: responses(DebateOut) } },
    async (req) => fishbowl.close(principalOf(req), actorFor(req), req.params.debateId),
  );
  app.put(
    '/debates/:debateId/seat',
    {
      onRequest: limit('seat'),
      schema: {
        tags,
        summary: 'Take the empty seat in the inner circle; 409 inner_circle_full when every seat is taken',
        params: DebateParams,
        response: responses(z.object({ seatNo: z.number() })),
      },
    },
    async (req) => fishbowl.takeSeat(principalOf(req), actorFor(req), req.params.debateId),
  );
  app.delete(
    '/debates/:debateId/seat',
    {
      onRequest: limit('seat'),
      schema: { tags, summary: 'Leave the inner circle', params: DebateParams, response: responses(z.object({ seatNo: z.null() })) },
    },
    async (req) => fishbowl.leaveSeat(principalOf(req), actorFor(req), req.params.debateId),
  );
  app.post(
    '/debates/:debateId/invitations',
    {
      schema: {
        tags,
        summary: 'Invite someone into the inner circle (its moderator); the last empty seat stays empty',
        params: DebateParams,
        body: InviteBody,
        response: responses(z.object({ seatNo: z.number() })),
      },
    },
    async (req) => fishbowl.invite(principalOf(req), actorFor(req), req.params.debateId, req.body.personId),
  );
  app.put(
    '/debates/:debateId/seats/:seatNo/muted',
    { schema: { tags, summary: 'Mute or unmute a speaker (its moderator)', params: SeatParams, body: MuteBody, response: responses(DebateOut) } },
    async (req) => fishbowl.mute(principalOf(req), actorFor(req), req.params.debateId, req.params.seatNo, req.body.muted),
  );
  app.delete(
    '/debates/:debateId/seats/:seatNo',
    { schema: { tags, summary: 'Ask a speaker to leave the inner circle (its moderator)', params: SeatParams, response: responses(DebateOut) } },
    async (req) => fishbowl.removeSpeaker(principalOf(req), actorFor(req), req.params.debateId, req.params.seatNo),
  );
  app.post(
    '/debates/:debateId/contributions',
    {
      onRequest: limit('contribution'),
      schema: {
        tags,
        summary: 'Speak (from a seat in the inner circle) or comment (from the outer circle)',
        params: DebateParams,
        body: ContributionBody,
        response: created(z.object({ seq: z.number(), kind: z.string() })),
      },
    },
    async (req, reply) => reply.code(201).send(await fishbowl.contribute(principalOf(req), actorFor(req), req.params.debateId, req.body.body)),
  );
};
