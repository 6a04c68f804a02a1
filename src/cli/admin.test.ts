import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/db.ts';
import { DEMO_PASSWORD } from '../demo/sign-ins.ts';
import { DomainError } from '../lib/errors.ts';
import { verifyPassword } from '../modules/auth/password.ts';
import { checkAdminPassword, createNetworkAdmin } from './admin.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database.close();
});

const PASSWORD = 'heather-on-the-hill-7';

describe('checkAdminPassword', () => {
  it.each([
    ['short', /at least 10/],
    ['aaaaaaaaaaaa', /too few different/],
    ['Password123', /too common/],
    [DEMO_PASSWORD, /demo password/],
    ['my-jo.brown-password', /email name/],
    ['x'.repeat(150) + 'y'.repeat(60), /at most/],
  ])('refuses %s', (password, why) => {
    expect(() => checkAdminPassword(password, 'jo.brown@example.org')).toThrow(why);
  });

  it('accepts a long passphrase', () => {
    expect(() => checkAdminPassword(PASSWORD, 'jo.brown@example.org')).not.toThrow();
  });
});

describe('createNetworkAdmin', () => {
  it('creates the network when it is new, and an admin who signs in with the password', async () => {
    const created = await createNetworkAdmin(
      database,
      {
        email: 'Jo.Brown@Example.org',
        displayName: 'Jo Brown',
        networkSlug: 'lomond',
        networkName: 'Lomond Timebanks',
      },
      PASSWORD,
    );
    expect(created.networkCreated).toBe(true);
    const network = await database.db
      .selectFrom('network')
      .where('id', '=', created.networkId)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(network).toMatchObject({ slug: 'lomond', name: 'Lomond Timebanks', is_demo: false });
    const person = await database.db
      .selectFrom('sign_in_directory as d')
      .innerJoin('person as p', (j) =>
        j.onRef('p.network_id', '=', 'd.network_id').onRef('p.id', '=', 'd.person_id'),
      )
      .where('d.email', '=', 'jo.brown@example.org')
      .select(['p.id', 'p.password_hash'])
      .executeTakeFirstOrThrow();
    expect(person.id).toBe(created.personId);
    expect(await verifyPassword(person.password_hash!, PASSWORD)).toBe(true);
    const grants = await database.db
      .selectFrom('role_grant')
      .where('person_id', '=', created.personId)
      .select(['role', 'timebank_id'])
      .execute();
    expect(grants).toEqual([{ role: 'network_admin', timebank_id: null }]);
    const audit = await database.db
      .selectFrom('audit_event')
      .where('network_id', '=', created.networkId)
      .select('action')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['network.create', 'role.grant']);
  });

  it('adds a second admin to an existing network', async () => {
    const created = await createNetworkAdmin(
      database,
      { email: 'sam@example.org', displayName: 'Sam', networkSlug: 'lomond' },
      PASSWORD,
    );
    expect(created.networkCreated).toBe(false);
  });

  it('refuses an email that is already registered', async () => {
    const again = createNetworkAdmin(
      database,
      { email: 'sam@example.org', displayName: 'Sam', networkSlug: 'other' },
      PASSWORD,
    );
    await expect(again).rejects.toThrow(DomainError);
    await expect(again).rejects.toThrow(/already registered/);
    const other = await database.db
      .selectFrom('network')
      .where('slug', '=', 'other')
      .select('id')
      .executeTakeFirst();
    expect(other).toBeUndefined();
  });

  it('refuses a bad network slug as bad input', async () => {
    const bad = createNetworkAdmin(
      database,
      { email: 'kim@example.org', displayName: 'Kim', networkSlug: 'Not A Slug' },
      PASSWORD,
    );
    await expect(bad).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringMatching(/--network/),
    });
  });
});
