// Restrictions (set by brokers), preferences (set by members, or by a broker for them) and
// availability (weekly windows, and a pause until a date through the people status rules).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, type FieldError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import { type Actor, recordAudit, systemActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import type { People } from '../people/service.ts';
import { authorize } from '../policy/policy.ts';
import { isoDay, memberSubject } from '../safeguarding/subject.ts';
import * as q from './queries.ts';
import type { DayPart, RestrictionKind } from './tables.ts';
import { serializeOn } from '../../db/serialize.ts';

export const RESTRICTION_KINDS = ['no_home_visits', 'two_person_visits', 'no_hospital_appointments', 'only_met_before'] as const satisfies readonly RestrictionKind[];
export const DAY_PARTS = ['morning', 'afternoon', 'evening'] as const satisfies readonly DayPart[];
/** ISO weekdays, Monday first. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export interface PreferenceInput {
  weekendOnly: boolean;
  timesOfDay: DayPart[];
  areaIds: string[];
  languages: string[];
}

/** A write about a member is attributed to the actor, on behalf of the member when it is not themself. */
const forMember = (actor: Actor, personId: string): Actor =>
  actor.personId === personId ? actor : { ...actor, onBehalfOfPersonId: personId };

/** BCP 47 tags in their canonical form, or the field errors of those that are not tags. */
export function canonicalLanguages(tags: string[]): { tags: string[]; errors: FieldError[] } {
  const out: string[] = [];
  const errors: FieldError[] = [];
  tags.forEach((tag, i) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical && !out.includes(canonical)) out.push(canonical);
    } catch {
      errors.push({ path: `/body/languages/${i}`, message: 'not a BCP 47 language tag (such as en, gd, pl or pt-BR)' });
    }
  });
  return { tags: out, errors };
}

export function createPreferences({ db, clock, log, people }: { db: Kysely<DB>; clock: Clock; log: Logger; people: People }) {
  async function restrictionsFor(p: Principal, timebankId: string, memberId: string) {
    const { resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'person.read', resource);
    return q.restrictions(db, p.networkId, memberId);
  }

  /** Sets which restrictions hold; those kept keep who set them and when. */
  async function setRestrictions(p: Principal, actor: Actor, timebankId: string, memberId: string, input: { kinds: RestrictionKind[]; note: string | null }) {
    const { member, resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'restriction.write', resource);
    const wanted = new Set<RestrictionKind>(input.kinds.filter((k) => k !== 'note'));
    if (input.note) wanted.add('note');
    return db.transaction().execute(async (tx) => {
      await serializeOn(tx, 'member-restrictions', p.networkId, memberId);
      const held = await q.restrictions(tx, p.networkId, memberId);
      const heldNote = held.find((r) => r.kind === 'note')?.note ?? null;
      const noteChanged = heldNote !== input.note;
      const removed = held.map((r) => r.kind).filter((k) => !wanted.has(k) || (k === 'note' && noteChanged));
      const added = [...wanted].filter((k) => !held.some((r) => r.kind === k) || removed.includes(k));
      await q.deleteRestrictions(tx, p.networkId, memberId, removed);
      await q.insertRestrictions(tx, p.networkId, memberId, added.map((kind) => ({ kind, note: kind === 'note' ? input.note : null })), actor.personId, clock.now());
      await recordAudit(tx, forMember(actor, member.person_id), {
        action: 'member.restrictions',
        subjectType: 'person',
        subjectId: member.person_id,
        timebankId,
        detail: { memberId, added, removed },
      });
      return q.restrictions(tx, p.networkId, memberId);
    });
  }

  async function preferencesFor(p: Principal, timebankId: string, memberId: string) {
    const { resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'person.read', resource);
    return preferencesOf(db, p.networkId, memberId);
  }

  async function setPreferences(p: Principal, actor: Actor, timebankId: string, memberId: string, input: PreferenceInput) {
    const { member, resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'preference.write', resource);
    const langs = canonicalLanguages(input.languages);
    const known = new Set((await q.areasOfTimebank(db, p.networkId, timebankId)).map((a) => a.id));
    const fields = [
      ...input.areaIds.flatMap((id, i) => (known.has(id) ? [] : [{ path: `/body/areaIds/${i}`, message: 'not an area of this timebank' }])),
      ...langs.errors,
    ];
    if (fields.length) throw new DomainError('validation_failed', fields[0]!.message, { fields });
    const by = forMember(actor, member.person_id);
    await db.transaction().execute(async (tx) => {
      await serializeOn(tx, 'member-preferences', p.networkId, memberId);
      await q.savePreference(tx, {
        networkId: p.networkId,
        memberId,
        weekendOnly: input.weekendOnly,
        timesOfDay: DAY_PARTS.filter((d) => input.timesOfDay.includes(d)),
        languages: langs.tags,
        areaIds: [...new Set(input.areaIds)],
        by: by.personId,
        onBehalfOf: by.onBehalfOfPersonId,
        at: clock.now(),
      });
      await recordAudit(tx, by, { action: 'member.preferences', subjectType: 'person', subjectId: member.person_id, timebankId, detail: { memberId } });
    });
    return preferencesOf(db, p.networkId, memberId);
  }

  async function availabilityFor(p: Principal, timebankId: string, memberId: string) {
    const { resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'person.read', resource);
    return availabilityOf(db, p.networkId, memberId);
  }

  async function setWindows(p: Principal, actor: Actor, timebankId: string, memberId: string, windows: { weekday: number; part: DayPart }[]) {
    const { member, resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'preference.write', resource);
    const unique = [...new Map(windows.map((w) => [`${w.weekday}:${w.part}`, w])).values()];
    await db.transaction().execute(async (tx) => {
      await serializeOn(tx, 'member-availability', p.networkId, memberId);
      await q.replaceWindows(tx, p.networkId, memberId, unique);
      await recordAudit(tx, forMember(actor, member.person_id), {
        action: 'member.availability',
        subjectType: 'person',
        subjectId: member.person_id,
        timebankId,
        detail: { memberId, windows: unique.length },
      });
    });
    return availabilityOf(db, p.networkId, memberId);
  }

  /** "Away on holiday": the membership becomes paused until the day, by the people status rules. */
  async function pause(p: Principal, actor: Actor, timebankId: string, memberId: string, until: string) {
    const { member, resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'preference.write', resource);
    await people.applyStatus(forMember(actor, member.person_id), timebankId, memberId, { status: 'paused', pausedUntil: until });
    return availabilityOf(db, p.networkId, memberId);
  }

  /** Back early: a paused membership becomes active again. */
  async function resume(p: Principal, actor: Actor, timebankId: string, memberId: string) {
    const { member, resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'preference.write', resource);
    if (member.status !== 'paused') {
      throw new DomainError('not_paused', 'the member is not paused', { fields: [{ path: '/params/memberId', message: 'not paused' }] });
    }
    await people.applyStatus(forMember(actor, member.person_id), timebankId, memberId, { status: 'active' });
    return availabilityOf(db, p.networkId, memberId);
  }

  /** The server's sweep: pauses whose last day has passed become active again. */
  async function resumeEndedPauses(): Promise<number> {
    const due = await q.endedPauses(db, isoDay(clock.now()));
    let resumed = 0;
    for (const m of due) {
      try {
        await people.applyStatus(systemActor(m.network_id), m.timebank_id, m.id, { status: 'active' });
        resumed += 1;
      } catch (err) {
        log.warn({ err, memberId: m.id }, 'resuming an ended pause failed');
      }
    }
    return resumed;
  }

  return { restrictionsFor, setRestrictions, preferencesFor, setPreferences, availabilityFor, setWindows, pause, resume, resumeEndedPauses };
}

export type Preferences = ReturnType<typeof createPreferences>;

// Query functions for the matching engine: no principal, no audit; callers in the network only.

/** A member's restrictions: the kinds that hold, and the broker's note. */
export async function restrictionsOf(db: Kysely<DB>, networkId: string, memberId: string) {
  const rows = await q.restrictions(db, networkId, memberId);
  return { kinds: rows.map((r) => r.kind).filter((k) => k !== 'note'), note: rows.find((r) => r.kind === 'note')?.note ?? null, rows };
}

/** A member's preferences (defaults when none were ever set). */
export async function preferencesOf(db: Kysely<DB>, networkId: string, memberId: string) {
  const [row, areas] = await Promise.all([q.preference(db, networkId, memberId), q.preferenceAreas(db, networkId, memberId)]);
  return {
    weekendOnly: row?.weekend_only ?? false,
    timesOfDay: (row?.times_of_day ?? []) as DayPart[],
    languages: (row?.languages ?? []) as string[],
    areas,
    updatedAt: row?.updated_at ?? null,
    updatedByName: row?.updated_by_name ?? null,
    onBehalfOfPersonId: row?.on_behalf_of_person_id ?? null,
  };
}

/**
 * A member's availability: their status, the last day of a pause, and their weekly windows.
 * Ask `availableOn` / `isAvailableAt` about a given day.
 */
export async function availabilityOf(db: Kysely<DB>, networkId: string, memberId: string) {
  const [member, windows] = await Promise.all([q.memberStatus(db, networkId, memberId), q.windows(db, networkId, memberId)]);
  const status = member?.status ?? null;
  return { status, pausedUntil: status === 'paused' ? (member?.paused_until ?? null) : null, windows };
}

export type Availability = Awaited<ReturnType<typeof availabilityOf>>;

/**
 * Is the member available at all on the day (YYYY-MM-DD)? Active, or paused with the pause's
 * last day (paused_until) already past: from the day after it they count as available, even
 * before the server's sweep has set the status back to active.
 */
export function availableOn(a: Availability, day: string): boolean {
  return a.status === 'active' || (a.status === 'paused' && a.pausedUntil !== null && a.pausedUntil < day);
}

/** Is the member available at this part of this day? */
export function isAvailableAt(a: Availability, day: string, part: DayPart): boolean {
  const weekday = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  return availableOn(a, day) && a.windows.some((w) => w.weekday === weekday && w.part === part);
}
