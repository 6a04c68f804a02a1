// Fixtures for the ledger's tests and benchmark: a network with timebanks, people, members
// and organisations written straight to the tables, then the ledger opened over them.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../audit/record.ts';
import type { Ledger } from './service.ts';
import type { LedgerSettingsPatch } from './types.ts';

export interface SeedTimebank {
  id: string;
  slug: string;
  memberIds: string[];
  personIds: string[];
  organisationIds: string[];
}

export interface SeedNetwork {
  networkId: string;
  adminPersonId: string;
  timebanks: SeedTimebank[];
}

export interface SeedOptions {
  timebanks: number;
  membersPerTimebank: number;
  organisationsPerTimebank?: number;
}

const CHUNK = 1000;

async function insertChunked<T>(
  rows: T[],
  insert: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

async function seedTimebank(
  db: Kysely<DB>,
  networkId: string,
  n: number,
  opts: SeedOptions,
): Promise<SeedTimebank> {
  const tb: SeedTimebank = {
    id: newId(),
    slug: `tb-${n}`,
    memberIds: [],
    personIds: [],
    organisationIds: [],
  };
  await db
    .insertInto('timebank')
    .values({ network_id: networkId, id: tb.id, slug: tb.slug, name: `Timebank ${n}` })
    .execute();
  const people = Array.from({ length: opts.membersPerTimebank }, (_, i) => ({
    network_id: networkId,
    id: newId(),
    display_name: `Member ${n}.${i}`,
  }));
  await insertChunked(people, (c) => db.insertInto('person').values(c).execute());
  const members = people.map((p) => ({
    network_id: networkId,
    id: newId(),
    timebank_id: tb.id,
    person_id: p.id,
    status: 'active' as const,
  }));
  await insertChunked(members, (c) => db.insertInto('member').values(c).execute());
  tb.personIds = people.map((p) => p.id);
  tb.memberIds = members.map((m) => m.id);
  for (let i = 0; i < (opts.organisationsPerTimebank ?? 0); i++) {
    const id = newId();
    await db
      .insertInto('organisation')
      .values({
        network_id: networkId,
        id,
        timebank_id: tb.id,
        name: `Organisation ${n}.${i}`,
        kind: 'voluntary',
      })
      .execute();
    tb.organisationIds.push(id);
  }
  return tb;
}

export async function seedNetwork(db: Kysely<DB>, opts: SeedOptions): Promise<SeedNetwork> {
  const networkId = newId();
  await db
    .insertInto('network')
    .values({ id: networkId, slug: `net-${networkId.slice(-12)}`, name: 'Test network' })
    .execute();
  const adminPersonId = newId();
  await db
    .insertInto('person')
    .values({ network_id: networkId, id: adminPersonId, display_name: 'Admin' })
    .execute();
  const timebanks: SeedTimebank[] = [];
  for (let n = 0; n < opts.timebanks; n++)
    timebanks.push(await seedTimebank(db, networkId, n, opts));
  return { networkId, adminPersonId, timebanks };
}

export interface LedgerWorld extends SeedNetwork {
  admin: Actor;
  /** Per timebank: the community pot, member accounts, organisation accounts. */
  accounts: { potId: string; memberIds: string[]; organisationIds: string[] }[];
}

export function actorFor(
  networkId: string,
  personId: string | null,
  onBehalfOfPersonId: string | null = null,
): Actor {
  return { networkId, personId, onBehalfOfPersonId, requestId: null };
}

/** Seeds people, then opens each timebank's ledger and every member and organisation account. */
export async function seedLedger(
  db: Kysely<DB>,
  ledger: Ledger,
  opts: SeedOptions & { settings?: LedgerSettingsPatch },
): Promise<LedgerWorld> {
  const seed = await seedNetwork(db, opts);
  const admin = actorFor(seed.networkId, seed.adminPersonId);
  const accounts: LedgerWorld['accounts'] = [];
  for (const tb of seed.timebanks) {
    const opened = await ledger.openTimebank(admin, { timebankId: tb.id, settings: opts.settings });
    const memberIds: string[] = [];
    for (const memberId of tb.memberIds)
      memberIds.push((await ledger.openMemberAccount(admin, { memberId })).id);
    const organisationIds: string[] = [];
    for (const organisationId of tb.organisationIds) {
      organisationIds.push((await ledger.openOrganisationAccount(admin, { organisationId })).id);
    }
    accounts.push({ potId: opened.communityPotAccountId, memberIds, organisationIds });
  }
  return { ...seed, admin, accounts };
}
