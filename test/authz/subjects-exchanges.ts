// The targets of the exchange routes (docs/exchanges.md) for the authorization matrix: an
// exchange Mary ("self") receives and Nina ("member:own") gives, agreed for tomorrow, on a
// request of Mary's; and a thank-you from Nina to Mary. Made through the API as Nina and Mary
// (so through the exchanges service); the listing and the note are written straight into
// their tables (the listings module is built elsewhere; a note needs help that happened).
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';
import { Client } from '../support/http.ts';
import type { PersonFixture } from '../support/fixtures.ts';

export interface ExchangeTargets {
  /** A request of Mary's, open, shown to North. */
  exchangeListingId: string;
  /** Agreed: Mary receives, Nina gives, tomorrow at 10:00. */
  exchangeId: string;
  occurrenceId: string;
  /** A thank-you from Nina to Mary, shown on Mary's profile. */
  thankYouId: string;
}

export async function createExchangeTargets(
  db: Kysely<DB>,
  url: string,
  m: { networkId: string; north: string; mary: PersonFixture; maryMemberId: string; nina: PersonFixture; ninaMemberId: string },
): Promise<ExchangeTargets> {
  const listingId = newId();
  await db
    .insertInto('listing')
    .values({
      network_id: m.networkId,
      id: listingId,
      timebank_id: m.north,
      kind: 'request',
      member_id: m.maryMemberId,
      organisation_id: null,
      title: 'Help with my phone',
      category_slug: 'digital-help',
      mode: 'online',
      expires_on: '2099-01-01',
      created_by_person_id: m.mary.id,
    })
    .execute();
  const signIn = async (p: PersonFixture, address: string) => {
    const c = new Client(url, { 'x-forwarded-for': address });
    const r = await c.signIn(p.email!);
    if (r.status !== 200) throw new Error(`matrix world: ${p.name} could not sign in: ${r.status}`);
    return c;
  };
  const nina = await signIn(m.nina, '10.254.0.1');
  const mary = await signIn(m.mary, '10.254.0.2');
  const proposed = await nina.post('/api/v1/exchanges', { listingId, receiverMemberId: m.maryMemberId, giverMemberIds: [m.ninaMemberId] });
  if (proposed.status !== 201) throw new Error(`matrix world: an exchange: ${proposed.status} ${proposed.text}`);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const agreed = await mary.post(`/api/v1/exchanges/${proposed.body.id}/agree`, { date: tomorrow, time: '10:00', durationMinutes: 60, place: 'On the phone' });
  if (agreed.status !== 200) throw new Error(`matrix world: agreeing: ${agreed.status} ${agreed.text}`);
  const thankYouId = newId();
  await db
    .insertInto('thank_you')
    .values({
      network_id: m.networkId,
      id: thankYouId,
      exchange_id: proposed.body.id,
      from_member_id: m.ninaMemberId,
      to_member_id: m.maryMemberId,
      body: 'Lovely to meet you',
      show_on_profile: true,
      written_by_person_id: m.nina.id,
    })
    .execute();
  return { exchangeListingId: listingId, exchangeId: proposed.body.id, occurrenceId: agreed.body.occurrences[0].id, thankYouId };
}
