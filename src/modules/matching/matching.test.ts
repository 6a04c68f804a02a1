// Broker matching through the API and the pages: who could help with a request (ranked, with
// reasons, the people ruled out apart), refusals of bad input (nothing written), the call list
// that agrees an exchange, "do not send", the weights, an offer's requests and the dashboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, memberIdOf } from '../../../test/support/fixtures.ts';
import type { Client } from '../../../test/support/http.ts';
import { newId } from '../../lib/ids.ts';
import { AGREE, type ExchangeWorld, exchangeWorld, expectProblem, signedIn } from '../exchanges/test-helpers.ts';

let w: ExchangeWorld;
let broker: Client;
let coordinator: Client;
let requestId: string;
let island: string;
const ids: Record<string, string> = {};
const base = () => `/api/v1/timebanks/${w.world.north}/matching`;
const count = async (table: 'matching_contact' | 'matching_call' | 'matching_weights' | 'exchange') =>
  Number((await w.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const form = (c: Client, path: string, f: Record<string, string>) => c.request('POST', path, new URLSearchParams(f).toString(), { 'content-type': 'application/x-www-form-urlencoded' });

async function listing(o: { memberId: string; kind?: 'offer' | 'request'; slug?: string; status?: 'open' | 'closed'; timebankId?: string; areaId?: string | null; title?: string }) {
  const id = newId();
  const m = await w.db.selectFrom('member').where('id', '=', o.memberId).select('person_id').executeTakeFirstOrThrow();
  await w.db
    .insertInto('listing')
    .values({
      network_id: w.world.networkA,
      id,
      timebank_id: o.timebankId ?? w.world.north,
      kind: o.kind ?? 'request',
      member_id: o.memberId,
      organisation_id: null,
      title: o.title ?? 'Cutting the hedge',
      description: 'The garden hedge is too tall',
      category_slug: o.slug ?? 'home-garden.gardening',
      area_id: o.areaId ?? null,
      mode: 'home',
      status: o.status ?? 'open',
      closed_at: o.status === 'closed' ? new Date() : null,
      expires_on: '2026-04-15',
      created_by_person_id: m.person_id,
    })
    .execute();
  return id;
}

/** A member of North with a profile offering a category (and words), in an area. */
async function helper(name: string, slug: string | null, extra: { area?: string; text?: string } = {}) {
  const p = await addPerson(w.db, w.world.networkA, { name, timebankId: w.world.north });
  const memberId = await memberIdOf(w.db, p.id, w.world.north);
  await w.db
    .insertInto('member_profile')
    .values({ network_id: w.world.networkA, member_id: memberId, offer_text: extra.text ?? null })
    .execute();
  if (slug) await w.db.insertInto('member_profile_category').values({ network_id: w.world.networkA, member_id: memberId, kind: 'offer', category_slug: slug }).execute();
  if (extra.area) await w.db.updateTable('member').set({ area_id: extra.area }).where('id', '=', memberId).execute();
  ids[name] = memberId;
  return memberId;
}

beforeAll(async () => {
  w = await exchangeWorld();
  const net = w.world.networkA;
  island = newId();
  await w.db.insertInto('area').values({ network_id: net, id: island, timebank_id: w.world.north, name: 'Bute', kind: 'island' }).execute();
  await helper('Gwen Gardener', 'home-garden.gardening', { area: island, text: 'hedge trimming' });
  await helper('Cleo Cleaner', 'home-garden.cleaning', { area: island });
  await helper('Hal Homeless', 'home-garden.gardening');
  await helper('Pat Paused', 'home-garden.gardening');
  await helper('Xena Excluded', 'home-garden.gardening');
  await w.db.updateTable('member').set({ status: 'paused', paused_until: '2026-03-01' }).where('id', '=', ids['Pat Paused']!).execute();
  await w.db.insertInto('member_restriction').values({ network_id: net, member_id: ids['Hal Homeless']!, kind: 'no_home_visits', note: null, set_by_person_id: null }).execute();
  requestId = await listing({ memberId: w.mary.memberId, areaId: island });
  broker = await signedIn(w, w.broker);
  coordinator = await signedIn(w, w.world.coordinatorNorth);
});
afterAll(async () => {
  await w.server.close();
});

describe('who could help', () => {
  it('ranks the candidates with a reason per factor and shows the people ruled out apart, with the rule', async () => {
    const dns = await broker.post(`/api/v1/timebanks/${w.world.north}/members/${w.mary.memberId}/do-not-send`, { excludedMemberId: ids['Xena Excluded'], reason: 'Fell out' });
    expect(dns.status, dns.text).toBe(200);
    const r = await broker.get(`${base()}/requests/${requestId}`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.candidates.map((c: { name: string }) => c.name)).toEqual(['Gwen Gardener', 'Cleo Cleaner']);
    const gwen = r.body.candidates[0];
    expect(gwen.reasons.map((x: { factor: string }) => x.factor)).toEqual(['fit', 'distance', 'metBefore', 'reliability', 'fairness']);
    expect(gwen.reasons[0]).toMatchObject({ key: 'fit.exactWords', text: 'offers this very kind of help, and mentions hedge' });
    expect(gwen.reasons[1]).toMatchObject({ key: 'distance.sameIsland', score: 100 });
    expect(gwen.reasons[2]).toMatchObject({ key: 'metBefore.no', weight: 4 });
    const out = Object.fromEntries(r.body.ruledOut.map((x: { name: string; rules: string[] }) => [x.name, x.rules]));
    expect(out).toEqual({ 'Hal Homeless': ['no_home_visits'], 'Pat Paused': ['paused'], 'Xena Excluded': ['do_not_send'] });
  });

  it('refuses a request that is closed, of another timebank, or without a category in use, and hides it from others', async () => {
    const closed = await listing({ memberId: w.mary.memberId, status: 'closed' });
    expectProblem(await broker.get(`${base()}/requests/${closed}`), 422, 'request_closed', '/params/listingId');
    const south = await listing({ memberId: w.sam.memberId, timebankId: w.world.south });
    expectProblem(await broker.get(`${base()}/requests/${south}`), 422, 'request_of_other_timebank', '/params/listingId');
    const nowhere = await listing({ memberId: w.mary.memberId, slug: 'no-such.category' });
    expectProblem(await broker.get(`${base()}/requests/${nowhere}`), 422, 'request_without_category', '/params/listingId');
    const member = await signedIn(w, w.nina);
    expectProblem(await member.get(`${base()}/requests/${requestId}`), 403, 'forbidden');
  });
});

describe('the call list', () => {
  it('keeps ranked candidates in order, refuses people ruled out, and records each contact', async () => {
    expectProblem(await broker.post(`${base()}/requests/${requestId}/calls`, { memberIds: [ids['Hal Homeless']] }), 422, 'not_a_candidate', '/body/memberIds/0');
    const added = await broker.post(`${base()}/requests/${requestId}/calls`, { memberIds: [ids['Cleo Cleaner'], ids['Gwen Gardener']] });
    expect(added.status, added.text).toBe(200);
    expect(added.body.items.map((c: { name: string }) => c.name)).toEqual(['Cleo Cleaner', 'Gwen Gardener']);
    const r = await broker.post(`${base()}/requests/${requestId}/calls/${ids['Cleo Cleaner']}`, { outcome: 'call_back', callBackAt: '2026-01-16T18:00:00Z', note: 'At work' });
    expect(r.status, r.text).toBe(200);
    expect(r.body.items[0]).toMatchObject({ outcome: 'call_back', callBackAt: '2026-01-16T18:00:00.000Z', contacts: [{ outcome: 'call_back', note: 'At work', byName: w.broker.name }] });
    // The list is shared: the coordinator sees what the broker recorded.
    expect((await coordinator.get(`${base()}/requests/${requestId}/calls`)).body.items[0].outcome).toBe('call_back');
    // Asked lately now counts against fairness.
    const ranked = await broker.get(`${base()}/requests/${requestId}`);
    expect(ranked.body.candidates.find((c: { name: string }) => c.name === 'Cleo Cleaner').reasons[4]).toMatchObject({ key: 'fairness.busy', score: 50 });
  });

  it('refuses a contact with someone not on the list, or a call back in the past, writing nothing', async () => {
    const before = await count('matching_contact');
    expectProblem(await broker.post(`${base()}/requests/${requestId}/calls/${ids['Pat Paused']}`, { outcome: 'no_answer' }), 422, 'not_on_call_list', '/params/memberId');
    expectProblem(await broker.post(`${base()}/requests/${requestId}/calls/${ids['Gwen Gardener']}`, { outcome: 'call_back', callBackAt: '2026-01-01T10:00:00Z' }), 400, 'validation_failed', '/body/callBackAt');
    expectProblem(await broker.post(`${base()}/requests/${requestId}/calls/${ids['Gwen Gardener']}`, { outcome: 'accepted' }), 400, 'validation_failed', '/body/agreement');
    expect(await count('matching_contact')).toBe(before);
  });

  it('turns "accepted" into an agreed exchange through the exchanges service; a refused agreement writes nothing', async () => {
    const exchanges = await count('exchange');
    const past = { date: '2026-01-10', time: '10:00', durationMinutes: 60, place: "Mary's" };
    expectProblem(await broker.post(`${base()}/requests/${requestId}/calls/${ids['Gwen Gardener']}`, { outcome: 'accepted', agreement: past }), 422, 'in_the_past');
    expect(await count('exchange')).toBe(exchanges);
    const r = await broker.post(`${base()}/requests/${requestId}/calls/${ids['Gwen Gardener']}`, { outcome: 'accepted', agreement: AGREE });
    expect(r.status, r.text).toBe(200);
    const ex = await broker.get(`/api/v1/exchanges/${r.body.exchangeId}`);
    expect(ex.body).toMatchObject({ state: 'agreed', listing: { id: requestId } });
    expect(r.body.items.find((c: { name: string }) => c.name === 'Gwen Gardener')).toMatchObject({ outcome: 'accepted', exchangeId: r.body.exchangeId });
    // The dashboard no longer lists the request as waiting.
    const d = await broker.get(`${base()}/dashboard`);
    expect(d.status, d.text).toBe(200);
    expect(d.body.waiting.map((x: { id: string }) => x.id)).not.toContain(requestId);
  });
});

describe('weights, offers and the dashboard', () => {
  it('lets coordinators set the weights in range only, and brokers only read them', async () => {
    const before = await count('matching_weights');
    const bad = await coordinator.request('PUT', `${base()}/weights`, { fit: 11, distance: 3, metBefore: 2, reliability: 2, fairness: -1 });
    expectProblem(bad, 422, 'weights_out_of_range', '/body/fit');
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['/body/fit', '/body/fairness']);
    expectProblem(await coordinator.request('PUT', `${base()}/weights`, { fit: 0, distance: 0, metBefore: 0, reliability: 0, fairness: 0 }), 422, 'weights_out_of_range', '/body');
    expectProblem(await broker.request('PUT', `${base()}/weights`, { fit: 1, distance: 1, metBefore: 1, reliability: 1, fairness: 1 }), 403, 'forbidden');
    expect(await count('matching_weights')).toBe(before);
    const ok = await coordinator.request('PUT', `${base()}/weights`, { fit: 1, distance: 10, metBefore: 0, reliability: 0, fairness: 0 });
    expect(ok.body).toMatchObject({ fit: 1, distance: 10, custom: true, updatedByName: w.world.coordinatorNorth.name });
    expect((await broker.get(`${base()}/weights`)).body).toMatchObject({ distance: 10, defaults: { fit: 5 } });
  });

  it('finds the open requests an offer could meet', async () => {
    const other = await listing({ memberId: w.mary.memberId, title: 'Weeding' });
    const offer = await listing({ memberId: ids['Cleo Cleaner']!, kind: 'offer', slug: 'home-garden.gardening', areaId: island });
    const r = await broker.get(`${base()}/offers/${offer}`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.items.map((x: { id: string }) => x.id)).toContain(other);
    expectProblem(await broker.get(`${base()}/offers/${other}`), 422, 'not_an_offer');
  });
});

describe('the pages', () => {
  it('shows who could help, with reasons and the people ruled out, and records a call from a plain form', async () => {
    const fresh = await listing({ memberId: w.mary.memberId, title: 'Hedge again', areaId: island });
    const page = await broker.get(`/timebanks/${w.world.north}/matching/requests/${fresh}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Gwen Gardener');
    expect(page.text).toContain('may not make home visits');
    const add = await form(broker, `/timebanks/${w.world.north}/matching/requests/${fresh}/calls`, { memberIds: ids['Cleo Cleaner']! });
    expect(add.status, add.text).toBe(303);
    const call = await form(broker, `/timebanks/${w.world.north}/matching/requests/${fresh}/calls/${ids['Cleo Cleaner']}`, { outcome: 'declined', note: 'Busy' });
    expect(call.status, call.text).toBe(303);
    const refused = await form(broker, `/timebanks/${w.world.north}/matching/requests/${fresh}/calls/${ids['Gwen Gardener']}`, { outcome: 'no_answer' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('not on the call list');
    expect((await broker.get(`/timebanks/${w.world.north}/matching`)).status).toBe(200);
  });

  it('refuses weights out of range on the settings page with the error by the field', async () => {
    const r = await form(coordinator, `/timebanks/${w.world.north}/matching/weights`, { fit: '12', distance: '3', metBefore: '2', reliability: '2', fairness: '3' });
    expect(r.status).toBe(400);
    expect(r.text).toContain('Enter a whole number from 0 to 10');
    expect(r.text).toContain('href="#fit"');
  });
});
