// Agreed exchanges in the calendar feed of the people in them, and of nobody else; a
// cancelled one stays in the feed, marked cancelled, under the same UID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../../test/support/http.ts';
import { AGREE, agreed, type ExchangeWorld, exchangeWorld, insertListing, propose, signedIn } from './test-helpers.ts';

let w: ExchangeWorld;
beforeAll(async () => {
  w = await exchangeWorld();
}, 60_000);
afterAll(async () => w?.server.close());

async function feedOf(c: Client): Promise<string> {
  const made = await c.post('/api/v1/calendar/feed');
  expect(made.status).toBe(201);
  const r = await new Client(w.server.url).get(new URL(made.body.url).pathname);
  expect(r.status).toBe(200);
  return r.text;
}

describe('exchanges in the calendar feed', () => {
  it('lists each agreed occurrence for the receiver and the giver, not others, and keeps a cancelled one as cancelled', async () => {
    const mary = await signedIn(w, w.mary);
    const nina = await signedIn(w, w.nina);
    const ned = await signedIn(w, w.ned);
    const listingId = await insertListing(w, { memberId: w.mary.memberId, title: 'Bedding changed' });
    const proposedOnly = await propose(nina, await insertListing(w, { memberId: w.mary.memberId, title: 'Not agreed yet' }), w.mary.memberId, [w.nina.memberId]);
    const id = await propose(nina, listingId, w.mary.memberId, [w.nina.memberId]);
    const r = await agreed(mary, id, { ...AGREE, repeat: { weekdays: [2], count: 2 } });
    expect(r.occurrences).toHaveLength(2);

    for (const c of [mary, nina]) {
      const feed = (await feedOf(c)).replace(/\r\n[ \t]/g, '');
      for (const o of r.occurrences) expect(feed).toContain(`UID:exchange-${id}-${o.id}@`);
      expect(feed).toContain('DTSTART:20260120T100000Z');
      expect(feed).toContain("LOCATION:Mary's house");
      expect(feed).not.toContain(proposedOnly);
      expect(feed).not.toContain('STATUS:CANCELLED');
    }
    expect(await feedOf(ned)).not.toContain(id);

    expect((await nina.post(`/api/v1/exchanges/${id}/cancel`, { reason: 'Moving away' })).status).toBe(200);
    const after = (await feedOf(mary)).replace(/\r\n[ \t]/g, '');
    expect(after).toContain(`UID:exchange-${id}-${r.occurrences[0]!.id}@`);
    expect(after.match(/STATUS:CANCELLED/g)).toHaveLength(2);
  });
});
