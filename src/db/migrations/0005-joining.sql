-- Joining: applications (online, by phone, on paper, in person), dates of birth and the
-- guardians of members under 16, references answered through a one-time link, and the
-- versioned member agreement with its signatures. See docs/members.md.

-- The full date of birth; birth_year stays, derived from it whenever it is known.
alter table person add column birth_date date;
alter table person add constraint person_birth_date_year
  check (birth_date is null or (birth_year is not null and birth_year = extract(year from birth_date)::int));

create table application (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid not null,
  -- the membership (status 'applied' until approved) and the person it is for.
  member_id uuid not null,
  person_id uuid not null,
  source text not null check (source in ('online', 'phone', 'paper', 'in_person')),
  offer text check (length(offer) <= 1000),
  wants text check (length(wants) <= 1000),
  -- consent to how their data is used, given on the form (or read out by the broker).
  data_consent_at timestamptz not null,
  -- 'merged': the details were added to a person already known (see docs/members.md).
  decision text check (decision in ('approved', 'declined', 'merged')),
  decision_reason text check (length(decision_reason) between 1 and 1000),
  decided_at timestamptz,
  decided_by_person_id uuid,
  created_at timestamptz not null,
  created_by_person_id uuid,
  primary key (network_id, id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, member_id) references member (network_id, id),
  foreign key (network_id, person_id) references person (network_id, id),
  check ((decision is null) = (decided_at is null)),
  check (decision <> 'declined' or decision_reason is not null)
);
create index application_queue_idx on application (network_id, timebank_id, created_at) where decision is null;
-- one open application per membership
create unique index application_open_uq on application (network_id, member_id) where decision is null;

-- A guardian of a member under 16 (a person record; a member or not), and their consent.
create table guardian (
  network_id uuid not null,
  id uuid not null,
  child_person_id uuid not null,
  guardian_person_id uuid not null,
  relationship text not null check (length(relationship) between 1 and 100),
  consent_method text check (consent_method in ('online', 'paper')),
  consent_signed_on date,
  consent_recorded_at timestamptz,
  -- null when the guardian consented online themself.
  consent_recorded_by_person_id uuid,
  created_at timestamptz not null,
  created_by_person_id uuid,
  primary key (network_id, id),
  unique (network_id, child_person_id, guardian_person_id),
  foreign key (network_id, child_person_id) references person (network_id, id),
  foreign key (network_id, guardian_person_id) references person (network_id, id),
  check (child_person_id <> guardian_person_id),
  check ((consent_method is null) = (consent_recorded_at is null)),
  check ((consent_method is null) = (consent_signed_on is null))
);

-- A reference about a member: requested by a broker, answered once by the referee through a
-- link (only the SHA-256 of its secret is kept) or recorded by a broker from a call.
create table reference (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid not null,
  person_id uuid not null,
  referee_name text not null check (length(referee_name) between 1 and 200),
  relationship text not null check (length(relationship) between 1 and 200),
  referee_email text check (length(referee_email) between 3 and 320),
  referee_phone text check (length(referee_phone) between 3 and 40),
  token_hash bytea not null,
  token_expires_at timestamptz not null,
  requested_at timestamptz not null,
  requested_by_person_id uuid,
  answered_at timestamptz,
  answered_via text check (answered_via in ('link', 'call')),
  answer_recorded_by_person_id uuid,
  -- {honesty, teamwork, punctuality, gettingOn: {rating, comment}, freeText}
  answers jsonb,
  verdict text check (verdict in ('satisfactory', 'unsatisfactory')),
  verdict_reason text check (length(verdict_reason) between 1 and 1000),
  verdict_at timestamptz,
  verdict_by_person_id uuid,
  primary key (network_id, id),
  unique (network_id, token_hash),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, person_id) references person (network_id, id),
  check (referee_email is not null or referee_phone is not null),
  check ((answered_at is null) = (answers is null) and (answered_at is null) = (answered_via is null)),
  check ((verdict is null) = (verdict_at is null) and (verdict is null) = (verdict_reason is null)),
  check (verdict is null or answered_at is not null)
);
create index reference_person_idx on reference (network_id, person_id);

-- The member agreement of a timebank: each version is written once and never edited.
create table agreement_version (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid not null,
  version integer not null check (version >= 1),
  body_en text check (length(body_en) between 1 and 20000),
  body_pl text check (length(body_pl) between 1 and 20000),
  published_at timestamptz not null,
  published_by_person_id uuid,
  primary key (network_id, id),
  unique (network_id, timebank_id, version),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  check (body_en is not null or body_pl is not null)
);

create function agreement_version_immutable() returns trigger language plpgsql as $$
begin
  raise exception using errcode = 'TB091',
    message = 'agreement_version_immutable: publish a new version instead of editing one';
end $$;
create trigger agreement_version_immutable before update or delete on agreement_version
  for each row execute function agreement_version_immutable();

create table agreement_signature (
  network_id uuid not null,
  id uuid not null,
  version_id uuid not null,
  person_id uuid not null,
  method text not null check (method in ('online', 'paper')),
  signed_on date not null,
  recorded_at timestamptz not null,
  recorded_by_person_id uuid,
  primary key (network_id, id),
  unique (network_id, version_id, person_id),
  foreign key (network_id, version_id) references agreement_version (network_id, id),
  foreign key (network_id, person_id) references person (network_id, id)
);
