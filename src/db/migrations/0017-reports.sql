-- Reports (feat/reports, docs/reports.md): disclosure thresholds a network or a timebank sets,
-- and a timebank's open-data choices. A network's thresholds are a floor for its timebanks.

create table network_report_setting (
  network_id uuid not null references network (id),
  count_min integer not null default 5 check (count_min between 3 and 50),
  wellbeing_min integer not null default 10 check (wellbeing_min between 5 and 100),
  mean_min_people integer not null default 10 check (mean_min_people between 10 and 100),
  updated_at timestamptz not null default now(),
  updated_by_person_id uuid,
  primary key (network_id),
  foreign key (network_id, updated_by_person_id) references person (network_id, id),
  check (wellbeing_min >= count_min)
);

create table timebank_report_setting (
  network_id uuid not null,
  timebank_id uuid not null,
  count_min integer not null default 5 check (count_min between 3 and 50),
  wellbeing_min integer not null default 10 check (wellbeing_min between 5 and 100),
  mean_min_people integer not null default 10 check (mean_min_people between 10 and 100),
  -- Open data: off until a coordinator turns it on and picks the licence.
  open_data boolean not null default false,
  open_data_licence text not null default 'OGL-UK-3.0' check (open_data_licence in ('OGL-UK-3.0', 'CC-BY-4.0')),
  -- Publish the timebank's open group activities in the Open Referral UK feed.
  publish_activities boolean not null default false,
  updated_at timestamptz not null default now(),
  updated_by_person_id uuid,
  primary key (network_id, timebank_id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, updated_by_person_id) references person (network_id, id),
  check (wellbeing_min >= count_min)
);
