// Listings: offers, requests and things to lend. Posted by a member (or an organisation's
// people), or by a broker for a member who phoned; edited, closed and renewed; lapsing after
// their last day with a reminder before it (the sweep). Followers of the category are told of
// a new listing in the transaction that posts it.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, type FieldError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Logger } from '../../lib/log.ts';
import { type Actor, recordAudit, systemActor } from '../audit/record.ts';
import { type Principal, subjectPersonId } from '../auth/principal.ts';
import { type Category, type CategoryLocale, categoryOf } from '../categories/service.ts';
import { SHIPPED } from '../categories/taxonomy.ts';
import { enqueueNotification } from '../notifications/enqueue.ts';
import { authorize, can, type Resource } from '../policy/policy.ts';
import { canonicalLanguages } from '../preferences/service.ts';
import { timebankResource } from '../tenancy/guard.ts';
import * as q from './queries.ts';
import { addDays, addMonths, ageOn, daysBetween, EXPIRY_DEFAULT_MONTHS, EXPIRY_MAX_MONTHS, isoDay, REMINDER_DAYS } from './rules.ts';
import type { ListingDayPart, ListingKind, ListingMode, ListingVisibility } from './tables.ts';

export type When =
  | { kind: 'one_off'; on: string; part?: ListingDayPart | null | undefined; note?: string | null | undefined }
  | { kind: 'recurring'; weekday: number; everyWeeks: number; part?: ListingDayPart | null | undefined; note?: string | null | undefined }
  | { kind: 'flexible'; part?: ListingDayPart | null | undefined; note?: string | null | undefined };

/** What a listing says; the same for a new one and an edit (an edit gives only what changes). */
export interface ListingFields {
  kind: ListingKind;
  title: string;
  description?: string | undefined;
  categorySlug: string;
  areaId?: string | null | undefined;
  mode: ListingMode;
  when?: When | undefined;
  language?: string | undefined;
  languages?: string[] | undefined;
  visibility?: ListingVisibility | undefined;
  /** true: a check is needed though the category does not say so (brokers and coordinators). */
  checkNeeded?: boolean | undefined;
}

export interface NewListing extends ListingFields {
  /** Last day it stands (default: three months from today). */
  expiresOn?: string | undefined;
  /** For whom: a member of the timebank (default: the signed-in person, or the member acted for)... */
  memberId?: string | undefined;
  /** ...or an organisation of the timebank. */
  organisationId?: string | undefined;
  /** A broker took it on the phone. */
  takenByPhone?: boolean | undefined;
}

export type ListingPatch = Partial<ListingFields>;

const field = (path: string, message: string): FieldError => ({ path: `/body/${path}`, message });
const invalid = (fields: FieldError[]) => new DomainError('validation_failed', fields.map((f) => `${f.path}: ${f.message}`).join('; '), { fields });

/** A write about a member's listing is attributed to the actor, on behalf of the member when it is not themself. */
const forOwner = (actor: Actor, ownerPersonId: string | null): Actor =>
  ownerPersonId && actor.personId !== ownerPersonId ? { ...actor, onBehalfOfPersonId: ownerPersonId } : actor;

const listingResource = (networkId: string, timebankId: string, ownerPersonIds: readonly string[]): Resource => ({
  type: 'listing',
  networkId,
  timebankId,
  ownerPersonIds,
});

export interface ListingView {
  id: string;
  timebankId: string;
  timebankName: string;
  kind: ListingKind;
  memberId: string | null;
  organisationId: string | null;
  /** The member's name, or the organisation's. */
  ownerName: string;
  title: string;
  description: string;
  category: { slug: string; name: string; parentName: string | null; minimumAge: number | null };
  area: { id: string; name: string } | null;
  mode: ListingMode;
  when: When;
  checkNeeded: boolean;
  /** A broker or coordinator said a check is needed (besides the category). */
  checkByBroker: boolean;
  language: string;
  languages: string[];
  visibility: ListingVisibility;
  status: 'open' | 'closed' | 'lapsed';
  expiresOn: string;
  takenByPhone: boolean;
  createdAt: Date;
  /** Who posted it: the owner, or the broker who recorded it for them. */
  createdByName: string;
  createdByOther: boolean;
  renewedAt: Date | null;
  closedAt: Date | null;
  lapsedAt: Date | null;
  /** The signed-in person may edit, close and renew it. */
  canManage: boolean;
}

function whenOf(r: q.ListingRow): When {
  const extra = { part: r.when_part, note: r.when_note };
  if (r.when_kind === 'one_off') return { kind: 'one_off', on: r.when_on!, ...extra };
  if (r.when_kind === 'recurring') return { kind: 'recurring', weekday: r.when_weekday!, everyWeeks: r.when_every_weeks!, ...extra };
  return { kind: 'flexible', ...extra };
}

function whenColumns(w: When) {
  return {
    when_kind: w.kind,
    when_on: w.kind === 'one_off' ? w.on : null,
    when_weekday: w.kind === 'recurring' ? w.weekday : null,
    when_every_weeks: w.kind === 'recurring' ? w.everyWeeks : null,
    when_part: w.part ?? null,
    when_note: w.note?.trim() || null,
  };
}

export function createListings({ db, clock, log }: { db: Kysely<DB>; clock: Clock; log: Logger }) {
  const today = () => isoDay(clock.now());

  /** The category of a new or edited listing: known in the timebank and not hidden there. */
  async function checkCategory(networkId: string, timebankId: string, slug: string): Promise<Category> {
    const c = await categoryOf(db, networkId, timebankId, slug);
    if (!c) throw invalid([field('categorySlug', 'not a category of this timebank')]);
    if (c.hidden) throw invalid([field('categorySlug', 'this category is not in use in this timebank')]);
    return c;
  }

  function checkExpiry(expiresOn: string, path = 'expiresOn'): void {
    const t = today();
    if (expiresOn < t) throw invalid([field(path, 'the day has passed: a listing cannot be already expired')]);
    if (expiresOn > addMonths(t, EXPIRY_MAX_MONTHS)) throw invalid([field(path, `at most ${EXPIRY_MAX_MONTHS} months ahead`)]);
  }

  function checkWhen(w: When, expiresOn: string | null): void {
    if (w.kind !== 'one_off') return;
    if (w.on < today()) throw invalid([field('when/on', 'the day has passed')]);
    if (expiresOn && w.on > expiresOn) throw invalid([field('when/on', 'after the listing lapses: set a later expiry')]);
  }

  /**
   * Whether a check is needed: always when the category says so; besides, when a broker or
   * coordinator said so (checkNeeded: true; false takes their word back). Nobody takes away the
   * category's need, and only staff change the broker's part.
   */
  function checkNeededFor(p: Principal, timebankId: string, c: Category, asked: boolean | undefined, current: { setBy: string | null } | null) {
    const setBy = current?.setBy ?? null;
    if (asked !== undefined && asked !== (setBy !== null)) {
      if (!can(p, 'listing.setCheck', { type: 'timebank', networkId: p.networkId, timebankId })) {
        throw new DomainError('forbidden', 'only a broker or coordinator says a check is needed', { fields: [field('checkNeeded', 'set by a broker or coordinator')] });
      }
    }
    const brokerSays = asked === undefined ? setBy : asked ? (setBy ?? p.personId) : null;
    return { check_needed: c.checkNeeded || brokerSays !== null, check_set_by_person_id: brokerSays };
  }

  async function checkArea(networkId: string, timebankId: string, areaId: string | null | undefined): Promise<void> {
    if (!areaId) return;
    const a = await db.selectFrom('area').where('network_id', '=', networkId).where('timebank_id', '=', timebankId).where('id', '=', areaId).select('id').executeTakeFirst();
    if (!a) throw invalid([field('areaId', 'not an area of this timebank')]);
  }

  function languagesOf(tags: string[] | undefined): string[] {
    const langs = canonicalLanguages(tags ?? []);
    if (langs.errors.length) throw invalid(langs.errors);
    return langs.tags;
  }

  /** The owner of a new listing: a member (the caller, the member acted for, or one named) or an organisation. */
  async function ownerOf(p: Principal, timebankId: string, input: NewListing) {
    if (input.memberId && input.organisationId) throw invalid([field('organisationId', 'a listing is for a member or an organisation, not both')]);
    if (input.organisationId) {
      const org = await q.findOrganisation(db, p.networkId, timebankId, input.organisationId);
      if (!org) throw invalid([field('organisationId', 'not an organisation of this timebank')]);
      const people = await q.ownerPersonIds(db, p.networkId, { memberId: null, organisationId: org.id });
      return { memberId: null, organisationId: org.id, person: null, ownerPersonIds: people, ownerName: org.name };
    }
    const member = input.memberId
      ? await q.findMemberWithPerson(db, p.networkId, timebankId, input.memberId)
      : await q.membershipOf(db, p.networkId, timebankId, subjectPersonId(p));
    if (!member) {
      if (input.memberId) throw invalid([field('memberId', 'not a member of this timebank')]);
      throw new DomainError('forbidden', 'you are not a member of this timebank: only its members post here, or its brokers for them', {
        fields: [field('memberId', 'needed: you are not a member here')],
      });
    }
    return { memberId: member.id, organisationId: null, person: member, ownerPersonIds: [member.person_id], ownerName: member.display_name };
  }

  async function create(p: Principal, actor: Actor, timebankId: string, input: NewListing) {
    await timebankResource(db, p, timebankId);
    const owner = await ownerOf(p, timebankId, input);
    authorize(p, 'listing.manage', listingResource(p.networkId, timebankId, owner.ownerPersonIds));
    const staff = can(p, 'listing.setCheck', { type: 'timebank', networkId: p.networkId, timebankId });
    if (input.takenByPhone && !staff) {
      throw new DomainError('forbidden', 'requests taken by phone are recorded by brokers and coordinators', { fields: [field('takenByPhone', 'brokers and coordinators only')] });
    }
    if (owner.person && owner.person.status !== 'active' && owner.person.status !== 'paused') {
      throw new DomainError('member_not_active', `the member is ${owner.person.status}: only active or paused members post listings`, {
        fields: [field('memberId', `the member is ${owner.person.status}`)],
      });
    }
    const category = await checkCategory(p.networkId, timebankId, input.categorySlug);
    const when: When = input.when ?? { kind: 'flexible' };
    const expiresOn = input.expiresOn ?? (when.kind === 'one_off' && when.on >= today() ? minDay(when.on, addMonths(today(), EXPIRY_MAX_MONTHS)) : addMonths(today(), EXPIRY_DEFAULT_MONTHS));
    checkExpiry(expiresOn);
    checkWhen(when, expiresOn);
    // Whoever gives the help must be old enough for the category: the member who offers.
    if (owner.person && input.kind !== 'request' && category.minimumAge !== null) {
      const age = ageOn(owner.person, today());
      if (age !== null && age < category.minimumAge) {
        throw new DomainError('too_young', `help in this category is given from the age of ${category.minimumAge}`, {
          fields: [field('categorySlug', `from the age of ${category.minimumAge}`)],
        });
      }
    }
    await checkArea(p.networkId, timebankId, input.areaId);
    const check = checkNeededFor(p, timebankId, category, input.checkNeeded, null);
    const id = newId();
    const at = clock.now();
    const values: q.ListingValues = {
      kind: input.kind,
      title: input.title,
      description: input.description ?? '',
      category_slug: category.slug,
      area_id: input.areaId ?? null,
      mode: input.mode,
      ...whenColumns(when),
      ...check,
      language: input.language ?? 'en',
      languages: languagesOf(input.languages),
      visibility: input.visibility ?? 'timebank',
      expires_on: expiresOn,
    };
    const ownerPerson = owner.person?.person_id ?? null;
    await db.transaction().execute(async (tx) => {
      await q.insertListing(tx, {
        ...values,
        network_id: p.networkId,
        id,
        timebank_id: timebankId,
        member_id: owner.memberId,
        organisation_id: owner.organisationId,
        taken_by_phone: input.takenByPhone ?? false,
        created_by_person_id: actor.personId ?? p.personId,
        created_at: at,
      });
      await recordAudit(tx, forOwner(actor, ownerPerson), {
        action: 'listing.create',
        subjectType: 'listing',
        subjectId: id,
        timebankId,
        detail: { kind: input.kind, categorySlug: category.slug, memberId: owner.memberId, organisationId: owner.organisationId, takenByPhone: input.takenByPhone ?? false },
      });
      await tellFollowers(tx, { networkId: p.networkId, timebankId, id, title: input.title, category, visibility: values.visibility, authorName: owner.ownerName, exceptPersonIds: owner.ownerPersonIds, at });
    });
    return get(p, timebankId, id);
  }

  /** Notifications to the followers of the category, in the transaction of the new listing. */
  async function tellFollowers(
    tx: Transaction<DB>,
    l: { networkId: string; timebankId: string; id: string; title: string; category: Category; visibility: ListingVisibility; authorName: string; exceptPersonIds: readonly string[]; at: Date },
  ): Promise<number> {
    const top = l.category.parentSlug ?? l.category.slug;
    const shared = [l.category.slug, top].filter((s) => SHIPPED.has(s));
    const followers = await q.subscribersFor(tx, { networkId: l.networkId, timebankId: l.timebankId, slug: l.category.slug, top, networkVisible: l.visibility === 'network', sharedSlugs: shared });
    let told = 0;
    for (const f of followers) {
      if (l.exceptPersonIds.includes(f.person_id)) continue;
      await enqueueNotification(tx, {
        networkId: l.networkId,
        kind: 'listing_new_in_category',
        recipient: { personId: f.person_id },
        payload: {
          listingTitle: l.title,
          categoryName: f.locale === 'pl' ? l.category.namePl : l.category.nameEn,
          authorName: l.authorName,
          linkPath: `/timebanks/${l.timebankId}/listings/${l.id}`,
        },
        timebankId: l.timebankId,
        at: l.at,
      });
      told++;
    }
    return told;
  }

  /** A listing the caller may manage (or not found: other networks' ids reveal nothing). */
  async function manageable(p: Principal, timebankId: string, listingId: string) {
    await timebankResource(db, p, timebankId);
    const row = await q.findListing(db, p.networkId, listingId);
    if (!row || row.timebank_id !== timebankId) throw notFound('listing');
    const owners = await q.ownerPersonIds(db, p.networkId, { memberId: row.member_id, organisationId: row.organisation_id });
    const resource = listingResource(p.networkId, timebankId, owners);
    if (!can(p, 'listing.manage', resource) && !(await visibleTo(p, row))) throw notFound('listing');
    authorize(p, 'listing.manage', resource);
    return { row, owners };
  }

  async function update(p: Principal, actor: Actor, timebankId: string, listingId: string, patch: ListingPatch) {
    const { row } = await manageable(p, timebankId, listingId);
    if (row.status !== 'open') throw new DomainError('listing_not_open', `the listing is ${row.status}: renew it first`, { fields: [field('status', row.status)] });
    // A category hidden since the listing was posted stays with it; a new one must be in use.
    const category = patch.categorySlug !== undefined ? await checkCategory(p.networkId, timebankId, patch.categorySlug) : await categoryOf(db, p.networkId, timebankId, row.category_slug);
    if (!category) throw invalid([field('categorySlug', 'not a category of this timebank')]);
    const when = patch.when ?? whenOf(row);
    if (patch.when) checkWhen(when, row.expires_on);
    if (patch.areaId !== undefined) await checkArea(p.networkId, timebankId, patch.areaId);
    const check = checkNeededFor(p, timebankId, category, patch.checkNeeded, { setBy: row.check_set_by_person_id });
    const at = clock.now();
    const values = {
      ...(patch.kind ? { kind: patch.kind } : {}),
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      category_slug: category.slug,
      ...(patch.areaId !== undefined ? { area_id: patch.areaId } : {}),
      ...(patch.mode ? { mode: patch.mode } : {}),
      ...whenColumns(when),
      ...check,
      ...(patch.language ? { language: patch.language } : {}),
      ...(patch.languages ? { languages: languagesOf(patch.languages) } : {}),
      ...(patch.visibility ? { visibility: patch.visibility } : {}),
    };
    await db.transaction().execute(async (tx) => {
      await q.updateListing(tx, p.networkId, listingId, { ...values, updated_at: at, updated_by_person_id: actor.personId });
      await recordAudit(tx, forOwner(actor, row.member_person_id), {
        action: 'listing.update',
        subjectType: 'listing',
        subjectId: listingId,
        timebankId,
        detail: { fields: Object.keys(patch) },
      });
    });
    return get(p, timebankId, listingId);
  }

  async function close(p: Principal, actor: Actor, timebankId: string, listingId: string) {
    const { row } = await manageable(p, timebankId, listingId);
    if (row.status === 'closed') throw new DomainError('already_closed', 'the listing is already closed');
    const at = clock.now();
    await db.transaction().execute(async (tx) => {
      await q.setStatus(tx, p.networkId, listingId, { status: 'closed', closed_at: at, closed_by_person_id: actor.personId, updated_at: at, updated_by_person_id: actor.personId });
      await recordAudit(tx, forOwner(actor, row.member_person_id), { action: 'listing.close', subjectType: 'listing', subjectId: listingId, timebankId, detail: { was: row.status } });
    });
    return get(p, timebankId, listingId);
  }

  /** Open again (or still) until a new last day: three months from today unless another is given. */
  async function renew(p: Principal, actor: Actor, timebankId: string, listingId: string, expiresOn?: string) {
    const { row } = await manageable(p, timebankId, listingId);
    if (row.status === 'closed') throw new DomainError('listing_closed', 'a closed listing is not renewed: post a new one');
    const until = expiresOn ?? addMonths(today(), EXPIRY_DEFAULT_MONTHS);
    checkExpiry(until);
    if (row.when_kind === 'one_off' && row.when_on! < today()) {
      throw new DomainError('listing_day_passed', 'its day has passed: post a new listing for another day', { fields: [field('when/on', 'the day has passed')] });
    }
    const at = clock.now();
    await db.transaction().execute(async (tx) => {
      await q.setStatus(tx, p.networkId, listingId, { status: 'open', expires_on: until, renewed_at: at, lapsed_at: null, updated_at: at, updated_by_person_id: actor.personId });
      await recordAudit(tx, forOwner(actor, row.member_person_id), {
        action: 'listing.renew',
        subjectType: 'listing',
        subjectId: listingId,
        timebankId,
        detail: { was: row.status, expiresOn: until },
      });
    });
    return get(p, timebankId, listingId);
  }

  /** May the caller see this listing without managing it? Open, and browsable where it stands. */
  async function visibleTo(p: Principal, row: q.ListingRow): Promise<boolean> {
    if (row.status !== 'open') return false;
    const browse = (timebankId: string) => can(p, 'listing.browse', { type: 'timebank', networkId: p.networkId, timebankId });
    if (browse(row.timebank_id)) return true;
    if (row.visibility !== 'network') return false;
    const own = await db.selectFrom('timebank').where('network_id', '=', p.networkId).select('id').execute();
    return own.some((tb) => browse(tb.id));
  }

  async function get(p: Principal, timebankId: string, listingId: string, locale: CategoryLocale = 'en'): Promise<ListingView> {
    await timebankResource(db, p, timebankId);
    const row = await q.findListing(db, p.networkId, listingId);
    if (!row || row.timebank_id !== timebankId) throw notFound('listing');
    const owners = await q.ownerPersonIds(db, p.networkId, { memberId: row.member_id, organisationId: row.organisation_id });
    const canManage = can(p, 'listing.manage', listingResource(p.networkId, timebankId, owners));
    if (!canManage && !(await visibleTo(p, row))) throw notFound('listing');
    return viewOf(row, canManage, locale);
  }

  async function viewOf(row: q.ListingRow, canManage: boolean, locale: CategoryLocale): Promise<ListingView> {
    const c = await categoryOf(db, row.network_id, row.timebank_id, row.category_slug);
    const parent = c?.parentSlug ? await categoryOf(db, row.network_id, row.timebank_id, c.parentSlug) : null;
    const name = (x: Category | null) => (x ? (locale === 'pl' ? x.namePl : x.nameEn) : row.category_slug);
    return {
      id: row.id,
      timebankId: row.timebank_id,
      timebankName: row.timebank_name,
      kind: row.kind,
      memberId: row.member_id,
      organisationId: row.organisation_id,
      ownerName: row.member_name ?? row.organisation_name ?? '',
      title: row.title,
      description: row.description,
      category: { slug: row.category_slug, name: name(c), parentName: parent ? name(parent) : null, minimumAge: c?.minimumAge ?? null },
      area: row.area_id ? { id: row.area_id, name: row.area_name ?? '' } : null,
      mode: row.mode,
      when: whenOf(row),
      checkNeeded: row.check_needed,
      checkByBroker: row.check_set_by_person_id !== null,
      language: row.language,
      languages: row.languages,
      visibility: row.visibility,
      status: row.status,
      expiresOn: row.expires_on,
      takenByPhone: row.taken_by_phone,
      createdAt: row.created_at,
      createdByName: row.created_by_name,
      createdByOther: row.created_by_person_id !== row.member_person_id,
      renewedAt: row.renewed_at,
      closedAt: row.closed_at,
      lapsedAt: row.lapsed_at,
      canManage,
    };
  }

  /** A member's listings in a timebank (the member, and the timebank's brokers and coordinators). */
  async function ofMember(p: Principal, timebankId: string, memberId: string) {
    await timebankResource(db, p, timebankId);
    const member = await q.findMemberWithPerson(db, p.networkId, timebankId, memberId);
    if (!member) throw notFound('member');
    const resource = listingResource(p.networkId, timebankId, [member.person_id]);
    if (!can(p, 'listing.manage', resource)) throw notFound('member');
    return { member: { id: member.id, name: member.display_name, personId: member.person_id }, items: await q.listingsOf(db, p.networkId, { memberId }) };
  }

  /** The caller's own membership of a timebank (or the member they act for). */
  async function myMemberId(p: Principal, timebankId: string): Promise<string> {
    await timebankResource(db, p, timebankId);
    const m = await q.membershipOf(db, p.networkId, timebankId, subjectPersonId(p));
    if (!m) throw notFound('member');
    return m.id;
  }

  /**
   * The server's sweep: open listings past their last day lapse; owners of those lapsing within
   * REMINDER_DAYS are reminded once for that day (a renewal moves the day: a new reminder).
   */
  async function sweep(): Promise<{ lapsed: number; reminded: number }> {
    const t = today();
    const at = clock.now();
    const lapsed = await db.transaction().execute(async (tx) => {
      const rows = await q.lapseExpired(tx, t, at);
      for (const r of rows) {
        await recordAudit(tx, systemActor(r.network_id), { action: 'listing.lapse', subjectType: 'listing', subjectId: r.id, timebankId: r.timebank_id });
      }
      return rows.length;
    });
    let reminded = 0;
    for (const l of await q.dueReminders(db, t, addDays(t, REMINDER_DAYS), 1000)) {
      try {
        await db.transaction().execute(async (tx) => {
          if (!(await q.markReminded(tx, l.network_id, l.id, l.expires_on))) return;
          const people = await q.ownerPersonIds(tx, l.network_id, { memberId: l.member_id, organisationId: l.organisation_id });
          for (const personId of people) {
            await enqueueNotification(tx, {
              networkId: l.network_id,
              kind: 'listing_lapsing',
              recipient: { personId },
              payload: { listingTitle: l.title, lapsesOn: l.expires_on, daysLeft: daysBetween(t, l.expires_on), linkPath: `/timebanks/${l.timebank_id}/listings/${l.id}` },
              timebankId: l.timebank_id,
              at,
            });
          }
          reminded++;
        });
      } catch (err) {
        log.warn({ err, listingId: l.id }, 'reminding of a lapsing listing failed');
      }
    }
    return { lapsed, reminded };
  }

  return { create, update, close, renew, get, ofMember, myMemberId, sweep, tellFollowers };
}

const minDay = (a: string, b: string) => (a < b ? a : b);

export type Listings = ReturnType<typeof createListings>;
