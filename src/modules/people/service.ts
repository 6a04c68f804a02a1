// People and their memberships: registering (online or by a broker for someone with no
// email), status changes, and a person's whole record.
import type { Kysely } from 'kysely';
import type { DB, MemberStatus } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Logger } from '../../lib/log.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { deleteSessionsOf, findPerson } from '../auth/queries.ts';
import { enqueueNotification } from '../notifications/enqueue.ts';
import { authorize } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import * as q from './queries.ts';
// the "check due" filter of the member search (feat/record)
import { insertViews } from '../safeguarding/queries.ts';
import { REVIEW_WINDOW_DAYS } from '../safeguarding/service.ts';
import { addDays } from '../safeguarding/subject.ts';

export interface RegisterInput {
  displayName: string;
  email?: string | undefined;
  phone?: string | undefined;
  birthYear?: number | undefined;
  areaId?: string | undefined;
  locale?: 'en' | 'pl' | undefined;
  status: 'applied' | 'active';
}

export interface StatusChange {
  status: MemberStatus;
  pausedUntil?: string | undefined;
  reason?: string | undefined;
}

/** Which status may follow which. */
const NEXT: Record<MemberStatus, readonly MemberStatus[]> = {
  applied: ['active', 'left'],
  active: ['paused', 'left', 'suspended'],
  paused: ['active', 'left', 'suspended'],
  suspended: ['active', 'left'],
  left: ['active'],
};

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function createPeople({ db, clock, log }: { db: Kysely<DB>; clock: Clock; log: Logger }) {
  async function register(p: Principal, actor: Actor, timebankId: string, input: RegisterInput) {
    authorize(p, 'member.register', await timebankResource(db, p, timebankId));
    const email = input.email?.trim().toLowerCase() || null;
    if (input.areaId && !(await q.areaInTimebank(db, p.networkId, timebankId, input.areaId))) {
      throw new DomainError('validation_failed', 'no such area in this timebank', {
        fields: [{ path: '/body/areaId', message: 'not an area of this timebank' }],
      });
    }
    const personId = newId();
    const memberId = newId();
    await db.transaction().execute(async (tx) => {
      if (email && (await q.emailTaken(tx, email))) {
        throw new DomainError('conflict', 'someone already uses that email', {
          fields: [{ path: '/body/email', message: 'already in use' }],
        });
      }
      await q.insertPerson(tx, {
        networkId: p.networkId,
        id: personId,
        displayName: input.displayName,
        email,
        phone: input.phone ?? null,
        birthYear: input.birthYear ?? null,
        locale: input.locale ?? 'en',
        createdBy: p.personId,
      });
      await q.insertMember(tx, {
        networkId: p.networkId,
        id: memberId,
        timebankId,
        personId,
        status: input.status,
        areaId: input.areaId ?? null,
        joinedOn: input.status === 'active' ? isoDay(clock.now()) : null,
        createdBy: p.personId,
      });
      await recordAudit(tx, actor, {
        action: 'member.register',
        subjectType: 'person',
        subjectId: personId,
        timebankId,
        detail: { memberId, status: input.status, withEmail: email !== null },
      });
      if (input.status === 'applied') {
        await enqueueNotification(tx, {
          networkId: p.networkId,
          kind: 'application_waiting',
          recipient: { brokersOf: timebankId },
          payload: { applicantName: input.displayName, memberId, personId },
          timebankId,
          at: clock.now(),
        });
      }
    });
    log.info({ timebankId, personId }, 'member registered');
    return { personId, memberId, status: input.status };
  }

  /**
   * The broker's member search. With `checkDue` (feat/record): members with a check due for
   * review within 30 days or overdue; that reads safeguarding data, so each person listed is
   * written to the safeguarding access log as a 'reviews_due' view, as the reviews-due list is.
   */
  async function list(p: Principal, timebankId: string, filter: q.MemberFilter & { checkDue?: boolean | undefined }, actor?: Actor) {
    authorize(p, 'member.list', await timebankResource(db, p, timebankId));
    const { checkDue, ...rest } = filter;
    if (!checkDue) return q.listMembers(db, p.networkId, timebankId, rest);
    const r = await q.listMembers(db, p.networkId, timebankId, { ...rest, checkDueBy: addDays(isoDay(clock.now()), REVIEW_WINDOW_DAYS) });
    const at = clock.now();
    await insertViews(
      db,
      r.rows.map((row) => ({
        networkId: p.networkId,
        id: newId(),
        at,
        viewerPersonId: p.personId,
        onBehalfOfPersonId: actor?.onBehalfOfPersonId ?? null,
        subjectPersonId: row.person_id,
        timebankId,
        view: 'reviews_due' as const,
        checkId: null,
        requestId: actor?.requestId ?? null,
      })),
    );
    return r;
  }

  async function changeStatus(p: Principal, actor: Actor, timebankId: string, memberId: string, change: StatusChange) {
    const action = change.status === 'suspended' ? 'member.suspend' : 'member.setStatus';
    authorize(p, action, await timebankResource(db, p, timebankId));
    return applyStatus(actor, timebankId, memberId, change);
  }

  /**
   * A status change by the rules of NEXT, for callers that authorized it themselves: a member
   * pausing their own availability, the sweep that resumes pauses that have ended.
   */
  async function applyStatus(actor: Actor, timebankId: string, memberId: string, change: StatusChange) {
    const member = await q.findMember(db, actor.networkId, timebankId, memberId);
    if (!member) throw notFound('member');
    checkTransition(member.status, change);
    const ended = await db.transaction().execute(async (tx) => {
      await q.updateMemberStatus(tx, actor.networkId, memberId, {
        status: change.status,
        paused_until: change.status === 'paused' ? (change.pausedUntil ?? null) : null,
        status_reason: change.reason ?? null,
      });
      let sessionsEnded = 0;
      if (change.status === 'suspended') {
        await q.setPersonSuspension(tx, actor.networkId, member.person_id, clock.now(), change.reason ?? 'suspended');
        sessionsEnded = await deleteSessionsOf(tx, actor.networkId, member.person_id);
      } else if (member.status === 'suspended') {
        await q.setPersonSuspension(tx, actor.networkId, member.person_id, null, null);
      }
      await recordAudit(tx, actor, {
        action: 'member.status',
        subjectType: 'person',
        subjectId: member.person_id,
        timebankId,
        detail: { memberId, from: member.status, to: change.status, reason: change.reason ?? null, sessionsEnded },
      });
      return sessionsEnded;
    });
    return { memberId, status: change.status, sessionsEnded: ended };
  }

  function checkTransition(from: MemberStatus, change: StatusChange): void {
    if (!NEXT[from].includes(change.status)) {
      throw new DomainError('status_transition', `a member who is ${from} cannot become ${change.status}`, {
        fields: [{ path: '/body/status', message: `not allowed after ${from}` }],
      });
    }
    if (change.status === 'paused' && !change.pausedUntil) {
      throw new DomainError('validation_failed', 'say until when the member is paused', {
        fields: [{ path: '/body/pausedUntil', message: 'required when pausing' }],
      });
    }
    if (change.status === 'paused' && change.pausedUntil && change.pausedUntil <= isoDay(clock.now())) {
      throw new DomainError('validation_failed', 'the pause must end in the future', {
        fields: [{ path: '/body/pausedUntil', message: 'must be after today' }],
      });
    }
    if (change.status === 'suspended' && !change.reason) {
      throw new DomainError('validation_failed', 'a suspension needs a reason', {
        fields: [{ path: '/body/reason', message: 'required when suspending' }],
      });
    }
  }

  /** Everything held about a person: for themself, and for brokers and coordinators of their timebank. */
  async function record(p: Principal, personId: string) {
    const person = await findPerson(db, p.networkId, personId);
    const memberships = person ? await q.personMemberships(db, p.networkId, personId) : [];
    authorize(p, 'person.read', {
      type: 'person',
      networkId: p.networkId,
      personId,
      timebankIds: memberships.map((m) => m.timebank_id),
    });
    if (!person) throw notFound('person');
    const [roles, organisations, history] = await Promise.all([
      q.personRoles(db, p.networkId, personId),
      q.personOrganisations(db, p.networkId, personId),
      q.personHistory(db, p.networkId, personId, 200),
    ]);
    return { person, memberships, roles, organisations, history };
  }

  /** The person behind a membership, for staff of that timebank. */
  async function memberPerson(p: Principal, timebankId: string, memberId: string) {
    authorize(p, 'member.list', await timebankResource(db, p, timebankId));
    const member = await q.findMember(db, p.networkId, timebankId, memberId);
    if (!member) throw notFound('member');
    return { personId: member.person_id, status: member.status };
  }

  return { register, list, changeStatus, applyStatus, record, memberPerson };
}

export type People = ReturnType<typeof createPeople>;
