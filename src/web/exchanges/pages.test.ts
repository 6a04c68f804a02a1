// The exchange pages with plain form posts (no JavaScript): proposing, agreeing with errors
// shown by their fields, the steps, the story, the printable sheet, and thank-you notes on
// the profile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/support/http.ts';
import { newId } from '../../lib/ids.ts';
import { count, type ExchangeWorld, exchangeWorld, insertListing, signedIn } from '../../modules/exchanges/test-helpers.ts';

let w: ExchangeWorld;
let mary: Client;
let nina: Client;
let broker: Client;

beforeAll(async () => {
  w = await exchangeWorld();
  mary = await signedIn(w, w.mary);
  nina = await signedIn(w, w.nina);
  broker = await signedIn(w, w.broker);
}, 60_000);
afterAll(async () => w?.server.close());

function form(c: Client, path: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
  return c.request('POST', path, body.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
}

const idFrom = (location: string | null) => location!.split('/')[2]!.split('?')[0]!;

/** The hidden id of a form on a page (the hours form's idempotency key). */
const hiddenId = (html: string) => /name="id" value="([0-9a-f-]{36})"/.exec(html)![1]!;

describe('the exchange pages', () => {
  it('walks one exchange from proposal to confirmed hours through forms, showing its story', async () => {
    const listingId = await insertListing(w, { memberId: w.mary.memberId, title: 'Change my bedding' });
    const start = await nina.get(`/exchanges/new?listingId=${listingId}`);
    expect(start.status).toBe(200);
    expect(start.text).toContain('Change my bedding');
    const proposed = await form(nina, '/exchanges/new', { listingId, note: 'I can do mornings' });
    expect(proposed.status, proposed.text).toBe(303);
    const id = idFrom(proposed.headers.get('location'));

    // Expenses typed as hours: the form comes back with the error by the field, nothing written.
    const events = await count(w, 'exchange_event');
    const bad = await form(mary, `/exchanges/${id}/agree`, {
      date: '2026-01-27',
      time: '10:00',
      hours: '1',
      minutes: '30',
      place: 'Home',
      expensesAmount: '1:30',
      expensesCurrency: 'GBP',
      expensesFor: 'bus',
      expensesPayer: 'receiver',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/<title>Error: /);
    expect(bad.text).toContain('href="#expensesAmount"');
    expect(bad.text).toContain('Enter the expenses as money, such as 4.50: never hours');
    expect(bad.text).toContain('value="Home"');
    expect(await count(w, 'exchange_event')).toBe(events);

    const ok = await form(mary, `/exchanges/${id}/agree`, {
      date: '2026-01-27',
      time: '10:00',
      hours: '1',
      minutes: '30',
      place: 'Home',
      expensesAmount: '4.50',
      expensesCurrency: 'GBP',
      expensesFor: 'bus fare',
      expensesPayer: 'receiver',
    });
    expect(ok.status, ok.text).toBe(303);
    const page = await mary.get(`/exchanges/${id}`);
    expect(page.text).toContain('£4.50 for bus fare, paid by the person helped');
    expect(page.text).toContain('1 h 30 min');
    expect(page.text).toContain('Change the exchange');

    w.clock.set(new Date('2026-01-27T12:00:00Z'));
    try {
      const occurrenceId = (await mary.get(`/api/v1/exchanges/${id}`)).body.occurrences[0].id;
      const base = `/exchanges/${id}/occurrences/${occurrenceId}`;
      expect((await form(nina, `${base}/done`, {})).status).toBe(303);
      const withForm = await nina.get(`/exchanges/${id}`);
      const hoursId = hiddenId(withForm.text);
      expect((await form(nina, `${base}/hours`, { id: hoursId, hours: '1', minutes: '30' })).status).toBe(303);
      // The same form sent twice records once; another recording is refused on the page.
      expect((await form(nina, `${base}/hours`, { id: hoursId, hours: '1', minutes: '30' })).status).toBe(303);
      const twice = await form(nina, `${base}/hours`, { id: newId(), hours: '1', minutes: '0' });
      expect(twice.status).toBe(400);
      expect(twice.text).toContain('hours were already recorded for this occurrence');
      expect((await form(mary, `${base}/confirm`, {})).status).toBe(303);
      const story = await mary.get(`/exchanges/${id}`);
      expect(story.text).toContain('Hours confirmed');
      for (const step of ['Proposed', 'Agreed', 'Done', 'Hours recorded', 'Hours confirmed']) expect(story.text).toContain(`<strong>${step}</strong>`);
      expect(story.text).toContain(`by ${w.nina.name}`);

      // A thank-you, shown on Nina's profile; she hides it there.
      expect((await form(mary, `/exchanges/${id}/thanks`, { toMemberId: w.nina.memberId, text: 'Fresh sheets!', showOnProfile: 'yes' })).status).toBe(303);
      const profile = await nina.get(`/timebanks/${w.world.north}/members/${w.nina.memberId}/profile`);
      expect(profile.status).toBe(200);
      expect(profile.text).toContain('Fresh sheets!');
      const noteId = /action="\/thank-yous\/([0-9a-f-]{36})\/hidden"/.exec(profile.text)![1]!;
      const hide = await form(nina, `/thank-yous/${noteId}/hidden`, { hidden: 'yes', back: `/timebanks/${w.world.north}/members/${w.nina.memberId}/profile` });
      expect(hide.status).toBe(303);
      expect((await nina.get(`/api/v1/timebanks/${w.world.north}/members/${w.nina.memberId}/thanks`)).body.items[0].hiddenByRecipient).toBe(true);
    } finally {
      w.clock.set(new Date('2026-01-15T10:00:00Z'));
    }
  });

  it('shows a refusal about a giver in the summary for a member, and by the field for a broker who chooses givers', async () => {
    await w.db.insertInto('member_restriction').values({ network_id: w.world.networkA, member_id: w.ned.memberId, kind: 'no_home_visits', note: null, set_by_person_id: w.broker.id }).execute();
    const listingId = await insertListing(w, { memberId: w.mary.memberId, mode: 'home' });
    const proposed = await form(broker, '/exchanges/new', { listingId, receiver: w.mary.memberId, giver1: w.ned.memberId });
    expect(proposed.status, proposed.text).toBe(303);
    const id = idFrom(proposed.headers.get('location'));
    const fields = { date: '2026-01-28', time: '10:00', hours: '1', minutes: '0', place: 'Home' };
    const asBroker = await form(broker, `/exchanges/${id}/agree`, { ...fields, giver1: w.ned.memberId });
    expect(asBroker.status).toBe(400);
    expect(asBroker.text).toContain('href="#giver1"');
    expect(asBroker.text).toContain('may not make home visits');
    const asMember = await form(mary, `/exchanges/${id}/agree`, fields);
    expect(asMember.status).toBe(400);
    expect(asMember.text).not.toContain('href="#giver1"');
    expect(asMember.text).toContain('may not make home visits');
    // The broker sends Nina instead.
    expect((await form(broker, `/exchanges/${id}/agree`, { ...fields, giver1: w.nina.memberId })).status).toBe(303);
  });

  it("lets the timebank's coordinator tag the exchange's ways of co-producing, and no one else", async () => {
    const listingId = await insertListing(w, { memberId: w.mary.memberId, title: 'Garden design together' });
    const id = idFrom((await form(nina, '/exchanges/new', { listingId })).headers.get('location'));
    const coordinator = await signedIn(w, w.world.coordinatorNorth);
    expect((await coordinator.get(`/exchanges/${id}`)).text).toContain(`action="/exchanges/${id}/star"`);
    expect((await form(coordinator, `/exchanges/${id}/star`, { modes: ['co_design', 'co_delivery'] })).status).toBe(303);
    const modes = async () =>
      (await w.db.selectFrom('coproduction_tag').where('subject_kind', '=', 'exchange').where('subject_id', '=', id).select('mode').orderBy('mode').execute()).map((r) => r.mode);
    expect(await modes()).toEqual(['co_delivery', 'co_design']);
    const bad = await form(coordinator, `/exchanges/${id}/star`, { modes: 'co_everything' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choose among the four ways of co-producing.');
    expect((await mary.get(`/exchanges/${id}`)).text).not.toContain('/star"');
    expect((await form(mary, `/exchanges/${id}/star`, { modes: 'co_assessment' })).status).toBe(403);
    expect(await modes()).toEqual(['co_delivery', 'co_design']);
  });

  it('prints a whole exchange on a sheet with print styles and no navigation', async () => {
    const listingId = await insertListing(w, { memberId: w.mary.memberId, title: 'Bedding every Tuesday' });
    const proposed = await form(nina, '/exchanges/new', { listingId });
    const id = idFrom(proposed.headers.get('location'));
    expect(
      (
        await form(mary, `/exchanges/${id}/agree`, {
          date: '2026-03-03',
          time: '09:00',
          hours: '1',
          minutes: '0',
          place: 'Home',
          repeatWeekdays: '2',
          repeatCount: '4',
        })
      ).status,
    ).toBe(303);
    const sheet = await broker.get(`/exchanges/${id}/sheet`);
    expect(sheet.status).toBe(200);
    expect(sheet.text).toContain('@media print');
    expect(sheet.text).toContain('Exchange sheet: Bedding every Tuesday');
    expect(sheet.text).not.toContain('class="nav"');
    expect(sheet.text.match(/<td class="sign">/g)).toHaveLength(4);
    expect(sheet.text).toContain('Every Tuesday, 4 times');
    const pl = await mary.get(`/exchanges/${id}?lang=pl`);
    expect(pl.text).toContain('Uzgodniona');
  });

  it('lists my exchanges, and a broker those of the timebank too', async () => {
    const mine = await nina.get('/exchanges');
    expect(mine.status).toBe(200);
    expect(mine.text).toContain('My exchanges');
    const staff = await broker.get('/exchanges');
    expect(staff.text).toContain('Exchanges in North');
  });

  it('leads from my exchanges to the calendar feed, which says agreed exchanges are in it', async () => {
    const mine = await nina.get('/exchanges');
    expect(mine.text).toContain('<a href="/calendar">Your agreed exchanges in your own calendar</a>');
    const calendar = await nina.get('/calendar');
    expect(calendar.status).toBe(200);
    expect(calendar.text).toContain('Add your activities and agreed exchanges to the calendar');
    const pl = await nina.get('/exchanges?lang=pl');
    expect(pl.text).toContain('<a href="/calendar">Uzgodnione wymiany w twoim kalendarzu</a>');
  });
});

describe("the exchange pages with an organisation", () => {
  it("walk a cafe's request through forms: the cafe by name on the page, the sheet and the lists; it thanks its helper", async () => {
    const cafe = newId();
    await w.db.insertInto('organisation').values({ network_id: w.world.networkA, id: cafe, timebank_id: w.world.north, name: 'Quay Cafe', kind: 'business' }).execute();
    await w.db.insertInto('organisation_person').values({ network_id: w.world.networkA, organisation_id: cafe, person_id: w.ned.id, role: 'admin' }).execute();
    const ned = await signedIn(w, w.ned);
    const listingId = await insertListing(w, { memberId: w.ned.memberId, organisationId: cafe, title: 'Clean the cafe windows', mode: 'outside' });
    const start = await nina.get(`/exchanges/new?listingId=${listingId}`);
    expect(start.text).toContain('Quay Cafe');
    // A broker proposing on the cafe's request chooses givers only: the cafe receives.
    const asBroker = await broker.get(`/exchanges/new?listingId=${listingId}`);
    expect(asBroker.text).toContain('id="giver1"');
    expect(asBroker.text).not.toContain('id="receiver"');
    const proposed = await form(nina, '/exchanges/new', { listingId });
    expect(proposed.status, proposed.text).toBe(303);
    const id = idFrom(proposed.headers.get('location'));
    const page = await ned.get(`/exchanges/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Quay Cafe (organisation)');
    expect((await form(ned, `/exchanges/${id}/agree`, { date: '2026-02-03', time: '10:00', hours: '2', minutes: '0', place: 'Quay St' })).status).toBe(303);
    w.clock.set(new Date('2026-02-03T13:00:00Z'));
    try {
      const occurrenceId = (await ned.get(`/api/v1/exchanges/${id}`)).body.occurrences[0].id;
      const base = `/exchanges/${id}/occurrences/${occurrenceId}`;
      expect((await form(nina, `${base}/done`, {})).status).toBe(303);
      const hoursId = hiddenId((await nina.get(`/exchanges/${id}`)).text);
      expect((await form(nina, `${base}/hours`, { id: hoursId, hours: '2', minutes: '0' })).status).toBe(303);
      const toConfirm = await ned.get(`/exchanges/${id}`);
      expect(toConfirm.text).toContain(`action="${base}/confirm"`);
      expect((await form(ned, `${base}/confirm`, {})).status).toBe(303);
      // The cafe thanks Nina: the form offers her, and the note names the cafe.
      const thanksForm = await ned.get(`/exchanges/${id}`);
      expect(thanksForm.text).toContain(`value="${w.nina.memberId}"`);
      expect((await form(ned, `/exchanges/${id}/thanks`, { toMemberId: w.nina.memberId, text: 'Spotless, thank you', showOnProfile: 'yes' })).status).toBe(303);
      expect((await ned.get(`/exchanges/${id}`)).text).toMatch(/Quay Cafe[^<]*Nina Giver[^<]*“Spotless, thank you”/);
      // Nina's form offers no one to thank: notes go to members.
      expect((await nina.get(`/exchanges/${id}`)).text).not.toContain('id="toMemberId"');
    } finally {
      w.clock.set(new Date('2026-01-15T10:00:00Z'));
    }
    const sheet = await broker.get(`/exchanges/${id}/sheet`);
    expect(sheet.text).toContain('Quay Cafe (organisation)');
    const list = await ned.get('/exchanges');
    expect(list.text).toContain('Clean the cafe windows');
    expect(list.text).toContain('for Quay Cafe');
    const pl = await ned.get('/exchanges?lang=pl');
    expect(pl.text).toContain('w imieniu: Quay Cafe');
    expect((await ned.get(`/exchanges/${id}?lang=pl`)).text).toContain('Quay Cafe (organizacja)');
  });

  it("proposes on a cafe's offer: a broker chooses the receiver only, the cafe gives", async () => {
    const cafe = newId();
    await w.db.insertInto('organisation').values({ network_id: w.world.networkA, id: cafe, timebank_id: w.world.north, name: 'Tea Room', kind: 'business' }).execute();
    await w.db.insertInto('organisation_person').values({ network_id: w.world.networkA, organisation_id: cafe, person_id: w.ned.id, role: 'member' }).execute();
    const listingId = await insertListing(w, { memberId: w.ned.memberId, organisationId: cafe, kind: 'offer', title: 'A pot of tea', mode: 'outside' });
    const page = await broker.get(`/exchanges/new?listingId=${listingId}`);
    expect(page.text).toContain('id="receiver"');
    expect(page.text).not.toContain('id="giver1"');
    const proposed = await form(broker, '/exchanges/new', { listingId, receiver: w.mary.memberId });
    expect(proposed.status, proposed.text).toBe(303);
    const id = idFrom(proposed.headers.get('location'));
    expect((await mary.get(`/api/v1/exchanges/${id}`)).body.receiver.memberId).toBe(w.mary.memberId);
    const v = await broker.get(`/exchanges/${id}`);
    expect(v.text).toContain('Tea Room (organisation)');
    // The agreement form chooses no givers for a broker: the tea room gives.
    expect(v.text).toContain('id="date"');
    expect(v.text).not.toContain('id="giver1"');
  });
});
