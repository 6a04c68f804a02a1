-- Capability conversations, the community assets register, area boundaries, the community
-- survey and the community asset map's monthly snapshots (issue 9, docs/asset-map.md).

-- A capability conversation: a guided interview about what a member can give (gifts of the
-- head, the hands and the heart; things to lend), what they would like help with, how many
-- hours a month they could give and how they want to be involved. Saved step by step: a
-- draft is kept until it is completed, nothing lost. A member has at most one draft at a
-- time; completed ones stay as history and the latest counts on the map.
create table capability_conversation (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid not null,
  member_id uuid not null,
  status text not null default 'draft' check (status in ('draft', 'complete')),
  -- 'online' (the member on their own) or 'broker' (a broker with them, on the phone or at home).
  held_by text not null check (held_by in ('online', 'broker')),
  -- The last step saved (the page resumes after it).
  step text not null default 'start' check (step in ('start', 'head', 'hands', 'heart', 'lend', 'help', 'time')),
  head_text text check (length(head_text) <= 2000),
  hands_text text check (length(hands_text) <= 2000),
  heart_text text check (length(heart_text) <= 2000),
  lend_text text check (length(lend_text) <= 2000),
  help_text text check (length(help_text) <= 2000),
  -- Whole hours a month they said they could give.
  hours_per_month integer check (hours_per_month between 0 and 160),
  -- The ways of the Co-Production Star they want to be involved in.
  ways text[] not null default '{}' check (ways <@ array['help_one_person', 'join_group', 'design_service', 'assess_service']::text[]),
  created_at timestamptz not null default now(),
  created_by_person_id uuid not null,
  updated_at timestamptz not null default now(),
  updated_by_person_id uuid not null,
  completed_at timestamptz,
  primary key (network_id, id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, member_id) references member (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id),
  foreign key (network_id, updated_by_person_id) references person (network_id, id),
  check ((status = 'complete') = (completed_at is not null)),
  check (status = 'draft' or hours_per_month is not null)
);
create unique index capability_conversation_one_draft on capability_conversation (network_id, member_id) where status = 'draft';
create index capability_conversation_member_idx on capability_conversation (network_id, member_id, completed_at desc);
create index capability_conversation_timebank_idx on capability_conversation (network_id, timebank_id, member_id) where status = 'complete';

-- The categories a conversation's answers map to, so they are counted per category.
-- 'head', 'hands', 'heart', 'lend': what they can give; 'need': what they would like help with.
create table capability_conversation_category (
  network_id uuid not null,
  conversation_id uuid not null,
  kind text not null check (kind in ('head', 'hands', 'heart', 'lend', 'need')),
  category_slug text not null check (category_slug ~ '^[a-z0-9][a-z0-9-]{0,40}(\.[a-z0-9][a-z0-9-]{0,40})?$'),
  primary key (network_id, conversation_id, kind, category_slug),
  foreign key (network_id, conversation_id) references capability_conversation (network_id, id) on delete cascade
);

-- Community assets beyond people: associations, institutions, places (halls, kitchens,
-- gardens) and equipment, with their area, a contact and whether members may use them.
create table community_asset (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid not null,
  kind text not null check (kind in ('association', 'institution', 'place', 'equipment')),
  name text not null check (length(name) between 2 and 120),
  description text not null default '' check (length(description) <= 2000),
  area_id uuid,
  category_slug text check (category_slug ~ '^[a-z0-9][a-z0-9-]{0,40}(\.[a-z0-9][a-z0-9-]{0,40})?$'),
  contact text not null default '' check (length(contact) <= 300),
  members_may_use boolean not null default false,
  retired_at timestamptz,
  created_at timestamptz not null default now(),
  created_by_person_id uuid not null,
  updated_at timestamptz not null default now(),
  updated_by_person_id uuid not null,
  primary key (network_id, id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, area_id) references area (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id),
  foreign key (network_id, updated_by_person_id) references person (network_id, id)
);
create index community_asset_timebank_idx on community_asset (network_id, timebank_id, kind, name) where retired_at is null;

-- The boundary of an area as GeoJSON (a Polygon or MultiPolygon geometry, WGS 84), uploaded by
-- a coordinator; checked before it is stored (valid polygons, no two areas overlapping).
create table area_boundary (
  network_id uuid not null,
  area_id uuid not null,
  timebank_id uuid not null,
  geometry jsonb not null,
  min_lon double precision not null,
  min_lat double precision not null,
  max_lon double precision not null,
  max_lat double precision not null,
  uploaded_at timestamptz not null,
  uploaded_by_person_id uuid not null,
  primary key (network_id, area_id),
  foreign key (network_id, area_id) references area (network_id, id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, uploaded_by_person_id) references person (network_id, id)
);
create index area_boundary_timebank_idx on area_boundary (network_id, timebank_id);

-- The community survey: who already co-produces, who would do more, how, and how many extra
-- hours a month. One answer per membership, changed when they answer again.
create table community_survey_response (
  network_id uuid not null,
  member_id uuid not null,
  timebank_id uuid not null,
  co_produces_now boolean not null,
  would_do_more boolean not null,
  ways text[] not null default '{}' check (ways <@ array['help_one_person', 'join_group', 'design_service', 'assess_service']::text[]),
  extra_hours_per_month integer not null check (extra_hours_per_month between 0 and 160),
  answered_at timestamptz not null,
  answered_by_person_id uuid not null,
  primary key (network_id, member_id),
  foreign key (network_id, member_id) references member (network_id, id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, answered_by_person_id) references person (network_id, id)
);
create index community_survey_timebank_idx on community_survey_response (network_id, timebank_id);

-- The map, pre-aggregated: one row per timebank, month, area and top-level category, written
-- by refresh (the hourly sweep rewrites the current month; earlier months stay as the trend).
-- area_id is the nil uuid for "no area given".
create table asset_map_cell (
  network_id uuid not null,
  timebank_id uuid not null,
  month date not null check (extract(day from month) = 1),
  area_id uuid not null,
  category_top text not null,
  people_offering integer not null default 0,
  hours_offered integer not null default 0,
  need_people integer not null default 0,
  requests_open integer not null default 0,
  exchanges_done integer not null default 0,
  primary key (network_id, timebank_id, month, area_id, category_top)
);

-- Per area and month: members, pillars (people who both give and receive help), completed
-- conversations and the survey's answers.
create table asset_map_area (
  network_id uuid not null,
  timebank_id uuid not null,
  month date not null check (extract(day from month) = 1),
  area_id uuid not null,
  members integer not null default 0,
  pillars integer not null default 0,
  conversations integer not null default 0,
  survey_answers integer not null default 0,
  survey_co_producing integer not null default 0,
  survey_would_do_more integer not null default 0,
  survey_extra_hours integer not null default 0,
  refreshed_at timestamptz not null,
  primary key (network_id, timebank_id, month, area_id)
);
