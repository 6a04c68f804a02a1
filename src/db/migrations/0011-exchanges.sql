-- Exchanges (issue 5, docs/exchanges.md): help arranged between people on a listing, its
-- occurrences (one, or many for a recurring exchange), the hours recorded for each, the story
-- of every step, and thank-you notes.
--
-- An exchange is proposed, then agreed (or cancelled). Once agreed it has occurrences, each
-- with its own state: agreed -> done -> hours_recorded -> confirmed, or disputed -> resolved,
-- or cancelled / no_show. A one-off exchange has exactly one occurrence.
create table exchange (
  network_id uuid not null,
  id uuid not null,
  -- The timebank of the listing: where the exchange is arranged and whose brokers see it.
  timebank_id uuid not null,
  listing_id uuid not null,
  receiver_member_id uuid not null,
  state text not null default 'proposed' check (state in ('proposed', 'agreed', 'cancelled')),
  -- Snapshot of the listing when proposed: what and in which category (the hours carry it).
  what text not null check (length(what) between 1 and 200),
  category_slug text not null,
  mode text not null check (mode in ('home', 'outside', 'online')),
  check_needed boolean not null,
  note text check (length(note) <= 2000),
  -- What was agreed (null until agreed).
  place text check (length(place) <= 300),
  duration_minutes integer check (duration_minutes between 1 and 1440),
  -- The recurrence rule: ISO weekdays (1 Monday .. 7 Sunday), until a day or a number of times.
  repeat_weekdays jsonb,
  repeat_until date,
  repeat_count integer check (repeat_count between 1 and 104),
  -- Travel expenses agreed before it happens: money in integer minor units, never hours.
  expenses_minor bigint check (expenses_minor >= 0),
  expenses_currency text check (expenses_currency ~ '^[A-Z]{3}$'),
  expenses_for text check (length(expenses_for) <= 300),
  expenses_payer text check (expenses_payer in ('receiver', 'timebank', 'organisation')),
  cancelled_reason text check (length(cancelled_reason) <= 2000),
  created_at timestamptz not null default now(),
  created_by_person_id uuid,
  updated_at timestamptz not null default now(),
  primary key (network_id, id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, listing_id) references listing (network_id, id),
  foreign key (network_id, receiver_member_id) references member (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id),
  check ((expenses_minor is null) = (expenses_currency is null)),
  check ((expenses_minor is null) = (expenses_payer is null)),
  check (repeat_until is null or repeat_count is null)
);
create index exchange_timebank_idx on exchange (network_id, timebank_id, created_at desc);
create index exchange_receiver_idx on exchange (network_id, receiver_member_id);
create index exchange_listing_idx on exchange (network_id, listing_id);

-- One or two givers (a visit by two people).
create table exchange_giver (
  network_id uuid not null,
  exchange_id uuid not null,
  member_id uuid not null,
  position smallint not null check (position in (0, 1)),
  primary key (network_id, exchange_id, member_id),
  unique (network_id, exchange_id, position),
  foreign key (network_id, exchange_id) references exchange (network_id, id),
  foreign key (network_id, member_id) references member (network_id, id)
);
create index exchange_giver_member_idx on exchange_giver (network_id, member_id);

create table exchange_occurrence (
  network_id uuid not null,
  id uuid not null,
  exchange_id uuid not null,
  seq integer not null check (seq >= 1),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  state text not null default 'agreed' check (state in (
    'agreed', 'done', 'hours_recorded', 'confirmed', 'disputed', 'resolved', 'cancelled', 'no_show')),
  -- cancelled / no_show: why, and (no_show) which member did not come.
  reason text check (length(reason) <= 2000),
  no_show_member_id uuid,
  -- disputed -> resolved: the broker's outcome.
  resolution text check (resolution in ('post', 'void', 'adjust')),
  updated_at timestamptz not null default now(),
  primary key (network_id, id),
  unique (network_id, exchange_id, seq),
  foreign key (network_id, exchange_id) references exchange (network_id, id),
  foreign key (network_id, no_show_member_id) references member (network_id, id),
  check (ends_at > starts_at)
);
create index exchange_occurrence_time_idx on exchange_occurrence (network_id, starts_at) where state = 'agreed';

-- Hours recorded for an occurrence: one row per giver, at most once (the primary key is what
-- refuses recording twice, even when two requests race). request_id is the client's id.
create table exchange_hours (
  network_id uuid not null,
  occurrence_id uuid not null,
  giver_member_id uuid not null,
  exchange_id uuid not null,
  request_id uuid not null,
  transfer_id uuid not null,
  minutes integer not null check (minutes between 1 and 1440),
  recorded_at timestamptz not null default now(),
  recorded_by_person_id uuid,
  on_behalf_of_person_id uuid,
  primary key (network_id, occurrence_id, giver_member_id),
  foreign key (network_id, occurrence_id) references exchange_occurrence (network_id, id),
  foreign key (network_id, exchange_id) references exchange (network_id, id),
  foreign key (network_id, giver_member_id) references member (network_id, id),
  -- Checked at commit: the row is written first (to claim the occurrence), then the transfer.
  foreign key (network_id, transfer_id) references transfer (network_id, id) deferrable initially deferred
);
create index exchange_hours_request_idx on exchange_hours (network_id, request_id);

-- The story of an exchange: every step and change, who did it, for whom, when. Append-only.
create table exchange_event (
  network_id uuid not null,
  id uuid not null,
  exchange_id uuid not null,
  occurrence_id uuid,
  at timestamptz not null,
  kind text not null,
  actor_person_id uuid,
  on_behalf_of_person_id uuid,
  detail jsonb not null default '{}'::jsonb,
  primary key (network_id, id),
  foreign key (network_id, exchange_id) references exchange (network_id, id),
  foreign key (network_id, occurrence_id) references exchange_occurrence (network_id, id)
);
create index exchange_event_exchange_idx on exchange_event (network_id, exchange_id, at, id);

-- Thank-you notes instead of star ratings. Shown on the recipient's profile only when the
-- writer agrees (show_on_profile) and the recipient has not hidden it.
create table thank_you (
  network_id uuid not null,
  id uuid not null,
  exchange_id uuid not null,
  from_member_id uuid not null,
  to_member_id uuid not null,
  body text not null check (length(body) between 1 and 1000),
  show_on_profile boolean not null,
  hidden_by_recipient boolean not null default false,
  created_at timestamptz not null default now(),
  written_by_person_id uuid,
  primary key (network_id, id),
  unique (network_id, exchange_id, from_member_id, to_member_id),
  foreign key (network_id, exchange_id) references exchange (network_id, id),
  foreign key (network_id, from_member_id) references member (network_id, id),
  foreign key (network_id, to_member_id) references member (network_id, id),
  check (from_member_id <> to_member_id)
);
create index thank_you_to_idx on thank_you (network_id, to_member_id, created_at desc);
