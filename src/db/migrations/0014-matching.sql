-- Broker matching (docs/matching.md): each timebank's ranking weights, the members a requester
-- asked not to be sent, the shared call list of a request and every contact made from it, and
-- the indexes that let the ranking pre-filter candidates at the scale of a large timebank.

-- The weights of the ranking factors, set by a coordinator; no row means the documented defaults.
create table matching_weights (
  network_id uuid not null,
  timebank_id uuid not null,
  fit integer not null check (fit between 0 and 10),
  distance integer not null check (distance between 0 and 10),
  met_before integer not null check (met_before between 0 and 10),
  reliability integer not null check (reliability between 0 and 10),
  fairness integer not null check (fairness between 0 and 10),
  updated_at timestamptz not null default now(),
  updated_by_person_id uuid not null,
  primary key (network_id, timebank_id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, updated_by_person_id) references person (network_id, id),
  check (fit + distance + met_before + reliability + fairness > 0)
);

-- "Please don't send X": kept by brokers for a member who asks for help.
create table matching_do_not_send (
  network_id uuid not null,
  member_id uuid not null,
  excluded_member_id uuid not null,
  reason text check (length(reason) <= 500),
  created_at timestamptz not null default now(),
  created_by_person_id uuid not null,
  on_behalf_of_person_id uuid,
  primary key (network_id, member_id, excluded_member_id),
  foreign key (network_id, member_id) references member (network_id, id),
  foreign key (network_id, excluded_member_id) references member (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id),
  check (member_id <> excluded_member_id)
);

-- The call list of a request: who the brokers will ring, shared by the timebank's brokers and
-- kept between sign-ins; outcome is the last contact's.
create table matching_call (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid not null,
  listing_id uuid not null,
  member_id uuid not null,
  position integer not null check (position >= 0),
  outcome text check (outcome in ('no_answer', 'declined', 'accepted', 'call_back')),
  call_back_at timestamptz,
  last_contact_at timestamptz,
  exchange_id uuid,
  added_at timestamptz not null default now(),
  added_by_person_id uuid not null,
  primary key (network_id, id),
  unique (network_id, listing_id, member_id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, listing_id) references listing (network_id, id),
  foreign key (network_id, member_id) references member (network_id, id),
  foreign key (network_id, exchange_id) references exchange (network_id, id),
  foreign key (network_id, added_by_person_id) references person (network_id, id),
  check ((outcome = 'call_back') = (call_back_at is not null))
);

-- Every contact made from a call list: who rang whom, when, what they said. Append-only.
create table matching_contact (
  network_id uuid not null,
  id uuid not null,
  call_id uuid not null,
  timebank_id uuid not null,
  member_id uuid not null,
  outcome text not null check (outcome in ('no_answer', 'declined', 'accepted', 'call_back')),
  call_back_at timestamptz,
  note text check (length(note) <= 500),
  at timestamptz not null,
  by_person_id uuid not null,
  on_behalf_of_person_id uuid,
  primary key (network_id, id),
  foreign key (network_id, call_id) references matching_call (network_id, id),
  foreign key (network_id, by_person_id) references person (network_id, id)
);
-- Fairness: how often a member was asked lately.
create index matching_contact_member_idx on matching_contact (network_id, member_id, at);
create index matching_contact_call_idx on matching_contact (network_id, call_id, at);

-- Pre-filtering candidates: open offers of a timebank by category, members' profile categories
-- with the membership's timebank, status and area reached from the member's key without the heap.
create index listing_offer_category_idx on listing (network_id, timebank_id, category_slug, member_id)
  where status = 'open' and kind = 'offer' and member_id is not null;
create index member_matching_idx on member (network_id, id) include (timebank_id, status, area_id);
