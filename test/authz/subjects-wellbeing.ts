// Targets of the wellbeing routes (docs/wellbeing.md) for the authorization matrix: a check-in of
// Mary's in North that asks a broker to offer signposting, written with the module's own insert.
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';
import { INSTRUMENT_VERSION } from '../../src/modules/wellbeing/instrument.ts';
import { insertCheckin } from '../../src/modules/wellbeing/queries.ts';

export interface WellbeingTargets {
  /** Mary's joining check-in with a high anxiety answer: signposting asked, not yet recorded. */
  wellbeingCheckinId: string;
}

export async function createWellbeingTargets(db: Kysely<DB>, t: { networkA: string; north: string; maryPersonId: string; maryMemberId: string }): Promise<WellbeingTargets> {
  const id = newId();
  await insertCheckin(db, {
    network_id: t.networkA,
    id,
    timebank_id: t.north,
    member_id: t.maryMemberId,
    person_id: t.maryPersonId,
    wave: 'joining',
    status: 'answered',
    instrument_version: INSTRUMENT_VERSION,
    answered_on: '2025-01-01',
    method: 'online',
    help: 'alone',
    life_satisfaction: 6,
    worthwhile: null,
    happiness: null,
    anxiety: 8,
    lonely_direct: null,
    lack_companionship: null,
    left_out: null,
    isolated: null,
    belonging: null,
    favours: null,
    recorded_at: new Date(),
    recorded_by_person_id: t.maryPersonId,
  });
  return { wellbeingCheckinId: id };
}
