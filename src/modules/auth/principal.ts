import type { Actor } from '../audit/record.ts';
import type { Grant, Membership, PolicySubject } from '../policy/policy.ts';

/** Where a session stands on its way in: the second factor may still be owed. */
export type SessionStage = 'totp' | 'enrol' | 'ready';

/** The signed-in person, as every route and page sees them. */
export interface Principal extends PolicySubject {
  sessionId: string;
  displayName: string;
  locale: string;
  csrfToken: string;
  stage: SessionStage;
  memberships: Membership[];
  grants: Grant[];
  /** The member a broker is acting for (the 90-year-old who phones in), if any. */
  actingFor: { personId: string; displayName: string } | null;
  currentTimebankId: string | null;
  totpEnabled: boolean;
}

/** Who a write is attributed to: the signed-in person, for the member they act for. */
export function actorOf(p: Principal, requestId: string | null): Actor {
  return {
    networkId: p.networkId,
    personId: p.personId,
    onBehalfOfPersonId: p.actingFor?.personId ?? null,
    requestId,
  };
}

/** The person whose pages are shown: the member acted for, or the person themself. */
export function subjectPersonId(p: Principal): string {
  return p.actingFor?.personId ?? p.personId;
}
