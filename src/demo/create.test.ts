import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/db.ts';
import { ManualClock } from '../lib/clock.ts';
import { DomainError } from '../lib/errors.ts';
import { verifyPassword } from '../modules/auth/password.ts';
import { createDemoNetwork, type DemoResult } from './create.ts';
import { DEMO_PASSWORD, DEMO_SIGN_INS } from './sign-ins.ts';

const clock = new ManualClock(new Date('2026-06-01T09:00:00Z'));
// The ledger's history has tests of its own (history.test.ts); these are about the network.
let database: TestDatabase;
let result: DemoResult;
let elapsedMs: number;

beforeAll(async () => {
  database = await freshDatabase();
  const started = performance.now();
  result = await createDemoNetwork(database, { seed: 2005, clock, history: false });
  elapsedMs = performance.now() - started;
});
afterAll(async () => {
  await database.close();
});

const count = async (
  table: 'person' | 'member' | 'sign_in_directory' | 'role_grant' | 'organisation',
) => {
  const row = await database.db
    .selectFrom(table)
    .where('network_id', '=', result.networkId)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

const personNames = () =>
  database.db
    .selectFrom('person')
    .where('network_id', '=', result.networkId)
    .select('display_name')
    .orderBy('id')
    .execute();

describe('createDemoNetwork', () => {
  it('writes the whole network well within 30 seconds', async () => {
    expect(elapsedMs).toBeLessThan(30_000);
    expect(await count('member')).toBe(1406);
    expect(await count('person')).toBe(result.counts.persons);
    expect(await count('sign_in_directory')).toBe(result.counts.signInDirectory);
    expect(await count('role_grant')).toBe(result.counts.roleGrants);
    expect(await count('organisation')).toBe(result.counts.organisations);
    const cowal = await database.db
      .selectFrom('member')
      .innerJoin('timebank', (j) =>
        j
          .onRef('timebank.network_id', '=', 'member.network_id')
          .onRef('timebank.id', '=', 'member.timebank_id'),
      )
      .where('timebank.slug', '=', 'cowal')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(cowal.n)).toBe(235);
  });

  it('marks the network as a demo and waives the second factor in all its timebanks', async () => {
    const network = await database.db
      .selectFrom('network')
      .where('id', '=', result.networkId)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(network).toMatchObject({ slug: 'argyll', is_demo: true });
    const timebanks = await database.db
      .selectFrom('timebank')
      .where('network_id', '=', result.networkId)
      .select('totp_waived')
      .execute();
    expect(timebanks).toHaveLength(7);
    expect(timebanks.every((t) => t.totp_waived)).toBe(true);
  });

  it('lets each fixed sign-in in with the demo password and gives it its role', async () => {
    for (const s of DEMO_SIGN_INS) {
      const person = await database.db
        .selectFrom('sign_in_directory as d')
        .innerJoin('person as p', (j) =>
          j.onRef('p.network_id', '=', 'd.network_id').onRef('p.id', '=', 'd.person_id'),
        )
        .where('d.email', '=', s.email)
        .select(['p.id', 'p.display_name', 'p.password_hash'])
        .executeTakeFirstOrThrow();
      expect(person.display_name).toBe(s.displayName);
      expect(await verifyPassword(person.password_hash!, DEMO_PASSWORD)).toBe(true);
      expect(await verifyPassword(person.password_hash!, 'not-the-password')).toBe(false);
      const grants = await database.db
        .selectFrom('role_grant as g')
        .leftJoin('timebank as t', (j) =>
          j.onRef('t.network_id', '=', 'g.network_id').onRef('t.id', '=', 'g.timebank_id'),
        )
        .where('g.network_id', '=', result.networkId)
        .where('g.person_id', '=', person.id)
        .select(['g.role', 't.slug'])
        .execute();
      expect(grants).toEqual(s.role === 'member' ? [] : [{ role: s.role, slug: s.timebankSlug }]);
    }
  });

  it('gives a password to the fixed sign-ins only', async () => {
    const withPassword = await database.db
      .selectFrom('person')
      .where('network_id', '=', result.networkId)
      .where('password_hash', 'is not', null)
      .select('email')
      .execute();
    expect(withPassword.map((p) => p.email).sort()).toEqual(
      DEMO_SIGN_INS.map((s) => s.email).sort(),
    );
  });

  it('lists the member sign-in in Cowal first and in Bute second', async () => {
    const rows = await database.db
      .selectFrom('member as m')
      .innerJoin('person as p', (j) =>
        j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'),
      )
      .innerJoin('timebank as t', (j) =>
        j.onRef('t.network_id', '=', 'm.network_id').onRef('t.id', '=', 'm.timebank_id'),
      )
      .where('p.email', '=', 'member@demo.timebank.test')
      .select(['t.slug', 'm.status'])
      .orderBy('m.created_at')
      .execute();
    expect(rows).toEqual([
      { slug: 'cowal', status: 'active' },
      { slug: 'bute', status: 'active' },
    ]);
  });

  it('records its creation in the audit log as the system', async () => {
    const events = await database.db
      .selectFrom('audit_event')
      .where('network_id', '=', result.networkId)
      .where('action', '=', 'demo.create')
      .select(['actor_person_id', 'subject_id', 'detail'])
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor_person_id: null,
      subject_id: result.networkId,
      detail: { seed: 2005, scale: 1 },
    });
  });

  it('refuses to run a second time while the demo exists', async () => {
    const again = createDemoNetwork(database, { seed: 2005, clock, history: false });
    await expect(again).rejects.toThrow(DomainError);
    await expect(again).rejects.toMatchObject({
      code: 'demo_exists',
      message: expect.stringMatching(/exists already/),
    });
    expect(await count('member')).toBe(1406);
  });

  it('builds the same network again when told to replace it', async () => {
    const before = await personNames();
    const replaced = await createDemoNetwork(database, {
      seed: 2005,
      clock,
      history: false,
      replace: true,
    });
    expect(replaced.networkId).toBe(result.networkId);
    expect(await personNames()).toEqual(before);
    expect(await count('member')).toBe(1406);
  });

  it('never replaces a network with the demo slug that is not a demo', async () => {
    await sql`update network set is_demo = false where id = ${result.networkId}`.execute(
      database.db,
    );
    try {
      await expect(
        createDemoNetwork(database, { seed: 2005, clock, history: false, replace: true }),
      ).rejects.toThrow(/not a demo/);
    } finally {
      await sql`update network set is_demo = true where id = ${result.networkId}`.execute(
        database.db,
      );
    }
  });

  it('deletes a demo network whole, lifting append-only guards only while it does', async () => {
    await sql`
      create table guarded_history (
        network_id uuid not null references network (id),
        id uuid not null,
        primary key (network_id, id)
      );
      create function guarded_history_append_only() returns trigger language plpgsql as $$
      begin raise exception 'append-only'; end $$;
      create trigger guarded_history_append_only before update or delete on guarded_history
        for each row execute function guarded_history_append_only();`.execute(database.db);
    await sql`insert into guarded_history values (${result.networkId}, gen_random_uuid())`.execute(
      database.db,
    );
    await expect(sql`delete from guarded_history`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );

    await createDemoNetwork(database, { seed: 2005, clock, history: false, replace: true });
    const left = await sql<{ n: number }>`select count(*)::int as n from guarded_history`.execute(
      database.db,
    );
    expect(left.rows[0]!.n).toBe(0);
    const trigger = await sql<{ tgenabled: string }>`
      select tgenabled from pg_trigger where tgname = 'guarded_history_append_only'`.execute(
      database.db,
    );
    expect(trigger.rows).toEqual([{ tgenabled: 'O' }]);
  });
});
