import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { TestSmtp } from '../../../test/support/smtp.ts';
import { testConfig } from '../../config.ts';
import { ManualClock } from '../../lib/clock.ts';
import { silentLogger } from '../../lib/log.ts';
import { createNotificationWorker, createSmtpTransport } from '../notifications/worker.ts';

let server: TestServer;
let world: World;
const clock = new ManualClock(new Date());
let maryMember: string;

const signedIn = async (email: string | null) => {
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  return c;
};
const answers = (over: Record<string, unknown> = {}) => ({
  honesty: { rating: 'very_good', comment: 'Always straight with me' },
  teamwork: { rating: 'good', comment: null },
  punctuality: { rating: 'some_concerns', comment: 'Sometimes late' },
  gettingOn: { rating: 'very_good', comment: null },
  freeText: 'Known her for twenty years through the church.',
  ...over,
});
const referee = { refereeName: 'Rev. Ross', relationship: 'minister', email: 'ross@example.test' };

beforeAll(async () => {
  server = await startTestServer({ clock });
  world = await createWorld(server.database.db);
  maryMember = (await server.database.db.selectFrom('member').where('person_id', '=', world.member.id).select('id').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await server.close();
});

async function ask(c: Client) {
  const r = await c.post(`/api/v1/timebanks/${world.north}/members/${maryMember}/references`, referee);
  expect(r.status).toBe(201);
  return r.body as { id: string; path: string; expiresAt: string };
}

describe('asking for a reference', () => {
  it('gives a one-time link with a 256-bit secret, of which only the hash is stored, valid 30 days', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const r = await ask(broker);
    const secret = r.path.split('/').pop()!.split('.')[1]!;
    expect(Buffer.from(secret, 'base64url').length).toBe(32);
    const row = await server.database.db.selectFrom('reference').where('id', '=', r.id).selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash.length).toBe(32);
    expect(row.token_hash.toString('base64url')).not.toBe(secret);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(new Date(r.expiresAt).getTime() - clock.now().getTime()).toBe(30 * 86_400_000);
  });

  it('mails the referee their link through the outbox, which never holds the link', async () => {
    const smtp = new TestSmtp();
    await smtp.start();
    try {
      const config = testConfig({ publicUrl: 'https://tb.example.org', smtp: smtp.config() });
      const worker = createNotificationWorker({ db: server.database.db, clock, log: silentLogger, config, transport: createSmtpTransport(config.smtp!) });
      const broker = await signedIn(world.brokerNorth.email);
      const r = await ask(broker);
      const queued = await server.database.db.selectFrom('notification').where('kind', '=', 'reference_request').where('recipient_email', '=', 'ross@example.test').selectAll().execute();
      const mine = queued.filter((n) => (n.payload as { referenceId: string }).referenceId === r.id);
      expect(mine).toHaveLength(1);
      const secret = r.path.split('.').pop()!;
      expect(JSON.stringify(mine[0])).not.toContain(secret);
      await worker.runOnce();
      const mail = smtp.to('ross@example.test').at(-1)!;
      expect(mail.subject).toBe(`${world.member.name} has named you as a referee`);
      const link = mail.raw.replace(/=\r?\n/g, '').match(/https:\/\/tb\.example\.org(\/references\/answer\/[A-Za-z0-9._-]+)/)?.[1];
      expect(link).toBe(r.path);
      const opened = await new Client(server.url).get(`/api/v1${link}`);
      expect(opened.status).toBe(200);
      expect(opened.body).toMatchObject({ refereeName: 'Rev. Ross', subjectName: world.member.name });
    } finally {
      await smtp.stop();
    }
  });

  it('queues no mail for a referee reached by phone', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const r = await broker.post(`/api/v1/timebanks/${world.north}/members/${maryMember}/references`, { refereeName: 'Pat Phone', relationship: 'neighbour', phone: '01234 567890' });
    expect(r.status).toBe(201);
    const queued = await server.database.db.selectFrom('notification').where('kind', '=', 'reference_request').select('payload').execute();
    expect(queued.some((n) => (n.payload as { referenceId: string }).referenceId === r.body.id)).toBe(false);
  });

  it('needs an email or a phone for the referee', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const r = await broker.post(`/api/v1/timebanks/${world.north}/members/${maryMember}/references`, { refereeName: 'X', relationship: 'friend' });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('/body/email');
  });
});

describe('the referee’s link', () => {
  it('opens with no account, takes the answers once, then is refused like a forged one', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const { path } = await ask(broker);
    const referee = new Client(server.url);
    const open = await referee.get(`/api/v1${path}`);
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({ refereeName: 'Rev. Ross', subjectName: world.member.name, timebankName: 'North' });
    expect((await referee.post(`/api/v1${path}`, answers())).status).toBe(200);
    const used = await referee.post(`/api/v1${path}`, answers());
    const forged = await referee.post(`/api/v1${path.slice(0, -4)}AAAA`, answers());
    expect(used.status).toBe(404);
    expect(forged.status).toBe(404);
    expect(used.body.detail).toBe(forged.body.detail);
    expect((await referee.get(`/api/v1${path}`)).status).toBe(404);
    expect((await referee.get('/api/v1/references/answer/nonsense')).status).toBe(404);
  });

  it('refuses an expired link', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const { path } = await ask(broker);
    clock.advance(31 * 86_400_000);
    try {
      const r = await new Client(server.url).post(`/api/v1${path}`, answers());
      expect(r.status).toBe(404);
    } finally {
      clock.advance(-31 * 86_400_000);
    }
  });

  it('refuses an oversized comment by its field, and an answer off the scale', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const { path } = await ask(broker);
    const c = new Client(server.url);
    const long = await c.post(`/api/v1${path}`, answers({ honesty: { rating: 'good', comment: 'x'.repeat(1001) } }));
    expect(long.status).toBe(400);
    expect(long.body.errors[0].path).toBe('/body/honesty/comment');
    const off = await c.post(`/api/v1${path}`, answers({ teamwork: { rating: 'excellent', comment: null } }));
    expect(off.status).toBe(400);
    expect(off.body.errors[0].path).toBe('/body/teamwork/rating');
    expect((await c.get(`/api/v1${path}`)).status).toBe(200);
  });
});

describe('answers from a call, the verdict, and who sees what', () => {
  it('lets a broker record answers from a call (the link then stops working) and judge it, with who, when and why', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const { id, path } = await ask(broker);
    const base = `/api/v1/timebanks/${world.north}/references/${id}`;
    const early = await broker.post(`${base}/verdict`, { verdict: 'satisfactory', reason: 'fine' });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('not_answered');
    expect((await broker.post(`${base}/answers`, answers())).status).toBe(200);
    expect((await new Client(server.url).get(`/api/v1${path}`)).status).toBe(404);
    expect((await broker.post(`${base}/answers`, answers())).body.code).toBe('already_answered');
    const noReason = await broker.post(`${base}/verdict`, { verdict: 'satisfactory' });
    expect(noReason.body.errors[0].path).toBe('/body/reason');
    expect((await broker.post(`${base}/verdict`, { verdict: 'satisfactory', reason: 'Honest and reliable, known for years' })).status).toBe(200);
    const list = await broker.get(`/api/v1/timebanks/${world.north}/members/${maryMember}/references`);
    const item = list.body.items.find((r: { id: string }) => r.id === id);
    expect(item).toMatchObject({ answeredVia: 'call', answerRecordedBy: world.brokerNorth.name, verdict: 'satisfactory', verdictBy: world.brokerNorth.name, verdictReason: 'Honest and reliable, known for years' });
    expect(item.answers.punctuality).toEqual({ rating: 'some_concerns', comment: 'Sometimes late' });
  });

  it('shows the member that references exist and their verdict, never the answers', async () => {
    const member = await signedIn(world.member.email);
    const own = await member.get(`/api/v1/people/${world.member.id}/references`);
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(own.text).not.toContain('Sometimes late');
    expect(own.text).not.toContain('answers');
    expect(own.body.items.some((r: { verdict: string | null }) => r.verdict === 'satisfactory')).toBe(true);
    const staffRoute = await member.get(`/api/v1/timebanks/${world.north}/members/${maryMember}/references`);
    expect(staffRoute.status).toBe(403);
    expect(staffRoute.text).not.toContain('Sometimes late');
  });

  it('keeps other timebanks and networks out', async () => {
    const southBroker = await addPerson(server.database.db, world.networkA, { name: 'Sid South Broker', timebankId: world.south, roles: [['broker', world.south]] });
    const south = await signedIn(southBroker.email);
    expect((await south.get(`/api/v1/timebanks/${world.north}/members/${maryMember}/references`)).status).toBe(403);
    expect((await south.get(`/api/v1/timebanks/${world.south}/members/${maryMember}/references`)).status).toBe(404);
    expect((await south.get(`/api/v1/people/${world.member.id}/references`)).status).toBe(404);
    const b = await signedIn(world.brokerB.email);
    expect((await b.get(`/api/v1/timebanks/${world.north}/members/${maryMember}/references`)).status).toBe(404);
    const admin = await signedIn(world.admin.email);
    expect((await admin.get(`/api/v1/people/${world.member.id}/references`)).status).toBe(404);
  });
});
