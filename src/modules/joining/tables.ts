// Kysely types of the tables of migration 0005: applications, guardians, references and the
// member agreement (see docs/members.md).
import type { ColumnType } from 'kysely';
import type { DateOnly, Timestamp } from '../../db/schema.ts';

export type ApplicationSource = 'online' | 'phone' | 'paper' | 'in_person';
export type ApplicationDecision = 'approved' | 'declined' | 'merged';

export interface ApplicationTable {
  network_id: string;
  id: string;
  timebank_id: string;
  member_id: string;
  person_id: string;
  source: ApplicationSource;
  offer: string | null;
  wants: string | null;
  data_consent_at: Timestamp;
  decision: ApplicationDecision | null;
  decision_reason: string | null;
  decided_at: Timestamp | null;
  decided_by_person_id: string | null;
  created_at: Timestamp;
  created_by_person_id: string | null;
}

export interface GuardianTable {
  network_id: string;
  id: string;
  child_person_id: string;
  guardian_person_id: string;
  relationship: string;
  consent_method: 'online' | 'paper' | null;
  consent_signed_on: DateOnly | null;
  consent_recorded_at: Timestamp | null;
  consent_recorded_by_person_id: string | null;
  created_at: Timestamp;
  created_by_person_id: string | null;
}

export type Rating = 'very_good' | 'good' | 'some_concerns' | 'serious_concerns' | 'dont_know';

export interface ReferenceAnswers {
  honesty: { rating: Rating; comment: string | null };
  teamwork: { rating: Rating; comment: string | null };
  punctuality: { rating: Rating; comment: string | null };
  gettingOn: { rating: Rating; comment: string | null };
  freeText: string | null;
}

export interface ReferenceTable {
  network_id: string;
  id: string;
  timebank_id: string;
  person_id: string;
  referee_name: string;
  relationship: string;
  referee_email: string | null;
  referee_phone: string | null;
  token_hash: Buffer;
  token_expires_at: Timestamp;
  requested_at: Timestamp;
  requested_by_person_id: string | null;
  answered_at: Timestamp | null;
  answered_via: 'link' | 'call' | null;
  answer_recorded_by_person_id: string | null;
  answers: ColumnType<ReferenceAnswers | null, string | null, string | null>;
  verdict: 'satisfactory' | 'unsatisfactory' | null;
  verdict_reason: string | null;
  verdict_at: Timestamp | null;
  verdict_by_person_id: string | null;
}

export interface AgreementVersionTable {
  network_id: string;
  id: string;
  timebank_id: string;
  version: number;
  body_en: string | null;
  body_pl: string | null;
  published_at: Timestamp;
  published_by_person_id: string | null;
}

export interface AgreementSignatureTable {
  network_id: string;
  id: string;
  version_id: string;
  person_id: string;
  method: 'online' | 'paper';
  signed_on: DateOnly;
  recorded_at: Timestamp;
  recorded_by_person_id: string | null;
}

export interface JoiningTables {
  application: ApplicationTable;
  guardian: GuardianTable;
  reference: ReferenceTable;
  agreement_version: AgreementVersionTable;
  agreement_signature: AgreementSignatureTable;
}
