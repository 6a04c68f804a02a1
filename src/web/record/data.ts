// What the record page shows beyond the person's details: their own full record when they
// look at it themself, and the notes, remarks and data rights for brokers and coordinators.
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { can, staffTimebankIds } from '../../modules/policy/policy.ts';
import { myRecordOut, noteOut, remarkOut } from '../../modules/record/routes.ts';
import type { RecordExtrasData } from './sections.tsx';

interface Membership {
  memberId: string;
  timebankId: string;
  timebankName: string;
}

export async function recordExtras(services: Services, req: FastifyRequest, personId: string, memberships: Membership[]): Promise<RecordExtrasData> {
  const p = principalOf(req);
  const { record } = services;
  const self = p.personId === personId && !p.actingFor;
  const mine = self ? myRecordOut(await record.myRecord(p, actorFor(req), personId)) : null;
  const staffIds = staffTimebankIds(p);
  const timebanks = memberships.filter((m) => staffIds.includes(m.timebankId));
  if (!timebanks.length) return { mine, staff: null };
  const resource = { type: 'person' as const, networkId: p.networkId, personId, timebankIds: memberships.map((m) => m.timebankId) };
  const [notes, remarks] = await Promise.all([record.notesForStaff(p, personId, staffIds), record.remarks(p, personId)]);
  return {
    mine,
    staff: {
      timebanks: timebanks.map((m) => ({ timebankId: m.timebankId, memberId: m.memberId, timebankName: m.timebankName })),
      notes: notes.map(noteOut),
      remarks: remarks.map(remarkOut),
      canExport: can(p, 'person.export', resource),
      canErase: can(p, 'person.erase', resource),
    },
  };
}
