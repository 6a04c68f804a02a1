// Notifications over real HTTP: the list and unread badge, choices, unsubscribe links (genuine
// and forged), a coordinator's failed mail, a broker's "to phone" list, and who may see what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { testConfig } from '../../config.ts';
import { systemClock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import { enqueueNotification, type Recipient } from './enqueue.ts';
import type { NotificationKind, NotificationPayloads } from './kinds.ts';
import { createUnsubscribeTokens } from './unsubscribe-token.ts';
import { createNotificationWorker } from './worker.ts';

let server: TestServer;
let w: World;
const tokens = createUnsubscribeTokens(testConfig().secretKey);

async function signedIn(email: string | null) {
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  return c;
}

function form(c: Client, path: string, fields: Record<string, string>) {
  return c.request('POST', path, new URLSearchParams(fields).toString(), {
    'content-type': 'application/x-www-form-urlencoded',
  });
}

function notify<K extends NotificationKind>(
  kind: K,
  recipient: Recipient,
  payload: NotificationPayloads[K],
  networkId = w.networkA,
  timebankId = w.north,
) {
  return server.database.db
    .transaction()
    .execute((tx) =>
      enqueueNotification(tx, { networkId, kind, recipient, payload, timebankId, at: new Date() }),
    );
}

const route = () =>
  createNotificationWorker({
    db: server.database.db,
    clock: systemClock,
    log: silentLogger,
    config: testConfig(),
    transport: null,
  }).runOnce();

const choicesOf = async (personId: string) =>
  Object.fromEntries(
    (
      await server.database.db
        .selectFrom('notification_preference')
        .select(['kind', 'channel'])
        .where('person_id', '=', personId)
        .execute()
    ).map((r) => [r.kind, r.channel]),
  );

beforeAll(async () => {
  server = await startTestServer({ config: { publicUrl: 'https://tb.example.org' } });
  w = await createWorld(server.database.db);
});
afterAll(async () => {
  await server.close();
});

describe('the list in the app', () => {
  it('lists my notifications with an unread count and a badge in the navigation, and marks them read', async () => {
    const mary = await signedIn(w.member.email);
    await notify(
      'exchange_agreed',
      { personId: w.member.id },
      { otherName: 'Ann <b>', what: 'gardening', whenText: 'Tuesday 10:00', linkPath: '/hours' },
    );
    await notify(
      'listing_lapsing',
      { personId: w.member.id },
      { listingTitle: 'Ironing', lapsesOn: '2026-02-01', daysLeft: 1 },
    );
    const list = await mary.get('/api/v1/notifications');
    expect(list.status).toBe(200);
    expect(list.body.unread).toBe(2);
    expect(list.body.items.map((i: { title: string }) => i.title)).toEqual([
      'Your listing "Ironing" lapses in 1 day',
      'Agreed: gardening with Ann <b>',
    ]);
    expect(list.body.items[1]).toMatchObject({
      kind: 'exchange_agreed',
      href: '/hours',
      read: false,
    });
    const home = await mary.get('/');
    expect(home.text).toMatch(
      /<span class="badge" aria-hidden="true">2<\/span><span class="visually-hidden"> \(2 unread notifications\)<\/span>/,
    );
    const page = await mary.get('/notifications');
    expect(page.text).toContain('Agreed: gardening with Ann &lt;b&gt;');
    expect(page.text).not.toContain('<script');
    const read = await form(mary, '/notifications/read', { id: list.body.items[1].id });
    expect(read.status).toBe(303);
    expect((await mary.get('/api/v1/notifications')).body.unread).toBe(1);
    expect((await mary.post('/api/v1/notifications/read', { all: true })).body).toEqual({
      marked: 1,
    });
    expect((await mary.get('/')).text).not.toContain('class="badge"');
  });

  it('refuses a malformed mark-read request and shows nobody else’s notifications', async () => {
    const mary = await signedIn(w.member.email);
    const bad = await mary.post('/api/v1/notifications/read', { ids: ['not-a-uuid'] });
    expect(bad.status).toBe(400);
    await notify(
      'listing_lapsing',
      { personId: w.southMember.id },
      { listingTitle: 'Secret', lapsesOn: '2026-02-01', daysLeft: 2 },
    );
    const theirs = (
      await server.database.db
        .selectFrom('notification')
        .select('id')
        .where('recipient_person_id', '=', w.southMember.id)
        .executeTakeFirstOrThrow()
    ).id;
    expect((await mary.post('/api/v1/notifications/read', { ids: [theirs] })).body).toEqual({
      marked: 0,
    });
    expect(
      (await mary.get('/api/v1/notifications')).body.items.map((i: { title: string }) => i.title),
    ).not.toContain('Your listing "Secret" lapses in 2 days');
  });

  it('tells the brokers of a timebank about a new application', async () => {
    const broker = await signedIn(w.brokerNorth.email);
    const r = await broker.post(`/api/v1/timebanks/${w.north}/members`, {
      displayName: 'Nina Newcomer',
      status: 'applied',
    });
    expect(r.status).toBe(201);
    const list = await broker.get('/api/v1/notifications');
    expect(list.body.items[0]).toMatchObject({
      kind: 'application_waiting',
      title: 'New application: Nina Newcomer',
      href: `/people/${r.body.personId}`,
    });
    const active = await broker.post(`/api/v1/timebanks/${w.north}/members`, {
      displayName: 'Otto Active',
      status: 'active',
    });
    expect(active.status).toBe(201);
    expect((await broker.get('/api/v1/notifications')).body.items[0].title).toBe(
      'New application: Nina Newcomer',
    );
  });
});

describe('choices', () => {
  it('keeps mail by default and saves a choice per kind from the API and the settings page', async () => {
    const mary = await signedIn(w.member.email);
    expect((await mary.get('/api/v1/notifications/preferences')).body.choices.gift_received).toBe(
      'mail',
    );
    const put = await mary.request('PUT', '/api/v1/notifications/preferences', {
      choices: { gift_received: 'digest', recheck_due: 'none' },
    });
    expect(put.status).toBe(200);
    expect(put.body.choices).toMatchObject({
      gift_received: 'digest',
      recheck_due: 'none',
      hours_to_confirm: 'mail',
    });
    const saved = await form(mary, '/notifications/settings', { hours_to_confirm: 'digest' });
    expect(saved.status).toBe(303);
    expect(await choicesOf(w.member.id)).toEqual({
      gift_received: 'digest',
      recheck_due: 'none',
      hours_to_confirm: 'digest',
    });
    expect((await mary.get('/notifications/settings')).text).toContain('Weekly digest');
  });

  it('refuses an unknown channel or kind, naming the field, and changes nothing', async () => {
    const mary = await signedIn(w.member.email);
    const before = await choicesOf(w.member.id);
    const bad = await mary.request('PUT', '/api/v1/notifications/preferences', {
      choices: { gift_received: 'sms' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toMatch(/^\/body\/choices/);
    expect(
      (
        await mary.request('PUT', '/api/v1/notifications/preferences', {
          choices: { no_such_kind: 'mail' },
        })
      ).status,
    ).toBe(400);
    const page = await form(mary, '/notifications/settings', { gift_received: 'pigeon' });
    expect(page.status).toBe(400);
    expect(page.text).toContain('Choose email at once, weekly digest or no email');
    expect(await choicesOf(w.member.id)).toEqual(before);
  });
});

describe('unsubscribe links', () => {
  const claim = () => ({
    networkId: w.networkA,
    recipient: { personId: w.coordinatorNorth.id },
    kind: 'hours_confirmed' as const,
  });

  it('asks first on the page, and a one-click POST without a session stops that kind', async () => {
    const token = tokens.sign(claim());
    const anon = new Client(server.url);
    const page = await anon.get(`/unsubscribe?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Stop emails about: Your hours confirmed?');
    expect(await choicesOf(w.coordinatorNorth.id)).toEqual({});
    const click = await anon.request(
      'POST',
      `/unsubscribe?token=${token}`,
      'List-Unsubscribe=One-Click',
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    expect(click.status).toBe(200);
    expect(click.text).toContain('You will no longer get emails about: Your hours confirmed.');
    expect(await choicesOf(w.coordinatorNorth.id)).toEqual({ hours_confirmed: 'none' });
    const audit = await server.database.db
      .selectFrom('audit_event')
      .select(['action', 'on_behalf_of_person_id'])
      .where('action', '=', 'notification.unsubscribe')
      .execute();
    expect(audit).toEqual([
      { action: 'notification.unsubscribe', on_behalf_of_person_id: w.coordinatorNorth.id },
    ]);
  });

  it('refuses forged and altered links, says so, and changes nothing', async () => {
    const genuine = tokens.sign({ ...claim(), kind: 'gift_received' });
    const [body, sig] = genuine.split('.') as [string, string];
    const otherBody = Buffer.from(
      JSON.stringify([w.networkA, `p:${w.member.id}`, 'gift_received']),
      'utf8',
    ).toString('base64url');
    const flipped = `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    const forged = [
      `${otherBody}.${sig}`, // someone else, with a signature of another body
      `${body}.${flipped}`, // the signature altered
      createUnsubscribeTokens(Buffer.alloc(32, 9)).sign({ ...claim(), kind: 'gift_received' }), // another key
      `${body}`, // no signature
      'garbage.garbage',
    ];
    const before = {
      mary: await choicesOf(w.member.id),
      cora: await choicesOf(w.coordinatorNorth.id),
    };
    const anon = new Client(server.url);
    for (const token of forged) {
      const page = await anon.get(`/unsubscribe?token=${encodeURIComponent(token)}`);
      expect(page.status).toBe(400);
      expect(page.text).toContain(
        'This unsubscribe link is not valid or has been changed. Nothing was changed.',
      );
      const post = await anon.request(
        'POST',
        `/unsubscribe?token=${encodeURIComponent(token)}`,
        'List-Unsubscribe=One-Click',
        { 'content-type': 'application/x-www-form-urlencoded' },
      );
      expect(post.status).toBe(400);
      const api = await anon.post('/api/v1/unsubscribe', { token });
      expect([400, 422]).toContain(api.status);
    }
    const api = await anon.post('/api/v1/unsubscribe', { token: `${otherBody}.${sig}` });
    expect(api.status).toBe(422);
    expect(api.body.code).toBe('unsubscribe_invalid');
    expect({
      mary: await choicesOf(w.member.id),
      cora: await choicesOf(w.coordinatorNorth.id),
    }).toEqual(before);
  });

  it('stops only the digest kinds with a digest link, and records a referee opt-out by address', async () => {
    const mary = await signedIn(w.member.email);
    const before = await choicesOf(w.member.id);
    const digestKinds = Object.entries(before)
      .filter(([, c]) => c === 'digest')
      .map(([k]) => k);
    expect(digestKinds.length).toBeGreaterThan(0);
    const anon = new Client(server.url);
    const r = await anon.post('/api/v1/unsubscribe', {
      token: tokens.sign({
        networkId: w.networkA,
        recipient: { personId: w.member.id },
        kind: 'digest',
      }),
    });
    expect(r.body).toEqual({ kind: 'digest', unsubscribed: true });
    const after = await choicesOf(w.member.id);
    for (const k of digestKinds) expect(after[k]).toBe('none');
    expect(Object.values(after)).not.toContain('digest');
    expect((await mary.get('/api/v1/notifications/preferences')).status).toBe(200);
    const referee = await anon.post('/api/v1/unsubscribe', {
      token: tokens.sign({
        networkId: w.networkA,
        recipient: { email: 'ref@example.test' },
        kind: 'reference_request',
      }),
    });
    expect(referee.status).toBe(200);
    const optouts = await server.database.db
      .selectFrom('notification_email_optout')
      .select(['email', 'kind'])
      .execute();
    expect(optouts).toEqual([{ email: 'ref@example.test', kind: 'reference_request' }]);
  });
});

describe("a coordinator's outbox", () => {
  async function failedDelivery(personId: string, networkId = w.networkA, timebankId = w.north) {
    await notify(
      'recheck_due',
      { personId },
      { personName: 'X', scheme: 'PVG', dueOn: '2026-05-01', personId, memberId: '00000000-0000-4000-8000-000000000001', checkId: '00000000-0000-4000-8000-000000000002' },
      networkId,
      timebankId,
    );
    await route();
    const d = await server.database.db
      .selectFrom('notification_delivery as d')
      .innerJoin('notification as n', (j) =>
        j.onRef('n.network_id', '=', 'd.network_id').onRef('n.id', '=', 'd.notification_id'),
      )
      .select('d.id')
      .where('n.recipient_person_id', '=', personId)
      .where('n.kind', '=', 'recheck_due')
      .where('d.status', '=', 'pending')
      .executeTakeFirstOrThrow();
    await server.database.db
      .updateTable('notification_delivery')
      .set({
        status: 'failed',
        attempts: 8,
        failed_at: new Date(),
        last_error: '554 5.7.1 refused',
        to_address: 'x@example.test',
      })
      .where('id', '=', d.id)
      .execute();
    return d.id;
  }

  it('says mail is not configured, lists mail that failed for good, and resends it once', async () => {
    const id = await failedDelivery(w.brokerNorth.id);
    const cora = await signedIn(w.coordinatorNorth.email);
    const outbox = await cora.get(`/api/v1/timebanks/${w.north}/notifications/outbox`);
    expect(outbox.status).toBe(200);
    expect(outbox.body.mailConfigured).toBe(false);
    expect(outbox.body.failed).toEqual([
      expect.objectContaining({
        id,
        kind: 'recheck_due',
        personId: w.brokerNorth.id,
        attempts: 8,
        lastError: '554 5.7.1 refused',
        addressRefused: false,
      }),
    ]);
    const page = await cora.get(`/timebanks/${w.north}/outbox`);
    expect(page.text).toContain('Mail is not configured on this server');
    expect(page.text).toContain('554 5.7.1 refused');
    const resent = await form(cora, `/timebanks/${w.north}/outbox/${id}/resend`, {});
    expect(resent.status).toBe(303);
    const row = await server.database.db
      .selectFrom('notification_delivery')
      .select(['status', 'attempts', 'resent_by_person_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      status: 'pending',
      attempts: 0,
      resent_by_person_id: w.coordinatorNorth.id,
    });
    const again = await cora.post(
      `/api/v1/timebanks/${w.north}/notifications/deliveries/${id}/resend`,
    );
    expect(again.status).toBe(409);
  });

  it('is for coordinators of that timebank only; ids of another network are not found', async () => {
    const broker = await signedIn(w.brokerNorth.email);
    expect((await broker.get(`/api/v1/timebanks/${w.north}/notifications/outbox`)).status).toBe(
      403,
    );
    const mary = await signedIn(w.member.email);
    expect((await mary.get(`/api/v1/timebanks/${w.north}/notifications/outbox`)).status).toBe(403);
    const otherId = await failedDelivery(w.memberB.id, w.networkB, w.bTimebank);
    const cora = await signedIn(w.coordinatorNorth.email);
    expect(
      (await cora.post(`/api/v1/timebanks/${w.north}/notifications/deliveries/${otherId}/resend`))
        .status,
    ).toBe(404);
    expect((await cora.get(`/api/v1/timebanks/${w.bTimebank}/notifications/outbox`)).status).toBe(
      404,
    );
  });
});

describe("a broker's to-phone list", () => {
  it('lists members without email to phone about what, and records who phoned', async () => {
    await notify(
      'exchange_changed',
      { personId: w.offline.id },
      { otherName: 'Mary', what: 'shopping', whenText: 'Friday 11:00' },
    );
    await route();
    const broker = await signedIn(w.brokerNorth.email);
    const list = await broker.get(`/api/v1/timebanks/${w.north}/phone-calls`);
    expect(list.status).toBe(200);
    const call = list.body.open.find((c: { personId: string }) => c.personId === w.offline.id);
    expect(call).toMatchObject({
      personName: w.offline.name,
      what: 'Changed: shopping with Mary',
      doneAt: null,
    });
    const page = await broker.get(`/timebanks/${w.north}/to-phone`);
    expect(page.text).toContain('Changed: shopping with Mary');
    const done = await form(broker, `/timebanks/${w.north}/to-phone/${call.id}/done`, {
      note: 'She knows',
    });
    expect(done.status).toBe(303);
    const after = await broker.get(`/api/v1/timebanks/${w.north}/phone-calls`);
    expect(after.body.open.find((c: { id: string }) => c.id === call.id)).toBeUndefined();
    expect(after.body.done.find((c: { id: string }) => c.id === call.id)).toMatchObject({
      doneBy: w.brokerNorth.name,
    });
    const audit = await server.database.db
      .selectFrom('audit_event')
      .select(['actor_person_id', 'subject_id'])
      .where('action', '=', 'notification.phoned')
      .execute();
    expect(audit).toEqual([{ actor_person_id: w.brokerNorth.id, subject_id: w.offline.id }]);
    expect(
      (await broker.post(`/api/v1/timebanks/${w.north}/phone-calls/${call.id}/done`, {})).status,
    ).toBe(409);
  });

  it('refuses members, another timebank’s calls and an overlong note', async () => {
    await notify(
      'exchange_changed',
      { personId: w.offline.id },
      { otherName: 'Sam', what: 'a lift', whenText: 'Monday' },
    );
    await route();
    const mary = await signedIn(w.member.email);
    expect((await mary.get(`/api/v1/timebanks/${w.north}/phone-calls`)).status).toBe(403);
    const brokerB = await signedIn(w.brokerB.email);
    expect((await brokerB.get(`/api/v1/timebanks/${w.north}/phone-calls`)).status).toBe(404);
    const broker = await signedIn(w.brokerNorth.email);
    const call = (await broker.get(`/api/v1/timebanks/${w.north}/phone-calls`)).body.open[0];
    expect(
      (await brokerB.post(`/api/v1/timebanks/${w.bTimebank}/phone-calls/${call.id}/done`, {}))
        .status,
    ).toBe(404);
    const long = await broker.post(`/api/v1/timebanks/${w.north}/phone-calls/${call.id}/done`, {
      note: 'x'.repeat(1001),
    });
    expect(long.status).toBe(400);
    expect(long.body.errors[0].path).toBe('/body/note');
    expect(
      (await broker.post(`/api/v1/timebanks/${w.north}/phone-calls/${newId()}/done`, {})).status,
    ).toBe(404);
    expect(
      (await broker.get(`/api/v1/timebanks/${w.north}/phone-calls`)).body.open.map(
        (c: { id: string }) => c.id,
      ),
    ).toContain(call.id);
  });
});
