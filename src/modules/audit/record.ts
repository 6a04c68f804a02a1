// Every write is attributable: who did it (actor), for whom (onBehalfOf), when, and in which
// request. Called inside the transaction of the write it records.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';

/** Who is writing: the signed-in person, and the member they act for, if any. */
export interface Actor {
  networkId: string;
  personId: string | null;
  onBehalfOfPersonId: string | null;
  requestId: string | null;
}

export const systemActor = (networkId: string): Actor => ({
  networkId,
  personId: null,
  onBehalfOfPersonId: null,
  requestId: null,
});

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string | null;
  timebankId?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordAudit(tx: Transaction<DB> | Kysely<DB>, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx
    .insertInto('audit_event')
    .values({
      network_id: actor.networkId,
      id: newId(),
      actor_person_id: actor.personId,
      on_behalf_of_person_id: actor.onBehalfOfPersonId,
      timebank_id: entry.timebankId ?? null,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      detail: JSON.stringify(entry.detail ?? {}),
      request_id: actor.requestId,
    })
    .execute();
}
