-- Notifications: an outbox written in the transaction of the event, routed and sent by a
-- worker (docs/notifications.md). network_id leads every key.

-- One row per event for one recipient: a person (who sees it in the app), or an email
-- address of someone without an account (a referee). Rendered at send time in `locale`.
create table notification (
  network_id uuid not null references network (id),
  id uuid not null,
  kind text not null check (kind ~ '^[a-z_]{1,60}$'),
  recipient_person_id uuid,
  recipient_email text check (recipient_email = lower(recipient_email) and length(recipient_email) between 3 and 320),
  -- For an email recipient; a person's own locale is read at send time.
  locale text not null default 'en' check (locale in ('en', 'pl')),
  timebank_id uuid,
  payload jsonb not null default '{}',
  created_at timestamptz not null,
  -- Set by the worker when it has decided where the notification goes.
  route text check (route in ('mail', 'digest', 'phone', 'none')),
  routed_at timestamptz,
  digest_delivery_id uuid,
  read_at timestamptz,
  primary key (network_id, id),
  foreign key (network_id, recipient_person_id) references person (network_id, id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  check ((recipient_person_id is null) <> (recipient_email is null)),
  check ((route is null) = (routed_at is null))
);
create index notification_unrouted_idx on notification (created_at) where route is null;
create index notification_person_idx on notification (network_id, recipient_person_id, created_at);
create index notification_unread_idx on notification (network_id, recipient_person_id)
  where read_at is null;
create index notification_digest_idx on notification (network_id, recipient_person_id, created_at)
  where route = 'digest' and digest_delivery_id is null;

-- One mail to send: a single notification, or a person's weekly digest.
create table notification_delivery (
  network_id uuid not null references network (id),
  id uuid not null,
  notification_id uuid,
  -- A digest: the person and the Monday its week starts.
  digest_person_id uuid,
  digest_week date,
  timebank_id uuid,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null,
  -- While 'sending': the worker holding it; another may take it over after this time.
  lease_until timestamptz,
  last_error text check (length(last_error) <= 2000),
  -- The address the last attempt went to.
  to_address text,
  sent_at timestamptz,
  failed_at timestamptz,
  -- Failed because the address itself was refused (no retry helps).
  address_refused boolean not null default false,
  created_at timestamptz not null,
  resent_at timestamptz,
  resent_by_person_id uuid,
  primary key (network_id, id),
  foreign key (network_id, notification_id) references notification (network_id, id),
  foreign key (network_id, digest_person_id) references person (network_id, id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, resent_by_person_id) references person (network_id, id),
  check ((notification_id is null) <> (digest_person_id is null)),
  check ((digest_person_id is null) = (digest_week is null)),
  check ((status = 'sending') = (lease_until is not null)),
  check ((status = 'sent') = (sent_at is not null)),
  check ((status = 'failed') = (failed_at is not null))
);
create unique index notification_delivery_single_uq on notification_delivery (network_id, notification_id)
  where notification_id is not null;
create unique index notification_delivery_digest_uq on notification_delivery (network_id, digest_person_id, digest_week)
  where digest_person_id is not null;
-- The worker's queue runs across networks.
create index notification_delivery_due_idx on notification_delivery (next_attempt_at) where status = 'pending';
create index notification_delivery_lease_idx on notification_delivery (lease_until) where status = 'sending';
create index notification_delivery_failed_idx on notification_delivery (network_id, timebank_id, failed_at)
  where status = 'failed';
-- notification.digest_delivery_id has no foreign key: with notification_delivery.notification_id
-- it would make a cycle, and tables are deleted children first (a demo network is deleted
-- whole). It is set only in the transaction that inserts the digest delivery (worker.ts).

-- A member's choice per kind: mail, digest or none. No row: mail.
create table notification_preference (
  network_id uuid not null,
  person_id uuid not null,
  kind text not null check (kind ~ '^[a-z_]{1,60}$'),
  channel text not null check (channel in ('mail', 'digest', 'none')),
  updated_at timestamptz not null,
  updated_by_person_id uuid,
  primary key (network_id, person_id, kind),
  foreign key (network_id, person_id) references person (network_id, id),
  foreign key (network_id, updated_by_person_id) references person (network_id, id)
);

-- Someone without an account (a referee) who asked for no more mail of a kind.
create table notification_email_optout (
  network_id uuid not null references network (id),
  email text not null check (email = lower(email)),
  kind text not null check (kind ~ '^[a-z_]{1,60}$'),
  created_at timestamptz not null,
  primary key (network_id, email, kind)
);

-- An address the mail server refused for good (a 5xx for the recipient). Shown to brokers;
-- while the person's email is this address, their notifications go to the phone list.
create table notification_address_problem (
  network_id uuid not null,
  person_id uuid not null,
  email text not null,
  reason text not null check (length(reason) between 1 and 2000),
  delivery_id uuid,
  created_at timestamptz not null,
  primary key (network_id, person_id, email),
  foreign key (network_id, person_id) references person (network_id, id),
  foreign key (network_id, delivery_id) references notification_delivery (network_id, id)
);

-- A broker's "to phone" list: notifications of members who have no (working) email.
create table notification_phone_call (
  network_id uuid not null,
  id uuid not null,
  notification_id uuid not null,
  timebank_id uuid not null,
  person_id uuid not null,
  created_at timestamptz not null,
  done_at timestamptz,
  done_by_person_id uuid,
  note text check (length(note) <= 1000),
  primary key (network_id, id),
  unique (network_id, notification_id),
  foreign key (network_id, notification_id) references notification (network_id, id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, person_id) references person (network_id, id),
  foreign key (network_id, done_by_person_id) references person (network_id, id),
  check ((done_at is null) = (done_by_person_id is null))
);
create index notification_phone_call_open_idx on notification_phone_call (network_id, timebank_id, created_at)
  where done_at is null;

-- ---------------------------------------------------------------------------------------
-- Ledger events, written by a trigger in the transaction of ledger_post() so posting keeps
-- its one round trip. One insert per transfer that concerns someone:
--   pending (not a reversal)            -> hours_to_confirm to the holders of the debit account
--   post_pending of an exchange/activity -> hours_confirmed to the holders of the credit account
--   posted or post_pending gift         -> gift_received to the holders of the credit account
-- Holders: the member of a member account, the people acting for an organisation's.
-- The person who recorded the transfer (or was acted for) is not told about their own act.
-- ---------------------------------------------------------------------------------------
-- A UUIDv7 made in the database (the application makes every other id): the time of the
-- event in milliseconds, then random bits.
create function notification_uuid7(p_at timestamptz) returns uuid language sql volatile as $$
  select (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || substr(r, 1, 3) || '-'
    || substr('89ab', 1 + floor(random() * 4)::int, 1) || substr(r, 4, 3) || '-' || substr(r, 7, 12))::uuid
  from (select lpad(to_hex(floor(extract(epoch from p_at) * 1000)::bigint), 12, '0') as h,
               md5(random()::text || clock_timestamp()::text) as r) x
$$;

create function notification_from_transfer() returns trigger language plpgsql as $$
declare
  v_kind text;
  v_account uuid;
  v_other uuid;
begin
  if new.phase = 'pending' and new.kind <> 'reversal' then
    v_kind := 'hours_to_confirm';
    v_account := new.debit_account_id;
    v_other := new.credit_account_id;
  elsif new.kind = 'gift' and new.phase in ('posted', 'post_pending') then
    v_kind := 'gift_received';
    v_account := new.credit_account_id;
    v_other := new.debit_account_id;
  elsif new.phase = 'post_pending' and new.kind in ('exchange', 'activity') then
    v_kind := 'hours_confirmed';
    v_account := new.credit_account_id;
    v_other := new.debit_account_id;
  else
    return null;
  end if;
  insert into notification (network_id, id, kind, recipient_person_id, timebank_id, payload, created_at)
  select new.network_id, notification_uuid7(new.created_at),
    v_kind, h.person_id, new.timebank_id,
    jsonb_build_object('transfer_id', new.id, 'minutes', new.minutes, 'category', new.category,
      'transfer_kind', new.kind, 'account_id', v_account, 'other_account_id', v_other,
      'pending_id', new.pending_id, 'memo', new.memo),
    new.created_at
  from (
    select m.person_id
    from account a join member m on m.network_id = a.network_id and m.id = a.member_id
    where a.network_id = new.network_id and a.id = v_account
    union
    select op.person_id
    from account a join organisation_person op
      on op.network_id = a.network_id and op.organisation_id = a.organisation_id
    where a.network_id = new.network_id and a.id = v_account
  ) h
  where h.person_id is distinct from new.recorded_by_person_id
    and h.person_id is distinct from new.on_behalf_of_person_id;
  return null;
end $$;
create trigger notification_from_transfer after insert on transfer
  for each row execute function notification_from_transfer();
