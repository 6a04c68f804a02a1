-- Safeguarding checks (metadata only: never a certificate or its contents), the log of every
-- read of them, broker restrictions, member preferences and weekly availability.

-- A check held for a member of a timebank. The certificate or PVG membership number is sealed
-- with the installation key (AES-256-GCM, base64) and never stored in plain text.
create table safeguarding_check (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid not null,
  person_id uuid not null,
  scheme text not null check (scheme in ('pvg', 'dbs', 'accessni', 'other')),
  level text not null check (level in ('basic', 'standard', 'enhanced', 'enhanced_barred', 'pvg_level_1', 'pvg_level_2', 'other')),
  workforce text not null check (workforce in ('children', 'adults', 'both')),
  role_title text not null check (length(role_title) between 1 and 200),
  regulated_work boolean not null,
  number_enc text,
  issued_on date not null,
  update_service boolean not null default false,
  status_checked_on date,
  status_check_result text check (status_check_result in ('current', 'not_current')),
  review_on date not null,
  decision text check (decision in ('cleared', 'cleared_with_risk_assessment', 'not_cleared')),
  decided_by_person_id uuid,
  decided_on date,
  stopped_notice_sent_on date,
  stopped_notice_by_person_id uuid,
  created_at timestamptz not null default now(),
  created_by_person_id uuid,
  updated_at timestamptz not null default now(),
  updated_by_person_id uuid,
  primary key (network_id, id),
  foreign key (network_id, timebank_id, person_id) references member (network_id, timebank_id, person_id),
  foreign key (network_id, decided_by_person_id) references person (network_id, id),
  foreign key (network_id, stopped_notice_by_person_id) references person (network_id, id),
  check (review_on > issued_on),
  check (status_checked_on is null or status_checked_on >= issued_on),
  check ((status_checked_on is null) = (status_check_result is null)),
  check (update_service or status_checked_on is null),
  check ((decision is null) = (decided_by_person_id is null) and (decision is null) = (decided_on is null)),
  check ((stopped_notice_sent_on is null) = (stopped_notice_by_person_id is null)),
  check (stopped_notice_sent_on is null or scheme = 'pvg')
);
create index safeguarding_check_person_idx on safeguarding_check (network_id, person_id);
create index safeguarding_check_review_idx on safeguarding_check (network_id, timebank_id, review_on);

-- Who viewed whose safeguarding data, when, and which view. Written in the same request as
-- the read; never updated or deleted by the application.
create table safeguarding_view (
  network_id uuid not null,
  id uuid not null,
  at timestamptz not null default now(),
  viewer_person_id uuid not null,
  on_behalf_of_person_id uuid,
  subject_person_id uuid not null,
  timebank_id uuid not null,
  view text not null check (view in ('member_checks', 'reveal_number', 'reviews_due', 'own_summary')),
  check_id uuid,
  request_id text,
  primary key (network_id, id),
  foreign key (network_id, viewer_person_id) references person (network_id, id),
  foreign key (network_id, subject_person_id) references person (network_id, id)
);
create index safeguarding_view_subject_idx on safeguarding_view (network_id, subject_person_id, at);

-- Restrictions a broker sets on a member: one row per kind, with who set it and when.
create table member_restriction (
  network_id uuid not null,
  member_id uuid not null,
  kind text not null check (kind in ('no_home_visits', 'two_person_visits', 'no_hospital_appointments', 'only_met_before', 'note')),
  note text check (length(note) between 1 and 2000),
  set_by_person_id uuid,
  set_at timestamptz not null default now(),
  primary key (network_id, member_id, kind),
  foreign key (network_id, member_id) references member (network_id, id),
  check ((kind = 'note') = (note is not null))
);

-- What a member prefers. times_of_day: a JSON array of morning/afternoon/evening; languages:
-- a JSON array of BCP 47 tags.
create table member_preference (
  network_id uuid not null,
  member_id uuid not null,
  weekend_only boolean not null default false,
  times_of_day jsonb not null default '[]',
  languages jsonb not null default '[]',
  updated_at timestamptz not null default now(),
  updated_by_person_id uuid,
  on_behalf_of_person_id uuid,
  primary key (network_id, member_id),
  foreign key (network_id, member_id) references member (network_id, id)
);

-- Areas of the member's timebank they travel to.
create table member_preference_area (
  network_id uuid not null,
  member_id uuid not null,
  area_id uuid not null,
  primary key (network_id, member_id, area_id),
  foreign key (network_id, member_id) references member (network_id, id),
  foreign key (network_id, area_id) references area (network_id, id)
);

-- Weekly windows a member is usually available: ISO weekday (1 Monday .. 7 Sunday) x part of day.
create table availability_window (
  network_id uuid not null,
  member_id uuid not null,
  weekday smallint not null check (weekday between 1 and 7),
  part text not null check (part in ('morning', 'afternoon', 'evening')),
  primary key (network_id, member_id, weekday, part),
  foreign key (network_id, member_id) references member (network_id, id)
);
