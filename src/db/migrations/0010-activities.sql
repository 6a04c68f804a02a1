-- Activities and the calendar feed (issue 5; docs/activities.md).
--
-- An activity (baking for a local event, a drop-in, a workshop) is run by a timebank (its
-- coordinators) or by an organisation of it (the people acting for it). Members register;
-- the organisers mark who attended; closing the activity pays each attendee the activity's
-- minutes in one linked ledger batch from the community pot or the organisation's account
-- (transfer.activity_id names the activity; the ledger's rows stay the record of payment).

create table activity (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid not null,
  -- Null: run by the timebank (its coordinators). Set: run by this organisation of the timebank.
  organisation_id uuid,
  title text not null check (length(title) between 3 and 120),
  description text not null default '' check (length(description) <= 4000),
  -- A slug of the categories module (src/modules/categories/taxonomy.ts or the timebank's own).
  category_slug text not null check (category_slug ~ '^[a-z0-9][a-z0-9-]{0,40}(\.[a-z0-9][a-z0-9-]{0,40})?$'),
  area_id uuid,
  place text check (length(place) <= 200),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- Most people who may be registered at once; null: no limit.
  capacity integer check (capacity between 1 and 10000),
  -- Who pays the attendees' hours: the timebank's community pot, or the organisation's account.
  payer text not null check (payer in ('community_pot', 'organisation')),
  minutes_per_attendee integer not null check (minutes_per_attendee between 1 and 1440),
  -- 'timebank': members of its timebank; 'network': also members of timebanks linked to it.
  visibility text not null default 'timebank' check (visibility in ('timebank', 'network')),
  -- 'open' (registering), 'cancelled', 'closed' (attendees paid).
  status text not null default 'open' check (status in ('open', 'cancelled', 'closed')),
  cancelled_reason text check (length(cancelled_reason) between 1 and 500),
  -- The client-chosen id of the closing request: the first transfer of the payment batch (its
  -- batch_id). Replaying the same request answers the same payment.
  payment_batch_id uuid,
  paid_minutes integer check (paid_minutes >= 0),
  paid_count integer check (paid_count >= 0),
  closed_at timestamptz,
  closed_by_person_id uuid,
  created_at timestamptz not null default now(),
  created_by_person_id uuid not null,
  updated_at timestamptz not null default now(),
  updated_by_person_id uuid,
  primary key (network_id, id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, organisation_id) references organisation (network_id, id),
  foreign key (network_id, area_id) references area (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id),
  foreign key (network_id, updated_by_person_id) references person (network_id, id),
  foreign key (network_id, closed_by_person_id) references person (network_id, id),
  check (ends_at > starts_at),
  check (payer <> 'organisation' or organisation_id is not null),
  check ((status = 'cancelled') = (cancelled_reason is not null)),
  check ((status = 'closed') = (closed_at is not null)),
  check ((payment_batch_id is null) or status = 'closed')
);
create index activity_timebank_idx on activity (network_id, timebank_id, starts_at);

-- A member registered for an activity: of its timebank, or of a linked timebank when the
-- activity is open to the network. Cancelling keeps the row (status 'cancelled'); registering
-- again reopens it.
create table activity_registration (
  network_id uuid not null,
  id uuid not null,
  activity_id uuid not null,
  member_id uuid not null,
  person_id uuid not null,
  status text not null default 'registered' check (status in ('registered', 'cancelled')),
  -- Null: not marked yet.
  attended boolean,
  registered_at timestamptz not null,
  registered_by_person_id uuid,
  cancelled_at timestamptz,
  cancelled_by_person_id uuid,
  attendance_marked_at timestamptz,
  attendance_marked_by_person_id uuid,
  -- The transfer that paid this attendee (the leg crediting their account).
  paid_transfer_id uuid,
  primary key (network_id, id),
  unique (network_id, activity_id, member_id),
  foreign key (network_id, activity_id) references activity (network_id, id),
  foreign key (network_id, member_id) references member (network_id, id),
  foreign key (network_id, person_id) references person (network_id, id),
  foreign key (network_id, registered_by_person_id) references person (network_id, id),
  foreign key (network_id, cancelled_by_person_id) references person (network_id, id),
  foreign key (network_id, attendance_marked_by_person_id) references person (network_id, id),
  foreign key (network_id, paid_transfer_id) references transfer (network_id, id),
  check ((status = 'cancelled') = (cancelled_at is not null))
);
create index activity_registration_person_idx on activity_registration (network_id, person_id);

-- A person's iCalendar feed: only the SHA-256 of the secret in its URL is kept. Regenerating
-- replaces the row, so the old URL stops working.
create table calendar_feed (
  network_id uuid not null,
  person_id uuid not null,
  token_hash bytea not null,
  created_at timestamptz not null default now(),
  primary key (network_id, person_id),
  unique (network_id, token_hash),
  foreign key (network_id, person_id) references person (network_id, id)
);
