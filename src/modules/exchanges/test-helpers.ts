// What the exchange tests share: a server on a manual clock with North and South linked and
// their ledgers open, listings written straight into the table (so a test can make one the
// listings module would refuse, such as one already expired), signed-in clients, and small readers of what was written.
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { addPerson, createWorld, memberIdOf, type PersonFixture, type World } from '../../../test/support/fixtures.ts';
import { Client, type Response, startTestServer, type TestServer } from '../../../test/support/http.ts';
import type { DB } from '../../db/schema.ts';
import { ManualClock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import { systemActor } from '../audit/record.ts';
import { createLedger, type Ledger } from '../ledger/service.ts';
import type { ListingKind, ListingMode } from '../listings/tables.ts';

/** The tests' today: a Thursday. */
export const NOW = new Date('2026-01-15T10:00:00Z');

export interface ExchangeWorld {
  server: TestServer;
  db: Kysely<DB>;
  clock: ManualClock;
  ledger: Ledger;
  world: World;
  /** Members of North: Mary (asks), Nina and Ned (give); Sam of South. */
  mary: PersonFixture & { memberId: string };
  nina: PersonFixture & { memberId: string };
  ned: PersonFixture & { memberId: string };
  sam: PersonFixture & { memberId: string };
  broker: PersonFixture;
}

export async function exchangeWorld(): Promise<ExchangeWorld> {
  const clock = new ManualClock(NOW);
  // The tests move the clock by weeks: sessions last long enough not to end on the way.
  const server = await startTestServer({ clock, config: { trustProxy: true, sessionIdleMinutes: 60 * 24 * 400, sessionAbsoluteHours: 24 * 400 } });
  const db = server.database.db;
  const world = await createWorld(db);
  const ledger = createLedger({ db, clock, log: silentLogger });
  const actor = systemActor(world.networkA);
  await ledger.openTimebank(actor, { timebankId: world.north, settings: { balanceMinutesMin: -6000 } });
  await ledger.openTimebank(actor, { timebankId: world.south, settings: { balanceMinutesMin: -6000 } });
  await ledger.linkTimebanks(actor, { timebankIds: [world.north, world.south], clearingLimitMinutes: 6000 });
  const withMember = async (p: PersonFixture, tb: string) => ({ ...p, memberId: await memberIdOf(db, p.id, tb) });
  const nina = await addPerson(db, world.networkA, { name: 'Nina Giver', timebankId: world.north });
  const ned = await addPerson(db, world.networkA, { name: 'Ned Giver', timebankId: world.north });
  return {
    server,
    db,
    clock,
    ledger,
    world,
    mary: await withMember(world.member, world.north),
    nina: await withMember(nina, world.north),
    ned: await withMember(ned, world.north),
    sam: await withMember(world.southMember, world.south),
    broker: world.brokerNorth,
  };
}

let addressCount = 0;

/** A client signed in as the person (each from its own address, so sign-in limits never bite). */
export async function signedIn(w: ExchangeWorld, person: PersonFixture): Promise<Client> {
  addressCount++;
  const c = new Client(w.server.url, { 'x-forwarded-for': `10.1.${addressCount >> 8}.${addressCount & 255}` });
  expect((await c.signIn(person.email!)).status).toBe(200);
  return c;
}

/** A listing written straight into the table: a member's, or (with organisationId, posted by
 * postedBy) an organisation's. */
export async function insertListing(
  w: ExchangeWorld,
  o: { memberId: string; organisationId?: string; timebankId?: string; kind?: ListingKind; mode?: ListingMode; checkNeeded?: boolean; visibility?: 'timebank' | 'network'; status?: 'open' | 'closed'; expiresOn?: string; title?: string },
): Promise<string> {
  const id = newId();
  const member = await w.db.selectFrom('member').where('id', '=', o.memberId).select(['person_id', 'timebank_id']).executeTakeFirstOrThrow();
  await w.db
    .insertInto('listing')
    .values({
      network_id: w.world.networkA,
      id,
      timebank_id: o.timebankId ?? member.timebank_id,
      kind: o.kind ?? 'request',
      member_id: o.organisationId ? null : o.memberId,
      organisation_id: o.organisationId ?? null,
      title: o.title ?? 'Bedding changed',
      category_slug: 'home-garden',
      mode: o.mode ?? 'home',
      check_needed: o.checkNeeded ?? false,
      visibility: o.visibility ?? 'timebank',
      status: o.status ?? 'open',
      closed_at: o.status === 'closed' ? NOW : null,
      expires_on: o.expiresOn ?? '2026-04-15',
      created_by_person_id: member.person_id,
    })
    .execute();
  return id;
}

/** The agreement most tests use: next Tuesday 10:00 for an hour, at Mary's. */
export const AGREE = { date: '2026-01-20', time: '10:00', durationMinutes: 60, place: "Mary's house" };

/** Proposes (as the client) and returns the exchange's id. */
export async function propose(c: Client, listingId: string, receiverMemberId: string, giverMemberIds: string[]): Promise<string> {
  const r = await c.post('/api/v1/exchanges', { listingId, receiverMemberId, giverMemberIds });
  expect(r.status, r.text).toBe(201);
  return r.body.id as string;
}

export async function agreed(c: Client, id: string, body: Record<string, unknown> = AGREE) {
  const r = await c.post(`/api/v1/exchanges/${id}/agree`, body);
  expect(r.status, r.text).toBe(200);
  return r.body as { occurrences: { id: string; startsAt: string; state: string }[] };
}

/** Rows of a table (by the network), for "nothing was written". */
export async function count(w: ExchangeWorld, table: 'exchange_event' | 'transfer' | 'exchange_occurrence' | 'notification' | 'exchange_hours' | 'thank_you') {
  const r = await w.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export function expectProblem(r: Response<unknown>, status: number, code: string, path?: string) {
  expect(r.status, r.text).toBe(status);
  expect(r.headers.get('content-type')).toContain('problem+json');
  const body = r.body as { code: string; errors?: { path: string }[] };
  expect(body.code).toBe(code);
  if (path) expect(body.errors?.map((e) => e.path)).toContain(path);
}
