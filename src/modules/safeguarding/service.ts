// Safeguarding checks: metadata only, the number sealed at rest, seen only by brokers and
// coordinators of the member's timebank, and every read written to the access log.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { SecretBox } from '../../lib/secretbox.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { enqueueNotification } from '../notifications/enqueue.ts';
import { authorize } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import * as q from './queries.ts';
import { type CheckInput, checkErrors, defaultReviewOn, maskNumber } from './rules.ts';
import { addDays, isoDay, memberSubject } from './subject.ts';
import type { SafeguardingViewKind } from './tables.ts';

/** Reviews due within this many days are listed (and every overdue one). */
export const REVIEW_WINDOW_DAYS = 30;

export function createSafeguarding({ db, clock, secretBox }: { db: Kysely<DB>; clock: Clock; secretBox: SecretBox }) {
  const today = () => isoDay(clock.now());

  function logViews(actor: Actor, timebankId: string, view: SafeguardingViewKind, subjects: { personId: string; checkId?: string | null }[]) {
    const at = clock.now();
    return q.insertViews(
      db,
      subjects.map((s) => ({
        networkId: actor.networkId,
        id: newId(),
        at,
        viewerPersonId: actor.personId as string,
        onBehalfOfPersonId: actor.onBehalfOfPersonId,
        subjectPersonId: s.personId,
        timebankId,
        view,
        checkId: s.checkId ?? null,
        requestId: actor.requestId,
      })),
    );
  }

  /** A check as staff see it: the number masked, never in full. */
  function masked(c: q.CheckWithNames) {
    const { number_enc, ...rest } = c;
    return { ...rest, number_masked: number_enc ? maskNumber(secretBox.open(number_enc)) : null };
  }

  /** Every check of a member (masked), for brokers and coordinators of that timebank. */
  async function memberChecks(p: Principal, actor: Actor, timebankId: string, memberId: string) {
    const { member, resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'safeguarding.read', resource);
    const rows = await q.checksOf(db, p.networkId, timebankId, member.person_id);
    await logViews(actor, timebankId, 'member_checks', [{ personId: member.person_id }]);
    return { personId: member.person_id, checks: rows.map(masked) };
  }

  async function validated(actor: Actor, timebankId: string, input: CheckInput): Promise<q.CheckValues> {
    const fields = checkErrors(input, today());
    if (input.decidedByPersonId && !(await q.isStaffOf(db, actor.networkId, timebankId, input.decidedByPersonId))) {
      fields.push({ path: '/body/decidedByPersonId', message: 'not a broker or coordinator of this timebank' });
    }
    if (fields.length) throw new DomainError('validation_failed', fields[0]!.message, { fields });
    const decided = input.decision !== undefined;
    return {
      scheme: input.scheme,
      level: input.level,
      workforce: input.workforce,
      role_title: input.roleTitle,
      regulated_work: input.regulatedWork,
      number_enc: input.number ? secretBox.seal(input.number) : null,
      issued_on: input.issuedOn,
      update_service: input.updateService ?? false,
      status_checked_on: input.statusCheckedOn ?? null,
      status_check_result: input.statusCheckResult ?? null,
      review_on: input.reviewOn ?? defaultReviewOn(input),
      decision: input.decision ?? null,
      decided_by_person_id: decided ? (input.decidedByPersonId ?? null) : null,
      decided_on: decided ? (input.decidedOn ?? today()) : null,
      updated_by_person_id: actor.personId,
    };
  }

  async function addCheck(p: Principal, actor: Actor, timebankId: string, memberId: string, input: CheckInput) {
    const { member, resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'safeguarding.write', resource);
    const values = await validated(actor, timebankId, input);
    const id = newId();
    await db.transaction().execute(async (tx) => {
      await q.insertCheck(tx, { networkId: p.networkId, id, timebankId, personId: member.person_id, createdBy: actor.personId }, values);
      await recordAudit(tx, actor, {
        action: 'safeguarding.check.add',
        subjectType: 'person',
        subjectId: member.person_id,
        timebankId,
        detail: { checkId: id, scheme: values.scheme, level: values.level, decision: values.decision, reviewOn: values.review_on },
      });
    });
    return { id, reviewOn: values.review_on };
  }

  async function heldCheck(p: Principal, timebankId: string, memberId: string, checkId: string) {
    const { member, resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'safeguarding.write', resource);
    const check = await q.findCheck(db, p.networkId, timebankId, member.person_id, checkId);
    if (!check) throw notFound('check');
    return check;
  }

  /** Replaces a check's metadata; a number left out keeps the one held. */
  async function updateCheck(p: Principal, actor: Actor, timebankId: string, memberId: string, checkId: string, input: CheckInput) {
    const check = await heldCheck(p, timebankId, memberId, checkId);
    const values = await validated(actor, timebankId, input);
    if (input.number === undefined) values.number_enc = check.number_enc;
    await db.transaction().execute(async (tx) => {
      await q.updateCheck(tx, p.networkId, checkId, values, clock.now());
      await recordAudit(tx, actor, {
        action: 'safeguarding.check.update',
        subjectType: 'person',
        subjectId: check.person_id,
        timebankId,
        detail: { checkId, decision: values.decision, reviewOn: values.review_on, numberChanged: input.number !== undefined },
      });
    });
    return { id: checkId, reviewOn: values.review_on };
  }

  /** The number in full, on an explicit request that the access log records. */
  async function revealNumber(p: Principal, actor: Actor, timebankId: string, memberId: string, checkId: string) {
    const { member, resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'safeguarding.read', resource);
    const check = await q.findCheck(db, p.networkId, timebankId, member.person_id, checkId);
    if (!check) throw notFound('check');
    await logViews(actor, timebankId, 'reveal_number', [{ personId: member.person_id, checkId }]);
    return { number: check.number_enc ? secretBox.open(check.number_enc) : null };
  }

  /** Disclosure Scotland was told that a PVG member stopped doing regulated work. */
  async function recordStoppedNotice(p: Principal, actor: Actor, timebankId: string, memberId: string, checkId: string, sentOn: string) {
    const check = await heldCheck(p, timebankId, memberId, checkId);
    if (check.scheme !== 'pvg' || !check.regulated_work) {
      throw new DomainError('not_pvg_regulated_work', 'only a PVG check for regulated work takes this notice', {
        fields: [{ path: '/params/checkId', message: 'not a PVG check for regulated work' }],
      });
    }
    if (check.stopped_notice_sent_on) throw new DomainError('conflict', 'the notice is already recorded');
    const fields = [];
    if (sentOn > today()) fields.push({ path: '/body/sentOn', message: 'must not be in the future' });
    if (sentOn < check.issued_on) fields.push({ path: '/body/sentOn', message: 'must not be before the issue date' });
    if (fields.length) throw new DomainError('validation_failed', fields[0]!.message, { fields });
    await db.transaction().execute(async (tx) => {
      await q.setStoppedNotice(tx, p.networkId, checkId, sentOn, actor.personId, clock.now());
      await recordAudit(tx, actor, {
        action: 'safeguarding.check.stoppedNotice',
        subjectType: 'person',
        subjectId: check.person_id,
        timebankId,
        detail: { checkId, sentOn },
      });
    });
    return { id: checkId, sentOn };
  }

  /** Reviews due within 30 days, and overdue ones, of a timebank; each person listed is logged. */
  async function reviewsDue(p: Principal, actor: Actor, timebankId: string) {
    authorize(p, 'safeguarding.reviews', await timebankResource(db, p, timebankId));
    const rows = await q.reviewsDue(db, p.networkId, timebankId, addDays(today(), REVIEW_WINDOW_DAYS));
    const people = [...new Set(rows.map((r) => r.person_id))];
    await logViews(actor, timebankId, 'reviews_due', people.map((personId) => ({ personId })));
    return rows.map((r) => ({ ...r, overdue: r.review_on < today() }));
  }

  /** A member's own checks in brief: scheme, level, decision, next review. Never anyone else's. */
  async function ownSummary(p: Principal, actor: Actor, personId: string) {
    authorize(p, 'safeguarding.readOwn', { type: 'person', networkId: p.networkId, personId, timebankIds: [] });
    const rows = await q.ownChecks(db, p.networkId, personId);
    for (const tb of new Set(rows.map((r) => r.timebank_id))) await logViews(actor, tb, 'own_summary', [{ personId }]);
    return rows;
  }

  /** Who viewed a person's safeguarding data and when ("my record"). */
  async function viewsOfPerson(p: Principal, personId: string, limit = 200) {
    authorize(p, 'safeguarding.readOwn', { type: 'person', networkId: p.networkId, personId, timebankIds: [] });
    return q.viewsOf(db, p.networkId, personId, limit);
  }

  /** Who may be named as the decider of a check: the timebank's brokers and coordinators. */
  async function deciders(p: Principal, timebankId: string) {
    authorize(p, 'safeguarding.reviews', await timebankResource(db, p, timebankId));
    return q.decidersOf(db, p.networkId, timebankId);
  }

  /**
   * The daily sweep: tells the brokers of each timebank, once per check and review date, of
   * every review due within 30 days (or overdue). The notification carries the member's name,
   * the scheme and the date: no number, level or decision. Answers how many checks it announced.
   */
  async function announceReviewsDue(batch = 200): Promise<number> {
    const until = addDays(today(), REVIEW_WINDOW_DAYS);
    let announced = 0;
    for (;;) {
      const rows = await q.reviewsToAnnounce(db, until, batch);
      if (rows.length === 0) return announced;
      await db.transaction().execute(async (tx) => {
        for (const r of rows) {
          await enqueueNotification(tx, {
            networkId: r.network_id,
            kind: 'recheck_due',
            recipient: { brokersOf: r.timebank_id },
            payload: {
              personName: r.display_name,
              scheme: r.scheme,
              dueOn: r.review_on,
              personId: r.person_id,
              memberId: r.member_id,
              checkId: r.id,
            },
            timebankId: r.timebank_id,
            at: clock.now(),
          });
          await q.markReviewAnnounced(tx, r.network_id, r.id, r.review_on);
        }
      });
      announced += rows.length;
      if (rows.length < batch) return announced;
    }
  }

  return { announceReviewsDue, deciders, memberChecks, addCheck, updateCheck, revealNumber, recordStoppedNotice, reviewsDue, ownSummary, viewsOfPerson };
}

export type Safeguarding = ReturnType<typeof createSafeguarding>;

/**
 * For the matching engine: a person's checks that are valid on a day (cleared, issued by then,
 * not yet due for review, no "not current" status check, no stopped-work notice). Metadata
 * only, never the number. Not a view by a person, so not written to the access log.
 */
export function validChecksOf(db: Kysely<DB>, networkId: string, personId: string, onDate: string, timebankId?: string) {
  return q.validChecks(db, networkId, personId, onDate, timebankId);
}

// broker matching (feat/matching)
/** Of these people, those holding a valid check on the day (the rule of validChecksOf, at once). */
export function validCheckHoldersOf(db: Kysely<DB>, networkId: string, personIds: readonly string[], onDate: string) {
  return q.validCheckHolders(db, networkId, personIds, onDate);
}
