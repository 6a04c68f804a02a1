// A member's profile in one timebank: what they offer and would like help with, skills,
// interests, gifts of the head, hands and heart (categories with short free text beside),
// languages and areas. The member edits their own; a broker or coordinator of the timebank
// edits for them, recorded as done on the member's behalf.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { DomainError, type FieldError, notFound } from '../../lib/errors.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { type CategoryLocale, categoriesFor } from '../categories/service.ts';
import { authorize } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import * as q from './queries.ts';
import { PROFILE_KINDS, type ProfileKind } from './tables.ts';

export interface ProfileSectionInput {
  categories: string[];
  text?: string | null | undefined;
}

export type ProfileInput = Partial<Record<ProfileKind, ProfileSectionInput>> & {
  languages: string[];
  areaIds: string[];
  directoryOptOut: boolean;
};

export interface ProfileView {
  memberId: string;
  personId: string;
  displayName: string;
  timebankId: string;
  languages: string[];
  areas: { id: string; name: string }[];
  directoryOptOut: boolean;
  updatedAt: string | null;
  sections: Record<ProfileKind, { categories: { slug: string; name: string }[]; text: string | null }>;
}

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

export function createProfiles({ db }: { db: Kysely<DB> }) {
  /** The member and the person resource the policy decides on; another timebank's member is not found. */
  async function memberFor(p: Principal, timebankId: string, memberId: string) {
    await timebankResource(db, p, timebankId);
    const member = await q.memberById(db, p.networkId, timebankId, memberId);
    if (!member) throw notFound('member');
    const resource = { type: 'person' as const, networkId: p.networkId, personId: member.person_id, timebankIds: [timebankId] };
    return { member, resource };
  }

  async function get(p: Principal, timebankId: string, memberId: string, locale: CategoryLocale): Promise<ProfileView> {
    const { member, resource } = await memberFor(p, timebankId, memberId);
    authorize(p, 'person.read', resource);
    return view(p.networkId, member, locale);
  }

  async function view(networkId: string, member: NonNullable<Awaited<ReturnType<typeof q.memberById>>>, locale: CategoryLocale): Promise<ProfileView> {
    const [{ row, categories, areas }, tree] = await Promise.all([
      q.loadProfile(db, networkId, member.id),
      categoriesFor(db, networkId, member.timebank_id, locale, { includeHidden: true }),
    ]);
    const names = new Map(tree.flatMap((t) => [[t.slug, t.name] as const, ...t.subs.map((s) => [s.slug, s.name] as const)]));
    const sections = {} as ProfileView['sections'];
    for (const kind of PROFILE_KINDS) {
      sections[kind] = {
        categories: categories.filter((c) => c.kind === kind).map((c) => ({ slug: c.category_slug, name: names.get(c.category_slug) ?? c.category_slug })),
        text: row?.[`${kind}_text`] ?? null,
      };
    }
    return {
      memberId: member.id,
      personId: member.person_id,
      displayName: member.display_name,
      timebankId: member.timebank_id,
      languages: row?.languages ?? [],
      areas,
      directoryOptOut: row?.directory_opt_out ?? false,
      updatedAt: row?.updated_at.toISOString() ?? null,
      sections,
    };
  }

  /** Every category and area must be this timebank's: the first bad one of each list is named by its path. */
  async function checkReferences(networkId: string, timebankId: string, input: ProfileInput): Promise<void> {
    const fields: FieldError[] = [];
    const tree = await categoriesFor(db, networkId, timebankId, 'en');
    const known = new Set(tree.flatMap((t) => [t.slug, ...t.subs.map((s) => s.slug)]));
    for (const kind of PROFILE_KINDS) {
      (input[kind]?.categories ?? []).forEach((slug, i) => {
        if (!known.has(slug)) fields.push({ path: `/body/${kind}/categories/${i}`, message: 'not a category of this timebank' });
      });
    }
    const found = new Set((await q.areasIn(db, networkId, timebankId, input.areaIds)).map((a) => a.id));
    input.areaIds.forEach((id, i) => {
      if (!found.has(id)) fields.push({ path: `/body/areaIds/${i}`, message: 'not an area of this timebank' });
    });
    if (fields.length) throw new DomainError('validation_failed', 'some categories or areas are not of this timebank', { fields });
  }

  async function save(p: Principal, actor: Actor, timebankId: string, memberId: string, input: ProfileInput, locale: CategoryLocale) {
    const { member, resource } = await memberFor(p, timebankId, memberId);
    authorize(p, 'person.update', resource);
    await checkReferences(p.networkId, timebankId, input);
    const texts = {} as Record<ProfileKind, string | null>;
    const categories: { kind: ProfileKind; slug: string }[] = [];
    for (const kind of PROFILE_KINDS) {
      texts[kind] = input[kind]?.text?.trim() || null;
      for (const slug of unique(input[kind]?.categories ?? [])) categories.push({ kind, slug });
    }
    // A broker editing on a phone call is recorded as acting for the member even without acting-for.
    const by: Actor = actor.personId === member.person_id ? actor : { ...actor, onBehalfOfPersonId: member.person_id };
    await db.transaction().execute(async (tx) => {
      await q.saveProfile(tx, {
        networkId: p.networkId,
        memberId,
        languages: unique(input.languages),
        texts,
        categories,
        areaIds: unique(input.areaIds),
        directoryOptOut: input.directoryOptOut,
        by: p.personId,
      });
      await recordAudit(tx, by, {
        action: 'profile.update',
        subjectType: 'person',
        subjectId: member.person_id,
        timebankId,
        detail: { memberId, categories: categories.length, areas: input.areaIds.length, directoryOptOut: input.directoryOptOut },
      });
    });
    return view(p.networkId, member, locale);
  }

  /** The membership of a person in a timebank (for "my profile"): themself, or the member a broker acts for. */
  async function memberIdOf(p: Principal, timebankId: string, personId: string): Promise<string> {
    await timebankResource(db, p, timebankId);
    const member = await q.memberByPerson(db, p.networkId, timebankId, personId);
    if (!member) throw notFound('member');
    authorize(p, 'person.read', { type: 'person', networkId: p.networkId, personId, timebankIds: [timebankId] });
    return member.id;
  }

  return { get, save, memberIdOf };
}

export type Profiles = ReturnType<typeof createProfiles>;
