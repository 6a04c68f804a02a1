// The hours pages over real HTTP, as a browser with JavaScript off uses them: plain GETs and
// form posts, each answered with a page or a redirect.
import { accountNames as ledgerAccountNames } from '../../modules/ledger/holders.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { systemClock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import { systemActor } from '../../modules/audit/record.ts';
import { createLedger } from '../../modules/ledger/service.ts';

let server: TestServer;
let world: World;
const memberIdOf = async (personId: string) =>
  (await server.database.db.selectFrom('member').where('person_id', '=', personId).select('id').executeTakeFirstOrThrow()).id;

async function signedIn(email: string | null) {
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  return c;
}

function form(c: Client, path: string, fields: Record<string, string>) {
  return c.request('POST', path, new URLSearchParams(fields).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
}

const transfers = async () =>
  server.database.db.selectFrom('transfer').select(['id', 'phase', 'minutes', 'kind', 'debit_account_id', 'credit_account_id', 'pending_id', 'reverses_transfer_id']).execute();
/** The names shown for accounts: the member's, the organisation's or the timebank's. */
const accountNames = async (...ids: string[]) => {
  const names = await ledgerAccountNames(server.database.db, world.networkA, ids);
  return ids.map((id) => names.get(id));
};

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  const ledger = createLedger({ db: server.database.db, clock: systemClock, log: silentLogger });
  const actor = systemActor(world.networkA);
  await ledger.openTimebank(actor, { timebankId: world.north, settings: { balanceMinutesMin: -120 } });
  await ledger.openTimebank(actor, { timebankId: world.south });
});
afterAll(async () => {
  await server.close();
});

describe('hours pages', () => {
  it('shows a member their balance and an empty statement', async () => {
    const member = await signedIn(world.member.email);
    const page = await member.get('/hours');
    expect(page.status).toBe(200);
    expect(page.text).toContain('My hours');
    expect(page.text).toContain('0 h 0 min');
    expect(page.text).not.toContain('<script');
  });

  it('lets a broker enter a paper sheet: all lines at once, once only, and refuses a bad line writing nothing', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const sheet = `/timebanks/${world.north}/sheet`;
    expect((await broker.get(sheet)).status).toBe(200);
    const mary = await memberIdOf(world.member.id);
    const olive = await memberIdOf(world.offline.id);
    const batchId = newId();
    const bad = await form(broker, sheet, {
      batchId,
      'giver-1': mary,
      'receiver-1': olive,
      'hours-1': '1',
      'minutes-1': '30',
      'category-1': 'gardening',
      'giver-2': olive,
      'receiver-2': olive,
      'hours-2': '1',
      'category-2': 'shopping',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('The same person cannot give and receive');
    expect(await transfers()).toHaveLength(0);
    const lines = {
      batchId,
      'giver-1': mary,
      'receiver-1': olive,
      'hours-1': '1',
      'minutes-1': '30',
      'category-1': 'gardening',
      'giver-2': olive,
      'receiver-2': mary,
      'hours-2': '0',
      'minutes-2': '45',
      'category-2': 'companionship',
    };
    const ok = await form(broker, sheet, lines);
    expect(ok.status).toBe(303);
    expect((await transfers()).filter((t) => t.kind === 'exchange')).toHaveLength(2);
    expect((await form(broker, sheet, lines)).status).toBe(303);
    expect((await transfers()).filter((t) => t.kind === 'exchange')).toHaveLength(2);
    const done = await broker.get(sheet);
    expect(done.text).toContain('2 exchanges recorded.');
  });

  it('lets a member record hours given to someone they know; the other confirms from their page', async () => {
    const mary = await signedIn(world.member.email);
    const recordPage = await mary.get('/hours/record');
    expect(recordPage.text).toContain(world.offline.name);
    const choice = /value="(a:[0-9a-f-]{36})"/.exec(recordPage.text)![1]!;
    const id = newId();
    const missing = await form(mary, '/hours/record', { id, counterparty: choice, hours: '', minutes: '', category: '' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Enter the time in whole hours and minutes, more than zero');
    expect(missing.text).toContain('Choose what it was');
    const r = await form(mary, '/hours/record', { id, counterparty: choice, hours: '1', minutes: '0', category: 'shopping' });
    expect(r.status).toBe(303);
    expect((await transfers()).find((t) => t.id === id)?.phase).toBe('pending');
    // Olive's broker acts for her and confirms on her page.
    const broker = await signedIn(world.brokerNorth.email);
    await broker.request('PUT', '/api/v1/session/acting-for', { personId: world.offline.id });
    const olivePage = await broker.get('/hours');
    expect(olivePage.text).toContain(`Hours of ${world.offline.name}`);
    expect(olivePage.text).toContain(`${world.member.name} says they helped with Shopping and errands: 1 h 0 min`);
    const resolveId = /name="resolveId" value="([0-9a-f-]{36})"/.exec(olivePage.text)![1]!;
    const confirm = await form(broker, `/hours/pending/${id}/confirm`, { resolveId });
    expect(confirm.status).toBe(303);
    expect((await transfers()).some((t) => t.phase === 'post_pending')).toBe(true);
  });

  it('gives hours to the community pot, and says so plainly when the overdraft limit refuses', async () => {
    const mary = await signedIn(world.member.email);
    const give = await mary.get('/hours/give');
    const pot = /value="(a:[0-9a-f-]{36})">The community pot of North/.exec(give.text)![1]!;
    const ok = await form(mary, '/hours/give', { id: newId(), counterparty: pot, hours: '0', minutes: '30', category: 'community' });
    expect(ok.status).toBe(303);
    const tooMuch = await form(mary, '/hours/give', { id: newId(), counterparty: pot, hours: '9', minutes: '0', category: 'community' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.text).toContain('That would take the account below its overdraft limit');
  });

  it('lets a coordinator reverse a transfer with a reason from its page', async () => {
    const [exchange] = (await transfers()).filter((t) => t.kind === 'exchange' && t.phase === 'posted');
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.get(`/transfers/${exchange!.id}`)).text).not.toContain('Reverse this transfer');
    const coord = await signedIn(world.coordinatorNorth.email);
    const page = await coord.get(`/transfers/${exchange!.id}`);
    expect(page.text).toContain('Reverse this transfer');
    const noReason = await form(coord, `/transfers/${exchange!.id}/reverse`, { id: newId(), reason: '' });
    expect(noReason.status).toBe(400);
    // The page says who paid whom, its state, and who recorded it.
    const [from, to] = await accountNames(exchange!.debit_account_id, exchange!.credit_account_id);
    expect(page.text).toContain(`<dt>From (pays the hours)</dt><dd>${from}</dd>`);
    expect(page.text).toContain(`<dt>To (receives the hours)</dt><dd>${to}</dd>`);
    expect(page.text).toContain('<dt>State</dt><dd>Recorded</dd>');
    const ok = await form(coord, `/transfers/${exchange!.id}/reverse`, {
      id: newId(),
      reason: 'entered twice',
    });
    expect(ok.status).toBe(303);
    const reversal = (await transfers()).find(
      (t) => t.kind === 'reversal' && t.reverses_transfer_id === exchange!.id,
    );
    expect(reversal).toBeDefined();
    // Once reversed, the original links to its reversal with the reason and offers no second one;
    // the reversal links back, names who recorded it, and cannot itself be reversed.
    const after = await coord.get(`/transfers/${exchange!.id}`);
    expect(after.text).toContain(`href="/transfers/${reversal!.id}"`);
    expect(after.text).toContain('entered twice');
    expect(after.text).not.toContain('action="/transfers/');
    const back = await coord.get(`/transfers/${reversal!.id}`);
    expect(back.text).toContain(`href="/transfers/${exchange!.id}"`);
    expect(back.text).toContain(`<dt>Recorded by</dt><dd>${world.coordinatorNorth.name}</dd>`);
    expect(back.text).not.toContain('action="/transfers/');
    // The member whose account it touched reads it too; someone of another network does not.
    const other = await signedIn(world.memberB.email);
    expect((await other.get(`/transfers/${exchange!.id}`)).status).toBe(404);
  });

  it('shows pending hours that were confirmed with a link to the confirmation', async () => {
    const confirmed = (await transfers()).find((t) => t.phase === 'post_pending');
    expect(confirmed).toBeDefined();
    const coord = await signedIn(world.coordinatorNorth.email);
    const pending = await coord.get(`/transfers/${confirmed!.pending_id}`);
    expect(pending.text).toContain('<dt>State</dt><dd>Waiting for confirmation</dd>');
    expect(pending.text).toContain(`href="/transfers/${confirmed!.id}"`);
    expect(pending.text).toContain('<dt>Confirmed</dt>');
    const answer = await coord.get(`/transfers/${confirmed!.id}`);
    expect(answer.text).toContain('Confirms hours that were waiting');
    expect(answer.text).toContain(
      `<dt>Recorded by</dt><dd>${world.brokerNorth.name}, for ${world.offline.name}</dd>`,
    );
    // Confirmed hours can be reversed, like hours recorded at once.
    expect(answer.text).toContain('Reverse this transfer');
  });

  it('shows the network admin the flows page and keeps members out of it', async () => {
    const admin = await signedIn(world.admin.email);
    const page = await admin.get('/network/flows');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Hours between timebanks');
    const mary = await signedIn(world.member.email);
    expect((await mary.get('/network/flows')).status).toBe(403);
  });
});
