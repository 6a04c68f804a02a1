// Targets of the listing routes (docs/listings.md) for the authorization matrix: listings of
// Mary's in North, written with the listings module's own insert. Each probe that closes a
// listing gets one of its own, so the others still find theirs open.
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';
import { insertListing } from '../../src/modules/listings/queries.ts';
import { addMonths, isoDay } from '../../src/modules/listings/rules.ts';

export interface ListingTargets {
  /** An open request of Mary's in North, seen in North only. */
  listingId: string;
  /** Closed by the API's close probe. */
  closeListingId: string;
  /** Closed by the page's close probe. */
  pageCloseListingId: string;
}

export async function createListingTargets(db: Kysely<DB>, t: { networkA: string; north: string; maryPersonId: string; maryMemberId: string }): Promise<ListingTargets> {
  const listing = async (title: string) => {
    const id = newId();
    await insertListing(db, {
      network_id: t.networkA,
      id,
      timebank_id: t.north,
      member_id: t.maryMemberId,
      organisation_id: null,
      kind: 'request',
      title,
      description: '',
      category_slug: 'home-garden.gardening',
      area_id: null,
      mode: 'outside',
      when_kind: 'flexible',
      when_on: null,
      when_weekday: null,
      when_every_weeks: null,
      when_part: null,
      when_note: null,
      check_needed: false,
      check_set_by_person_id: null,
      language: 'en',
      languages: [],
      visibility: 'timebank',
      expires_on: addMonths(isoDay(new Date()), 3),
      taken_by_phone: false,
      created_by_person_id: t.maryPersonId,
      created_at: new Date(),
    });
    return id;
  };
  return {
    listingId: await listing('Help with the hedge'),
    closeListingId: await listing('Closed by the API probe'),
    pageCloseListingId: await listing('Closed by the page probe'),
  };
}
