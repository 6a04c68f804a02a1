// The archive's files of what a person took part in (docs/my-record.md): their listings, the
// exchanges they gave or received in with each occurrence, thank-you notes written and
// received, activities they registered for, and brokers' calls to them about requests.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { toJson } from './archive.ts';
import { exchangesOfPerson } from '../exchanges/queries.ts';
import * as q from './queries.ts';

export async function participationFiles(db: Kysely<DB>, networkId: string, personId: string, memberIds: string[]): Promise<Record<string, string>> {
  const [listings, exchanges, thanks, activities, matching] = await Promise.all([
    q.listingsOf(db, networkId, memberIds),
    exchangesOfPerson(db, networkId, personId, Number.MAX_SAFE_INTEGER),
    q.thanksOf(db, networkId, memberIds),
    q.registrationsOf(db, networkId, personId),
    q.matchingOf(db, networkId, memberIds),
  ]);
  const occurrences = await q.occurrencesOf(
    db,
    networkId,
    exchanges.map((e) => e.id),
  );
  return {
    'listings.json': toJson(listings),
    'exchanges.json': toJson(
      exchanges.map((e) => ({
        id: e.id,
        timebank_id: e.timebank_id,
        what: e.what,
        category_slug: e.category_slug,
        mode: e.mode,
        state: e.state,
        place: e.place,
        note: e.note,
        cancelled_reason: e.cancelled_reason,
        created_at: e.created_at,
        role: e.receiver_member_id !== null && memberIds.includes(e.receiver_member_id) ? 'receiver' : 'giver',
        occurrences: occurrences.filter((o) => o.exchange_id === e.id).map(({ exchange_id, ...o }) => o),
      })),
    ),
    'thanks.json': toJson(thanks.map(({ written, ...t }) => ({ ...t, direction: written ? 'written' : 'received' }))),
    'activities.json': toJson(activities),
    'broker-calls.json': toJson(matching),
  };
}
