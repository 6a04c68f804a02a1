// Fishbowl debates: a scheduled debate with a topic, opening questions and an inner circle of
// N seats, one kept empty. The outer circle watches and comments; anyone may take an empty
// seat, and when all are full a speaker must leave before another joins. The moderator opens,
// invites, mutes and closes; the transcript stays. Rules in docs/fishbowl.md.
//
// Every change to a debate locks the debate's row first (queries.lockDebate), so changes to
// one debate happen one after the other: two people taking the last seat at the same moment
// are served in turn, and the second finds the circle full. The seat table's keys (one person
// per seat, one seat per person) hold even if a change forgot the lock.
import { EventEmitter } from 'node:events';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Logger } from '../../lib/log.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { authorize, can } from '../policy/policy.ts';
import * as q from './queries.ts';

export interface ScheduleInput {
  topic: string;
  openingQuestions: string[];
  seatCount: number;
  startsAt: string;
  moderatorPersonId?: string | null | undefined;
}

/** Someone already sits in the seat (or the same person took a seat twice): the seat table's keys. */
const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/**
 * Tells the live pages of a debate that its transcript grew. In-process: the server is one
 * process (docs/architecture.md); each listener reads what is new from the database, so a
 * missed signal costs nothing but a moment's delay.
 */
export class DebateHub {
  readonly #events = new EventEmitter();
  constructor() {
    this.#events.setMaxListeners(0);
  }
  subscribe(debateKey: string, listener: () => void): () => void {
    this.#events.on(debateKey, listener);
    return () => this.#events.off(debateKey, listener);
  }
  publish(debateKey: string): void {
    this.#events.emit(debateKey);
  }
  listeners(debateKey: string): number {
    return this.#events.listenerCount(debateKey);
  }
}

export const debateKey = (networkId: string, debateId: string) => `${networkId}:${debateId}`;

export function createFishbowl({ db, clock, log }: { db: Kysely<DB>; clock: Clock; log: Logger }) {
  const hub = new DebateHub();

  async function find(p: Principal, debateId: string) {
    const d = await q.debate(db, p.networkId, debateId);
    if (!d) throw notFound('debate');
    authorize(p, 'fishbowl.takePart', { type: 'debate', networkId: p.networkId, moderatorPersonId: d.moderator_person_id });
    return d;
  }

  const resourceOf = (p: Principal, d: { moderator_person_id: string }) => ({ type: 'debate' as const, networkId: p.networkId, moderatorPersonId: d.moderator_person_id });

  /**
   * One change to a debate, in a transaction that holds the debate's row: `fn` sees the debate
   * as it is now and appends to its transcript. The live pages hear of it after commit.
   */
  async function change<T>(p: Principal, debateId: string, fn: (tx: Transaction<DB>, d: q.LockedDebate) => Promise<T>): Promise<T> {
    const result = await db.transaction().execute(async (tx) => {
      const d = await q.lockDebate(tx, p.networkId, debateId);
      if (!d) throw notFound('debate');
      return fn(tx, d);
    });
    hub.publish(debateKey(p.networkId, debateId));
    return result;
  }

  async function list(p: Principal) {
    authorize(p, 'fishbowl.takePart', { type: 'network', networkId: p.networkId });
    return (await q.listDebates(db, p.networkId)).map(summary);
  }

  function summary(d: q.DebateRow) {
    return {
      id: d.id,
      topic: d.topic,
      openingQuestions: d.opening_questions,
      seatCount: d.seat_count,
      startsAt: d.starts_at.toISOString(),
      status: d.status,
      moderator: { personId: d.moderator_person_id, name: d.moderator_name },
      openedAt: d.opened_at?.toISOString() ?? null,
      closedAt: d.closed_at?.toISOString() ?? null,
    };
  }

  async function schedule(p: Principal, actor: Actor, input: ScheduleInput) {
    authorize(p, 'fishbowl.schedule', { type: 'network', networkId: p.networkId });
    const moderatorId = input.moderatorPersonId ?? p.personId;
    if (!(await q.personInNetwork(db, p.networkId, moderatorId))) {
      throw new DomainError('validation_failed', 'not a person of this network', { fields: [{ path: '/body/moderatorPersonId', message: 'not a person of this network' }] });
    }
    const id = newId();
    await db.transaction().execute(async (tx) => {
      await q.insertDebate(tx, {
        networkId: p.networkId,
        id,
        topic: input.topic,
        questions: input.openingQuestions,
        seatCount: input.seatCount,
        startsAt: new Date(input.startsAt),
        moderatorId,
        by: p.personId,
        at: clock.now(),
      });
      await recordAudit(tx, actor, { action: 'fishbowl.schedule', subjectType: 'debate', subjectId: id, detail: { seatCount: input.seatCount, moderatorId } });
    });
    return get(p, id);
  }

  /** The debate as a page shows it: who sits where, the transcript, and what the viewer may do. */
  async function get(p: Principal, debateId: string, afterSeq = 0) {
    const d = await find(p, debateId);
    const [seats, entries, commenters] = await Promise.all([
      q.seats(db, p.networkId, debateId),
      q.entries(db, p.networkId, debateId, afterSeq),
      q.commenters(db, p.networkId, debateId),
    ]);
    const mySeat = seats.find((s) => s.person_id === p.personId);
    const isModerator = can(p, 'fishbowl.moderate', resourceOf(p, d));
    return {
      ...summary(d),
      lastSeq: d.last_seq,
      seats: seatsOut(d.seat_count, seats),
      entries: entries.map(entryOut),
      me: {
        seatNo: mySeat?.seat_no ?? null,
        muted: mySeat?.muted ?? false,
        isModerator,
      },
      /** People the moderator may invite: those of the outer circle who commented. */
      invitable: isModerator ? commenters.filter((c) => !seats.some((s) => s.person_id === c.id)).map((c) => ({ personId: c.id, name: c.display_name })) : [],
    };
  }

  /** What is new after a transcript number, and the seats now (for the live page). */
  async function changesAfter(networkId: string, debateId: string, afterSeq: number) {
    const [d, seats, entries] = await Promise.all([q.debate(db, networkId, debateId), q.seats(db, networkId, debateId), q.entries(db, networkId, debateId, afterSeq, 500)]);
    if (!d) throw notFound('debate');
    return { status: d.status, seats: seatsOut(d.seat_count, seats), entries: entries.map(entryOut) };
  }

  function seatsOut(count: number, seats: Awaited<ReturnType<typeof q.seats>>) {
    return Array.from({ length: count }, (_, i) => {
      const s = seats.find((x) => x.seat_no === i + 1);
      return { seatNo: i + 1, personId: s?.person_id ?? null, name: s?.display_name ?? null, muted: s?.muted ?? false };
    });
  }

  function entryOut(e: Awaited<ReturnType<typeof q.entries>>[number]) {
    return { seq: e.seq, kind: e.kind, personId: e.person_id, name: e.person_name, byName: e.by_name, seatNo: e.seat_no, body: e.body, at: e.at.toISOString() };
  }

  const mustBeOpen = (d: q.LockedDebate) => {
    if (d.status === 'scheduled') throw new DomainError('debate_not_open', 'the debate has not started yet');
    if (d.status === 'closed') throw new DomainError('debate_closed', 'the debate is over; its transcript stays');
  };

  async function moderated(p: Principal, debateId: string) {
    const d = await find(p, debateId);
    authorize(p, 'fishbowl.moderate', resourceOf(p, d));
    return d;
  }

  async function open(p: Principal, actor: Actor, debateId: string) {
    await moderated(p, debateId);
    await change(p, debateId, async (tx, d) => {
      if (d.status !== 'scheduled') throw new DomainError('debate_not_scheduled', `the debate is ${d.status} already`);
      const at = clock.now();
      await q.setDebateStatus(tx, p.networkId, debateId, 'open', at);
      await q.appendEntry(tx, d, { kind: 'opened', personId: null, byPersonId: p.personId, at });
      await recordAudit(tx, actor, { action: 'fishbowl.open', subjectType: 'debate', subjectId: debateId });
    });
    return get(p, debateId);
  }

  /** Closing empties the circle; the transcript stays as the debate's page. */
  async function close(p: Principal, actor: Actor, debateId: string) {
    await moderated(p, debateId);
    await change(p, debateId, async (tx, d) => {
      if (d.status === 'closed') throw new DomainError('debate_closed', 'the debate is closed already');
      const at = clock.now();
      await q.deleteSeats(tx, p.networkId, debateId);
      await q.setDebateStatus(tx, p.networkId, debateId, 'closed', at);
      await q.appendEntry(tx, d, { kind: 'closed', personId: null, byPersonId: p.personId, at });
      await recordAudit(tx, actor, { action: 'fishbowl.close', subjectType: 'debate', subjectId: debateId });
    });
    return get(p, debateId);
  }

  /** Seats a person in the lowest free seat, in the locked debate; refuses when none is free. */
  async function seat(tx: Transaction<DB>, d: q.LockedDebate, personId: string, byPersonId: string, kind: 'joined' | 'invited', keepOneEmpty: boolean) {
    const taken = await q.seats(tx, d.network_id, d.id);
    if (taken.some((s) => s.person_id === personId)) throw new DomainError('already_seated', 'already in the inner circle');
    const free = Array.from({ length: d.seat_count }, (_, i) => i + 1).filter((n) => !taken.some((s) => s.seat_no === n));
    if (free.length === 0) throw new DomainError('inner_circle_full', 'every seat is taken: a speaker must leave before another joins');
    if (keepOneEmpty && free.length < 2) throw new DomainError('empty_seat_kept', 'the last empty seat is kept for someone from the outer circle to take');
    const seatNo = free[0]!;
    const at = clock.now();
    try {
      await q.insertSeat(tx, { networkId: d.network_id, debateId: d.id, seatNo, personId, at });
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError('inner_circle_full', 'someone took that seat a moment ago');
      throw err;
    }
    await q.appendEntry(tx, d, { kind, personId, byPersonId, seatNo, at });
    return seatNo;
  }

  /** Takes the empty seat. Two people taking the last one at once: one gets it, the other a 409. */
  async function takeSeat(p: Principal, actor: Actor, debateId: string) {
    await find(p, debateId);
    const seatNo = await change(p, debateId, async (tx, d) => {
      mustBeOpen(d);
      const n = await seat(tx, d, p.personId, p.personId, 'joined', false);
      await recordAudit(tx, actor, { action: 'fishbowl.seat', subjectType: 'debate', subjectId: debateId, detail: { seatNo: n } });
      return n;
    });
    return { seatNo };
  }

  /** The moderator invites someone into the inner circle; the last empty seat stays empty. */
  async function invite(p: Principal, actor: Actor, debateId: string, personId: string) {
    await moderated(p, debateId);
    if (!(await q.personInNetwork(db, p.networkId, personId))) {
      throw new DomainError('validation_failed', 'not a person of this network', { fields: [{ path: '/body/personId', message: 'not a person of this network' }] });
    }
    const seatNo = await change(p, debateId, async (tx, d) => {
      mustBeOpen(d);
      const n = await seat(tx, d, personId, p.personId, 'invited', true);
      await recordAudit(tx, { ...actor }, { action: 'fishbowl.invite', subjectType: 'debate', subjectId: debateId, detail: { seatNo: n, personId } });
      return n;
    });
    return { seatNo };
  }

  async function leave(tx: Transaction<DB>, d: q.LockedDebate, seatNo: number, personId: string, byPersonId: string) {
    await q.deleteSeat(tx, d.network_id, d.id, seatNo);
    await q.appendEntry(tx, d, { kind: 'left', personId, byPersonId, seatNo, at: clock.now() });
  }

  /** A speaker leaves the inner circle (back to the outer circle). */
  async function leaveSeat(p: Principal, actor: Actor, debateId: string) {
    await find(p, debateId);
    await change(p, debateId, async (tx, d) => {
      mustBeOpen(d);
      const mine = (await q.seats(tx, p.networkId, debateId)).find((s) => s.person_id === p.personId);
      if (!mine) throw new DomainError('not_seated', 'you are not in the inner circle');
      await leave(tx, d, mine.seat_no, p.personId, p.personId);
      await recordAudit(tx, actor, { action: 'fishbowl.leave', subjectType: 'debate', subjectId: debateId, detail: { seatNo: mine.seat_no } });
    });
    return { seatNo: null };
  }

  async function seated(tx: Transaction<DB>, p: Principal, debateId: string, seatNo: number) {
    const s = (await q.seats(tx, p.networkId, debateId)).find((x) => x.seat_no === seatNo);
    if (!s) throw new DomainError('seat_empty', `nobody sits in seat ${seatNo}`, { fields: [{ path: '/params/seatNo', message: 'nobody sits here' }] });
    return s;
  }

  /** The moderator mutes or unmutes a speaker: a muted speaker keeps the seat but may not speak. */
  async function mute(p: Principal, actor: Actor, debateId: string, seatNo: number, muted: boolean) {
    await moderated(p, debateId);
    await change(p, debateId, async (tx, d) => {
      mustBeOpen(d);
      const s = await seated(tx, p, debateId, seatNo);
      if (s.muted === muted) return;
      await q.setMuted(tx, p.networkId, debateId, seatNo, muted);
      await q.appendEntry(tx, d, { kind: muted ? 'muted' : 'unmuted', personId: s.person_id, byPersonId: p.personId, seatNo, at: clock.now() });
      await recordAudit(tx, actor, { action: muted ? 'fishbowl.mute' : 'fishbowl.unmute', subjectType: 'debate', subjectId: debateId, detail: { seatNo, personId: s.person_id } });
    });
    return get(p, debateId);
  }

  /** The moderator asks a speaker to leave the inner circle. */
  async function removeSpeaker(p: Principal, actor: Actor, debateId: string, seatNo: number) {
    await moderated(p, debateId);
    await change(p, debateId, async (tx, d) => {
      mustBeOpen(d);
      const s = await seated(tx, p, debateId, seatNo);
      await leave(tx, d, seatNo, s.person_id, p.personId);
      await recordAudit(tx, actor, { action: 'fishbowl.remove', subjectType: 'debate', subjectId: debateId, detail: { seatNo, personId: s.person_id } });
    });
    return get(p, debateId);
  }

  /** A speech from the inner circle, or a comment from the outer circle. */
  async function contribute(p: Principal, actor: Actor, debateId: string, body: string) {
    await find(p, debateId);
    return change(p, debateId, async (tx, d) => {
      mustBeOpen(d);
      const mine = (await q.seats(tx, p.networkId, debateId)).find((s) => s.person_id === p.personId);
      if (mine?.muted) throw new DomainError('muted', 'the moderator has muted you; you may still leave the circle');
      const kind = mine ? 'speech' : 'comment';
      const seq = await q.appendEntry(tx, d, { kind, personId: p.personId, byPersonId: p.personId, seatNo: mine?.seat_no ?? null, body, at: clock.now() });
      await recordAudit(tx, actor, { action: `fishbowl.${kind}`, subjectType: 'debate', subjectId: debateId, detail: { seq } });
      return { seq, kind };
    });
  }

  /** Checks the viewer may follow the debate, for the live stream. */
  async function follow(p: Principal, debateId: string) {
    const d = await find(p, debateId);
    return { networkId: p.networkId, debateId: d.id, status: d.status };
  }

  return { hub, list, schedule, get, changesAfter, open, close, takeSeat, invite, leaveSeat, mute, removeSpeaker, contribute, follow, log };
}

export type Fishbowl = ReturnType<typeof createFishbowl>;
export type DebateView = Awaited<ReturnType<Fishbowl['get']>>;
