// The demo network as rows, worked out in memory from a seed: the same seed, scale and day
// give the same network (names, ids, statuses, dates). Writing it is create.ts's job.
import type { Insertable } from 'kysely';
import type { DB, MemberStatus } from '../db/schema.ts';
import {
  AGE_BANDS,
  DEMO_NETWORK,
  DEMO_TIMEBANKS,
  type DemoTimebankSpec,
  FIRST_NAMES,
  generationOf,
  LEAVE_REASONS,
  PAUSE_REASONS,
  POLISH_AGE_BANDS,
  POLISH_FIRST_NAMES,
  POLISH_SURNAMES,
  SURNAMES,
} from './data.ts';
import { createIdSource, createRandom, type Random } from './random.ts';
import { FIXED_ORGANISATION_PEOPLE, FIXED_PEOPLE, type FixedPerson } from './sign-ins.ts';

type Row<T extends keyof DB> = Insertable<DB[T]>;

export interface DemoPlan {
  network: Row<'network'>;
  timebanks: Row<'timebank'>[];
  areas: Row<'area'>[];
  persons: Row<'person'>[];
  members: Row<'member'>[];
  organisations: Row<'organisation'>[];
  organisationPersons: Row<'organisation_person'>[];
  roleGrants: Row<'role_grant'>[];
  signInDirectory: Row<'sign_in_directory'>[];
  /** The persons who get the demo password (the fixed sign-ins). */
  signInPersonIds: string[];
}

export interface PlanOptions {
  seed: number;
  /** 1 is the seed's 1,406 memberships; 0.05 is a small network for tests. */
  scale: number;
  /** The day the demo is made, 'YYYY-MM-DD': ages, join dates and pauses are counted from it. */
  today: string;
}

export const SCALE_MIN = 0.01;
export const SCALE_MAX = 10;
export const EMAIL_DOMAIN = 'demo.timebank.test';
/** The ids' timestamps count up from here (2025-01-01T00:00:00Z). */
const ID_BASE_MS = Date.UTC(2025, 0, 1);

/** A planned person with the facts the later steps choose by. */
interface PlannedPerson {
  row: Row<'person'>;
  age: number;
  memberships: Map<string, Row<'member'>>;
}

interface Ctx {
  random: Random;
  nextId: () => string;
  today: string;
  year: number;
  plan: DemoPlan;
  timebankIds: Map<string, string>;
  areaIds: Map<string, string>;
  emails: Set<string>;
  people: PlannedPerson[];
  /** The fixed people, by display name (random people may share a name with one). */
  fixedByName: Map<string, PlannedPerson>;
}

export function planDemoNetwork(opts: PlanOptions): DemoPlan {
  assertOptions(opts);
  const ctx = newContext(opts);
  planTimebanks(ctx);
  for (const fixed of FIXED_PEOPLE) addFixedPerson(ctx, fixed);
  for (const spec of DEMO_TIMEBANKS) fillTimebank(ctx, spec, targetMembers(spec, opts.scale));
  noteWhoRegisteredPeopleWithoutEmail(ctx);
  planOrganisations(ctx);
  finish(ctx);
  return ctx.plan;
}

function assertOptions(opts: PlanOptions): void {
  if (!Number.isSafeInteger(opts.seed)) throw new RangeError('the demo seed must be an integer');
  if (!(opts.scale >= SCALE_MIN && opts.scale <= SCALE_MAX)) {
    throw new RangeError(`the demo scale must be between ${SCALE_MIN} and ${SCALE_MAX}`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) throw new RangeError('today must be YYYY-MM-DD');
}

function newContext(opts: PlanOptions): Ctx {
  const random = createRandom(opts.seed);
  const nextId = createIdSource(createRandom(opts.seed ^ 0x5eed1d), ID_BASE_MS);
  const networkId = nextId();
  return {
    random,
    nextId,
    today: opts.today,
    year: Number(opts.today.slice(0, 4)),
    plan: {
      network: { id: networkId, slug: DEMO_NETWORK.slug, name: DEMO_NETWORK.name, is_demo: true },
      timebanks: [],
      areas: [],
      persons: [],
      members: [],
      organisations: [],
      organisationPersons: [],
      roleGrants: [],
      signInDirectory: [],
      signInPersonIds: [],
    },
    timebankIds: new Map(),
    areaIds: new Map(),
    emails: new Set(),
    people: [],
    fixedByName: new Map(),
  };
}

const networkId = (ctx: Ctx) => ctx.plan.network.id;

function timebankId(ctx: Ctx, slug: string): string {
  const id = ctx.timebankIds.get(slug);
  if (!id) throw new Error(`demo data names an unknown timebank ${slug}`);
  return id;
}

function areaId(ctx: Ctx, slug: string, name: string): string {
  const id = ctx.areaIds.get(`${slug}/${name}`);
  if (!id) throw new Error(`demo data names an unknown area ${slug}/${name}`);
  return id;
}

function planTimebanks(ctx: Ctx): void {
  for (const spec of DEMO_TIMEBANKS) {
    const id = ctx.nextId();
    ctx.timebankIds.set(spec.slug, id);
    // Every demo timebank waives the second factor, and the web says so.
    ctx.plan.timebanks.push({
      network_id: networkId(ctx),
      id,
      slug: spec.slug,
      name: spec.name,
      totp_waived: true,
    });
    for (const [name, kind] of spec.areas) {
      const area = { network_id: networkId(ctx), id: ctx.nextId(), timebank_id: id, name, kind };
      ctx.areaIds.set(`${spec.slug}/${name}`, area.id);
      ctx.plan.areas.push(area);
    }
  }
}

export function targetMembers(spec: DemoTimebankSpec, scale: number): number {
  const fixedHere = FIXED_PEOPLE.filter((p) =>
    p.memberships.some((m) => m.timebankSlug === spec.slug),
  ).length;
  return Math.max(Math.round(spec.members * scale), fixedHere + spec.brokers + 3);
}

// ---- dates ----

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A join date between the timebank's founding and a fortnight ago, more of them recent. */
function joinDate(ctx: Ctx, foundedYear: number): string {
  const start = `${foundedYear}-03-01`;
  const span = Math.max(0, daysBetween(start, addDays(ctx.today, -14)));
  return addDays(start, Math.floor(Math.sqrt(ctx.random.next()) * span));
}

function clampToPast(ctx: Ctx, day: string): string {
  const latest = addDays(ctx.today, -7);
  return day > latest ? latest : day;
}

const noon = (day: string) => `${day}T12:00:00.000Z`;

// ---- people ----

function addPerson(
  ctx: Ctx,
  row: Omit<Row<'person'>, 'network_id' | 'id'>,
  age: number,
): PlannedPerson {
  const person: PlannedPerson = {
    row: { network_id: networkId(ctx), id: ctx.nextId(), ...row },
    age,
    memberships: new Map(),
  };
  if (row.email) ctx.emails.add(row.email);
  ctx.people.push(person);
  return person;
}

function addMembership(
  ctx: Ctx,
  person: PlannedPerson,
  slug: string,
  fields: {
    status: MemberStatus;
    areaId: string;
    joinedOn: string | null;
    reason?: string;
    pausedUntil?: string;
  },
): void {
  if (person.memberships.has(slug))
    throw new Error(`${person.row.display_name} is already a member of ${slug}`);
  const createdOn = fields.joinedOn ?? addDays(ctx.today, -ctx.random.int(1, 40));
  person.memberships.set(slug, {
    network_id: networkId(ctx),
    id: ctx.nextId(),
    timebank_id: timebankId(ctx, slug),
    person_id: person.row.id,
    status: fields.status,
    paused_until: fields.pausedUntil ?? null,
    status_reason: fields.reason ?? null,
    area_id: fields.areaId,
    joined_on: fields.joinedOn,
    created_at: noon(createdOn),
  });
}

function addFixedPerson(ctx: Ctx, fixed: FixedPerson): void {
  const firstJoined = fixed.memberships[0]?.joinedYear;
  const person = addPerson(
    ctx,
    {
      display_name: fixed.displayName,
      email: fixed.email,
      phone: fixed.email ? null : phoneNumber(ctx, 'landline'),
      birth_year: ctx.year - fixed.age,
      locale: fixed.locale,
      created_at: noon(clampToPast(ctx, `${firstJoined ?? ctx.year - 1}-04-15`)),
    },
    fixed.age,
  );
  ctx.fixedByName.set(fixed.displayName, person);
  for (const m of fixed.memberships) {
    addMembership(ctx, person, m.timebankSlug, {
      status: 'active',
      areaId: areaId(ctx, m.timebankSlug, m.areaName),
      joinedOn: clampToPast(ctx, `${m.joinedYear}-04-15`),
    });
  }
  for (const r of fixed.roles) {
    addGrant(ctx, person, r.role, r.timebankSlug);
  }
  if (fixed.signsIn) ctx.plan.signInPersonIds.push(person.row.id);
}

function fillTimebank(ctx: Ctx, spec: DemoTimebankSpec, target: number): void {
  if (spec.neighbourSlug) addNeighbours(ctx, spec, spec.neighbourSlug, target);
  for (const role of missingRoles(ctx, spec)) {
    addGrant(ctx, addRandomMember(ctx, spec, { volunteer: true }), role, spec.slug);
  }
  for (let n = membersOf(ctx, spec.slug); n < target; n++)
    addRandomMember(ctx, spec, { volunteer: false });
}

const membersOf = (ctx: Ctx, slug: string) =>
  ctx.people.filter((p) => p.memberships.has(slug)).length;

/** A few active members of a neighbouring timebank are members here too. */
function addNeighbours(
  ctx: Ctx,
  spec: DemoTimebankSpec,
  neighbourSlug: string,
  target: number,
): void {
  const joiners = ctx.people.filter(
    (p) =>
      p.age >= 18 &&
      p.memberships.get(neighbourSlug)?.status === 'active' &&
      !p.memberships.has(spec.slug),
  );
  const room = Math.max(0, target - membersOf(ctx, spec.slug) - spec.brokers - 1);
  const wanted = Math.min(Math.round(target * 0.015), joiners.length, room);
  for (const person of ctx.random.shuffle(joiners).slice(0, wanted)) {
    addMembership(ctx, person, spec.slug, {
      status: 'active',
      areaId: pickArea(ctx, spec),
      joinedOn: joinDate(ctx, spec.foundedYear),
    });
  }
}

/** One coordinator and the spec's number of brokers, less those the fixed people already hold. */
function missingRoles(ctx: Ctx, spec: DemoTimebankSpec): ('coordinator' | 'broker')[] {
  const id = timebankId(ctx, spec.slug);
  const held = (role: string) =>
    ctx.plan.roleGrants.filter((g) => g.role === role && g.timebank_id === id).length;
  return [
    ...Array<'coordinator'>(Math.max(0, 1 - held('coordinator'))).fill('coordinator'),
    ...Array<'broker'>(Math.max(0, spec.brokers - held('broker'))).fill('broker'),
  ];
}

function pickArea(ctx: Ctx, spec: DemoTimebankSpec): string {
  const name = ctx.random.weighted(spec.areas.map(([n, , weight]) => [n, weight] as const));
  return areaId(ctx, spec.slug, name);
}

/**
 * A member drawn from the seed's mix. A volunteer (who will hold a role) is an active adult
 * who signs in with an email.
 */
function addRandomMember(
  ctx: Ctx,
  spec: DemoTimebankSpec,
  { volunteer }: { volunteer: boolean },
): PlannedPerson {
  const polish = ctx.random.chance(0.035);
  const age = volunteer ? ctx.random.int(25, 72) : pickAge(ctx, polish);
  const female = ctx.random.chance(0.58);
  const [first, last] = polish
    ? polishName(ctx, age, female)
    : scottishName(ctx, spec, age, female);
  const email =
    volunteer || ctx.random.chance(emailChance(age)) ? uniqueEmail(ctx, first, last) : null;
  // Children are reached through a parent, not a phone of their own.
  const hasPhone = age >= 16 && ctx.random.chance(email ? 0.6 : 0.9);
  const unknownAge = !volunteer && age >= 70 && ctx.random.chance(0.03); // "we don't always get people's actual age"
  const status: MemberStatus = volunteer ? 'active' : pickStatus(ctx);
  const joinedOn = status === 'applied' ? null : joinDate(ctx, spec.foundedYear);
  const person = addPerson(
    ctx,
    {
      display_name: `${first} ${last}`,
      email,
      phone: hasPhone ? phoneNumber(ctx, ctx.random.chance(0.5) ? 'landline' : 'mobile') : null,
      birth_year: unknownAge ? null : ctx.year - age,
      locale: polish && ctx.random.chance(0.75) ? 'pl' : 'en',
      created_at: noon(joinedOn ?? addDays(ctx.today, -ctx.random.int(1, 40))),
    },
    age,
  );
  addMembership(ctx, person, spec.slug, {
    status,
    areaId: pickArea(ctx, spec),
    joinedOn,
    ...statusDetail(ctx, status),
  });
  return person;
}

function pickStatus(ctx: Ctx): MemberStatus {
  return ctx.random.weighted<MemberStatus>([
    ['active', 85],
    ['applied', 6],
    ['paused', 5],
    ['left', 4],
  ]);
}

function statusDetail(ctx: Ctx, status: MemberStatus): { reason?: string; pausedUntil?: string } {
  if (status === 'paused') {
    return {
      reason: ctx.random.pick(PAUSE_REASONS),
      pausedUntil: addDays(ctx.today, ctx.random.int(7, 120)),
    };
  }
  if (status === 'left') return { reason: ctx.random.pick(LEAVE_REASONS) };
  return {};
}

function pickAge(ctx: Ctx, polish: boolean): number {
  const [min, max] = ctx.random.weighted(polish ? POLISH_AGE_BANDS : AGE_BANDS);
  return ctx.random.int(min, max);
}

/** Children have no email of their own; fewer of the oldest members use one. */
function emailChance(age: number): number {
  if (age < 16) return 0;
  if (age < 18) return 0.3;
  if (age < 65) return 0.75;
  if (age < 75) return 0.55;
  if (age < 85) return 0.3;
  return 0.1;
}

function scottishName(
  ctx: Ctx,
  spec: DemoTimebankSpec,
  age: number,
  female: boolean,
): [string, string] {
  const names = FIRST_NAMES[generationOf(ctx.year - age)];
  const last = ctx.random.chance(0.3)
    ? ctx.random.pick(spec.localSurnames)
    : ctx.random.pick(SURNAMES);
  return [ctx.random.pick(female ? names.female : names.male), last];
}

function polishName(ctx: Ctx, age: number, female: boolean): [string, string] {
  const names = age < 20 ? POLISH_FIRST_NAMES.young : POLISH_FIRST_NAMES.adult;
  const [his, hers] = ctx.random.pick(POLISH_SURNAMES);
  return [ctx.random.pick(female ? names.female : names.male), female ? hers : his];
}

/** ASCII for the address: Łukasz Wiśniewski -> lukasz.wisniewski@… */
function asciiFold(name: string): string {
  return name
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function uniqueEmail(ctx: Ctx, first: string, last: string): string {
  const local = `${asciiFold(first)}.${asciiFold(last)}`;
  let email = `${local}@${EMAIL_DOMAIN}`;
  for (let n = 2; ctx.emails.has(email); n++) email = `${local}${n}@${EMAIL_DOMAIN}`;
  return email;
}

/** Ofcom's numbers reserved for drama, so no demo number rings a real phone. */
function phoneNumber(ctx: Ctx, kind: 'landline' | 'mobile'): string {
  const tail = String(ctx.random.int(0, 999)).padStart(3, '0');
  return kind === 'landline' ? `01632 960${tail}` : `07700 900${tail}`;
}

// ---- roles, organisations ----

function addGrant(
  ctx: Ctx,
  person: PlannedPerson,
  role: Row<'role_grant'>['role'],
  slug: string | null,
): void {
  ctx.plan.roleGrants.push({
    network_id: networkId(ctx),
    id: ctx.nextId(),
    person_id: person.row.id,
    role,
    timebank_id: slug ? timebankId(ctx, slug) : null,
  });
}

/** People without email were registered by a broker of their first timebank, who acts for them. */
function noteWhoRegisteredPeopleWithoutEmail(ctx: Ctx): void {
  const brokersBy = new Map<string, string[]>();
  for (const g of ctx.plan.roleGrants) {
    if (g.role !== 'broker' || !g.timebank_id) continue;
    brokersBy.set(g.timebank_id, [...(brokersBy.get(g.timebank_id) ?? []), g.person_id]);
  }
  for (const p of ctx.people) {
    if (p.row.email) continue;
    for (const m of p.memberships.values()) {
      const broker = ctx.random.pick(brokersBy.get(m.timebank_id) ?? []);
      m.created_by_person_id = broker;
      p.row.created_by_person_id ??= broker;
    }
  }
}

function planOrganisations(ctx: Ctx): void {
  for (const spec of DEMO_TIMEBANKS) {
    const adults = ctx.people.filter(
      (p) => p.age >= 18 && p.memberships.get(spec.slug)?.status === 'active',
    );
    for (const org of spec.organisations) {
      const id = ctx.nextId();
      ctx.plan.organisations.push({
        network_id: networkId(ctx),
        id,
        timebank_id: timebankId(ctx, spec.slug),
        name: org.name,
        kind: org.kind,
        description: org.description,
      });
      const fixed = FIXED_ORGANISATION_PEOPLE.filter((f) => f.organisation === org.name).map(
        (f) => ctx.fixedByName.get(f.displayName)!,
      );
      const chosen =
        fixed.length > 0 ? fixed : ctx.random.shuffle(adults).slice(0, ctx.random.int(1, 3));
      for (const person of chosen) {
        ctx.plan.organisationPersons.push({
          network_id: networkId(ctx),
          organisation_id: id,
          person_id: person.row.id,
        });
      }
    }
  }
}

function finish(ctx: Ctx): void {
  for (const p of ctx.people) {
    ctx.plan.persons.push(p.row);
    ctx.plan.members.push(...p.memberships.values());
    if (p.row.email) {
      ctx.plan.signInDirectory.push({
        email: p.row.email,
        network_id: networkId(ctx),
        person_id: p.row.id,
      });
    }
  }
}
