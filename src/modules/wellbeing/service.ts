// Wellbeing check-ins (docs/wellbeing.md): opt-in and skippable, answered online by the member
// or recorded by a broker from a call; who is due which wave; signposting prompted by a high
// anxiety or "often/always" lonely answer (a flag and a note to the member's brokers, never a
// referral); and the paired change report, aggregates only.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, type FieldError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { isoDay } from '../listings/rules.ts';
import { enqueueNotification } from '../notifications/enqueue.ts';
import { authorize } from '../policy/policy.ts';
import { memberSubject } from '../safeguarding/subject.ts';
import { timebankResource } from '../tenancy/guard.ts';
import { latestBenchmark, ONS_UK_BENCHMARKS } from './benchmarks.ts';
import { DISCLOSURE_METHOD, WELLBEING_THRESHOLD } from './disclosure-local.ts';
import { type Belonging, type Favours, INSTRUMENT_VERSION, type LonelyDirect, needsSignposting } from './instrument.ts';
import { numericSums, pairedChange, toPairs } from './paired.ts';
import * as q from './queries.ts';
import { FOLLOW_UPS, isOpen, openWave, WAVES, waveWindow } from './schedule.ts';
import type { CheckinHelp, SignpostingOutcome, Wave } from './tables.ts';

export interface Answers {
  lifeSatisfaction?: number | null | undefined;
  worthwhile?: number | null | undefined;
  happiness?: number | null | undefined;
  anxiety?: number | null | undefined;
  lonelyDirect?: LonelyDirect | null | undefined;
  lackCompanionship?: number | null | undefined;
  leftOut?: number | null | undefined;
  isolated?: number | null | undefined;
  belonging?: Belonging | null | undefined;
  favours?: Favours | null | undefined;
}

export interface CheckinInput {
  wave: Wave;
  /** true: the member declines this check-in as a whole (no answers are kept). */
  decline?: boolean | undefined;
  /** The member agrees that their answers are kept (opt-in): needed to answer. */
  consent?: boolean | undefined;
  help?: CheckinHelp | undefined;
  answers?: Answers | undefined;
}

const field = (path: string, message: string): FieldError => ({ path: `/body/${path}`, message });
const invalid = (fields: FieldError[]) => new DomainError('validation_failed', fields.map((f) => f.message).join('; '), { fields });

function answerColumns(a: Answers) {
  return {
    life_satisfaction: a.lifeSatisfaction ?? null,
    worthwhile: a.worthwhile ?? null,
    happiness: a.happiness ?? null,
    anxiety: a.anxiety ?? null,
    lonely_direct: a.lonelyDirect ?? null,
    lack_companionship: a.lackCompanionship ?? null,
    left_out: a.leftOut ?? null,
    isolated: a.isolated ?? null,
    belonging: a.belonging ?? null,
    favours: a.favours ?? null,
  };
}

function checkInput(input: CheckinInput): ReturnType<typeof answerColumns> {
  const cols = answerColumns(input.answers ?? {});
  const answered = Object.values(cols).some((v) => v !== null);
  if (input.decline) {
    if (answered || input.help) throw invalid([field('decline', 'a declined check-in keeps no answers')]);
    return cols;
  }
  const fields: FieldError[] = [];
  if (input.consent !== true) fields.push(field('consent', 'the member agrees that the answers are kept, or declines'));
  if (!input.help) fields.push(field('help', 'say whether the member answered alone, with help, or by a proxy'));
  if (!answered) fields.push(field('answers', 'answer at least one question, or decline the check-in'));
  if (fields.length) throw invalid(fields);
  return cols;
}

export function createWellbeing({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  const today = () => isoDay(clock.now());

  /** A member's check-ins and the wave open for them now: the member and staff of their timebank. */
  async function ofMember(p: Principal, timebankId: string, memberId: string) {
    const { member, resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'wellbeing.read', resource);
    const [rows, name] = await Promise.all([q.checkinsOfPerson(db, p.networkId, member.person_id, [timebankId]), q.displayName(db, p.networkId, member.person_id)]);
    const done = new Set(rows.map((r) => r.wave));
    return { member, name, checkins: rows, open: openWave(member.joined_on, today(), done) };
  }

  async function record(p: Principal, actor: Actor, timebankId: string, memberId: string, input: CheckinInput) {
    const { member, resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'wellbeing.answer', resource);
    if (member.status !== 'active' && member.status !== 'paused') {
      throw new DomainError('member_not_active', `the member is ${member.status}`, { fields: [field('memberId', `the member is ${member.status}`)] });
    }
    const cols = checkInput(input);
    if (!member.joined_on) throw new DomainError('checkin_not_due', 'the member has no joining day yet', { fields: [field('wave', 'no joining day')] });
    const w = waveWindow(member.joined_on, input.wave);
    if (!isOpen(w, today())) {
      throw new DomainError('checkin_not_due', `the ${input.wave} check-in is open from ${w.opensOn} to ${w.closesOn}`, { fields: [field('wave', `open from ${w.opensOn} to ${w.closesOn}`)] });
    }
    const done = await q.wavesDone(db, p.networkId, memberId);
    if (done.some((d) => d.wave === input.wave)) throw new DomainError('conflict', `the ${input.wave} check-in is already done`, { fields: [field('wave', 'already done')] });
    const id = newId();
    const recorder = actor.personId ?? p.personId;
    const signpost = !input.decline && needsSignposting(cols);
    await db.transaction().execute(async (tx) => {
      await q.insertCheckin(tx, {
        network_id: p.networkId,
        id,
        timebank_id: timebankId,
        member_id: memberId,
        person_id: member.person_id,
        wave: input.wave,
        status: input.decline ? 'declined' : 'answered',
        instrument_version: INSTRUMENT_VERSION,
        answered_on: today(),
        method: recorder === member.person_id ? 'online' : 'call',
        help: input.decline ? null : (input.help ?? null),
        ...cols,
        recorded_at: clock.now(),
        recorded_by_person_id: recorder,
      });
      // The audit record names the check-in, never an answer.
      const forMember = recorder === member.person_id ? actor : { ...actor, onBehalfOfPersonId: member.person_id };
      await recordAudit(tx, forMember, {
        action: input.decline ? 'wellbeing.decline' : 'wellbeing.checkin',
        subjectType: 'person',
        subjectId: member.person_id,
        timebankId,
        detail: { checkinId: id, wave: input.wave, help: input.help ?? null },
      });
      if (signpost) {
        await enqueueNotification(tx, {
          networkId: p.networkId,
          kind: 'wellbeing_signpost',
          recipient: { brokersOf: timebankId },
          payload: { personName: await q.displayName(tx, p.networkId, member.person_id), memberId },
          timebankId,
          at: clock.now(),
        });
      }
    });
    return { id, wave: input.wave, status: input.decline ? ('declined' as const) : ('answered' as const), signpost };
  }

  /** Who is due which check-in now, and the answers waiting for a broker to offer signposting. */
  async function due(p: Principal, timebankId: string) {
    authorize(p, 'wellbeing.due', await timebankResource(db, p, timebankId));
    const [rows, signposts] = await Promise.all([q.membersForSchedule(db, p.networkId, timebankId), q.signpostsOpen(db, p.networkId, timebankId)]);
    const byMember = new Map<string, { row: (typeof rows)[number]; done: Set<Wave> }>();
    for (const r of rows) {
      const m = byMember.get(r.member_id) ?? { row: r, done: new Set<Wave>() };
      if (r.wave) m.done.add(r.wave);
      byMember.set(r.member_id, m);
    }
    const t = today();
    const items = [...byMember.values()].flatMap(({ row, done }) => {
      const w = openWave(row.joined_on, t, done);
      return w ? [{ memberId: row.member_id, personId: row.person_id, name: row.display_name, phone: row.phone, online: row.email !== null, ...w }] : [];
    });
    items.sort((a, b) => a.closesOn.localeCompare(b.closesOn) || a.name.localeCompare(b.name));
    return { today: t, items, signposts };
  }

  /** A broker records that they offered signposting (and what the member said). */
  async function signposting(p: Principal, actor: Actor, timebankId: string, checkinId: string, outcome: SignpostingOutcome) {
    await timebankResource(db, p, timebankId);
    const c = await q.findCheckin(db, p.networkId, timebankId, checkinId);
    if (!c) throw notFound('check-in');
    authorize(p, 'wellbeing.due', { type: 'timebank', networkId: p.networkId, timebankId });
    if (!c.signpost) throw new DomainError('conflict', 'this check-in does not ask for signposting', { fields: [field('outcome', 'no signposting asked')] });
    if (c.signposting_at) throw new DomainError('conflict', 'signposting is already recorded', { fields: [field('outcome', 'already recorded')] });
    await db.transaction().execute(async (tx) => {
      await q.recordSignposting(tx, p.networkId, checkinId, { at: clock.now(), by: p.personId, outcome });
      await recordAudit(tx, { ...actor, onBehalfOfPersonId: actor.onBehalfOfPersonId ?? c.person_id }, {
        action: 'wellbeing.signposting',
        subjectType: 'person',
        subjectId: c.person_id,
        timebankId,
        detail: { checkinId, outcome },
      });
    });
    return { id: checkinId, outcome };
  }

  async function reportScope(p: Principal, timebankId: string | null) {
    authorize(p, 'report.read', timebankId ? await timebankResource(db, p, timebankId) : { type: 'network', networkId: p.networkId });
  }

  /** The paired change report: aggregates only, small numbers suppressed. */
  async function paired(p: Principal, timebankId: string | null, after: Exclude<Wave, 'joining'>) {
    await reportScope(p, timebankId);
    const pairs = toPairs(await q.pairs(db, p.networkId, timebankId, after));
    return {
      before: 'joining' as const,
      after,
      threshold: WELLBEING_THRESHOLD,
      method: DISCLOSURE_METHOD,
      ...pairedChange(pairs),
      benchmark: { ...latestBenchmark(), reference: true as const },
      benchmarks: ONS_UK_BENCHMARKS,
    };
  }

  /** The exact life satisfaction change behind the WELLBY engine (the social value module). */
  async function lifeSatisfactionSums(p: Principal, timebankId: string | null, after: Exclude<Wave, 'joining'>) {
    await reportScope(p, timebankId);
    return numericSums(toPairs(await q.pairs(db, p.networkId, timebankId, after)), 'life_satisfaction');
  }

  return { ofMember, record, due, signposting, paired, lifeSatisfactionSums, waves: WAVES, followUps: FOLLOW_UPS };
}

export type Wellbeing = ReturnType<typeof createWellbeing>;
