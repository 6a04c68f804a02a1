import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';

let server: TestServer;
let world: World;
let oliveMember: string;
const today = () => new Date().toISOString().slice(0, 10);
const signedIn = async (email: string | null) => {
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  return c;
};
const unsignedNames = async (c: Client) =>
  (await c.get(`/api/v1/timebanks/${world.north}/agreement/unsigned`)).body.items.map((i: { displayName: string }) => i.displayName);

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  oliveMember = (await server.database.db.selectFrom('member').where('person_id', '=', world.offline.id).select('id').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await server.close();
});

describe('the member agreement', () => {
  it('ships a default text in English and Polish covering gifts and money, phones, respect and travel costs', async () => {
    const member = await signedIn(world.member.email);
    const r = await member.get(`/api/v1/timebanks/${world.north}/agreement`);
    expect(r.status).toBe(200);
    expect(r.body.current).toBeNull();
    expect(r.body.defaultText.en).toMatch(/gifts or money/);
    expect(r.body.defaultText.en).toMatch(/phone/);
    expect(r.body.defaultText.en).toMatch(/respect/);
    expect(r.body.defaultText.en).toMatch(/Travel costs are agreed beforehand/);
    expect(r.body.defaultText.pl).toMatch(/prezentów ani pieniędzy/);
    expect(r.body.defaultText.pl).toMatch(/Koszty dojazdu/);
  });

  it('is published by a coordinator only, in at least one language', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.post(`/api/v1/timebanks/${world.north}/agreement/versions`, { bodyEn: 'Be kind.' })).status).toBe(403);
    const coord = await signedIn(world.coordinatorNorth.email);
    const empty = await coord.post(`/api/v1/timebanks/${world.north}/agreement/versions`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].path).toBe('/body/bodyEn');
    const big = await coord.post(`/api/v1/timebanks/${world.north}/agreement/versions`, { bodyEn: 'x'.repeat(20_001) });
    expect(big.status).toBe(400);
    expect(big.body.errors[0].path).toBe('/body/bodyEn');
    const v1 = await coord.post(`/api/v1/timebanks/${world.north}/agreement/versions`, { bodyEn: 'Version one.', bodyPl: 'Wersja pierwsza.' });
    expect(v1.status).toBe(201);
    expect(v1.body.version).toBe(1);
    const b = await signedIn(world.brokerB.email);
    expect((await b.post(`/api/v1/timebanks/${world.north}/agreement/versions`, { bodyEn: 'x' })).status).toBe(404);
  });

  it('is signed online by a member, once; the broker list of unsigned members drops them', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    expect(await unsignedNames(broker)).toContain(world.member.name);
    const member = await signedIn(world.member.email);
    const current = (await member.get(`/api/v1/timebanks/${world.north}/agreement`)).body.current;
    const signed = await member.post(`/api/v1/timebanks/${world.north}/agreement/signatures`, { versionId: current.id });
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({ method: 'online', signedOn: today() });
    expect((await member.post(`/api/v1/timebanks/${world.north}/agreement/signatures`, { versionId: current.id })).body.code).toBe('already_signed');
    expect(await unsignedNames(broker)).not.toContain(world.member.name);
    expect((await member.get(`/api/v1/timebanks/${world.north}/agreement/unsigned`)).status).toBe(403);
    expect((await member.get(`/api/v1/timebanks/${world.north}/agreement`)).body.mySignature).toEqual({ method: 'online', signedOn: today() });
  });

  it('takes a paper signature from a broker, refusing a date before the version existed or in the future', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const current = (await broker.get(`/api/v1/timebanks/${world.north}/agreement`)).body.current;
    const url = `/api/v1/timebanks/${world.north}/members/${oliveMember}/agreement/paper-signature`;
    const before = await broker.post(url, { versionId: current.id, signedOn: '2020-01-01' });
    expect(before.status).toBe(400);
    expect(before.body.errors).toEqual([{ path: '/body/signedOn', message: 'before this version was published' }]);
    const future = await broker.post(url, { versionId: current.id, signedOn: '2999-12-31' });
    expect(future.body.errors[0].path).toBe('/body/signedOn');
    const impossible = await broker.post(url, { versionId: current.id, signedOn: '2026-02-30' });
    expect(impossible.status).toBe(400);
    const ok = await broker.post(url, { versionId: current.id, signedOn: today() });
    expect(ok.status).toBe(201);
    expect(ok.body.method).toBe('paper');
    const row = await server.database.db.selectFrom('agreement_signature').where('id', '=', ok.body.id).select(['recorded_by_person_id', 'person_id']).executeTakeFirstOrThrow();
    expect(row).toEqual({ recorded_by_person_id: world.brokerNorth.id, person_id: world.offline.id });
    expect(await unsignedNames(broker)).not.toContain(world.offline.name);
  });

  it('asks everyone to sign again when a new version is published; the old version cannot be edited or signed', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const old = (await coord.get(`/api/v1/timebanks/${world.north}/agreement`)).body.current;
    const v2 = await coord.post(`/api/v1/timebanks/${world.north}/agreement/versions`, { bodyEn: 'Version two.' });
    expect(v2.body.version).toBe(2);
    const broker = await signedIn(world.brokerNorth.email);
    expect(await unsignedNames(broker)).toEqual(expect.arrayContaining([world.member.name, world.offline.name]));
    const member = await signedIn(world.member.email);
    const stale = await member.post(`/api/v1/timebanks/${world.north}/agreement/signatures`, { versionId: old.id });
    expect(stale.status).toBe(422);
    expect(stale.body.code).toBe('stale_version');
    expect((await member.get(`/api/v1/timebanks/${world.north}/agreement`)).body.mySignature).toBeNull();
    await expect(sql`update agreement_version set body_en = 'changed' where id = ${old.id}`.execute(server.database.db)).rejects.toThrow(/agreement_version_immutable/);
  });
});
