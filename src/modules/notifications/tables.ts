// Kysely's view of the notification tables (migration 0004-notifications.sql).
import type { ColumnType, Generated } from 'kysely';
import type { DateOnly, Timestamp } from '../../db/schema.ts';

export type Route = 'mail' | 'digest' | 'phone' | 'none';
export type Channel = 'mail' | 'digest' | 'none';
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface NotificationTable {
  network_id: string;
  id: string;
  kind: string;
  recipient_person_id: string | null;
  recipient_email: string | null;
  locale: Generated<string>;
  timebank_id: string | null;
  payload: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  route: Route | null;
  routed_at: Timestamp | null;
  digest_delivery_id: string | null;
  read_at: Timestamp | null;
}

export interface NotificationDeliveryTable {
  network_id: string;
  id: string;
  notification_id: string | null;
  digest_person_id: string | null;
  digest_week: DateOnly | null;
  timebank_id: string | null;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_until: Timestamp | null;
  last_error: string | null;
  to_address: string | null;
  sent_at: Timestamp | null;
  failed_at: Timestamp | null;
  address_refused: Generated<boolean>;
  created_at: Timestamp;
  resent_at: Timestamp | null;
  resent_by_person_id: string | null;
}

export interface NotificationPreferenceTable {
  network_id: string;
  person_id: string;
  kind: string;
  channel: Channel;
  updated_at: Timestamp;
  updated_by_person_id: string | null;
}

export interface NotificationEmailOptoutTable {
  network_id: string;
  email: string;
  kind: string;
  created_at: Timestamp;
}

export interface NotificationAddressProblemTable {
  network_id: string;
  person_id: string;
  email: string;
  reason: string;
  delivery_id: string | null;
  created_at: Timestamp;
}

export interface NotificationPhoneCallTable {
  network_id: string;
  id: string;
  notification_id: string;
  timebank_id: string;
  person_id: string;
  created_at: Timestamp;
  done_at: Timestamp | null;
  done_by_person_id: string | null;
  note: string | null;
}

export interface NotificationTables {
  notification: NotificationTable;
  notification_delivery: NotificationDeliveryTable;
  notification_preference: NotificationPreferenceTable;
  notification_email_optout: NotificationEmailOptoutTable;
  notification_address_problem: NotificationAddressProblemTable;
  notification_phone_call: NotificationPhoneCallTable;
}
