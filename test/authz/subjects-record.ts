// Targets of the routes of my record, broker notes, data rights and organisation roles
// (docs/my-record.md) for the authorization matrix: made in North beside the others.
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';
import { linkPerson } from '../../src/modules/organisations/queries.ts';
import { insertNote } from '../../src/modules/record/queries.ts';
import { addPerson } from '../support/fixtures.ts';
import type { BaseTargets, Targets } from './subjects.ts';

export interface RecordTargets {
  /** A note about Mary shared with her. */
  sharedNoteId: string;
  /** A shared note about Mary that the restrict probes restrict (then answer 409). */
  restrictNoteId: string;
  /** Erin, a member of North whom the erase probes erase (then answer 409). */
  erinPersonId: string;
  /** Members acting for North Lunch Club: one for the API's role probes, one for the page's. */
  orgApiPersonId: string;
  orgPagePersonId: string;
}

/** The record targets of a matrix's targets (set by createRecordTargets). */
export const recordTargets = (t: Targets) => t as Targets & RecordTargets;

export async function createRecordTargets(db: Kysely<DB>, t: Omit<BaseTargets, 'referenceTokens'>): Promise<RecordTargets> {
  const note = async (body: string) => {
    const id = newId();
    await insertNote(db, {
      network_id: t.world.networkA,
      id,
      timebank_id: t.north,
      person_id: t.mary.id,
      body,
      written_at: new Date(),
      written_by_person_id: t.world.brokerNorth.id,
      restricted: false,
      restricted_reason: null,
      restricted_at: null,
      restricted_by_person_id: null,
    });
    return id;
  };
  const erin = await addPerson(db, t.world.networkA, { name: 'Erin Erasable', timebankId: t.north, password: false });
  const actsForOrg = async (name: string) => {
    const p = await addPerson(db, t.world.networkA, { name, timebankId: t.north, password: false });
    await linkPerson(db, t.world.networkA, t.organisationId, p.id, 'member');
    return p.id;
  };
  return {
    sharedNoteId: await note('Shared with Mary'),
    restrictNoteId: await note('To be restricted'),
    erinPersonId: erin.id,
    orgApiPersonId: await actsForOrg('Orla Org Api'),
    orgPagePersonId: await actsForOrg('Oona Org Page'),
  };
}
