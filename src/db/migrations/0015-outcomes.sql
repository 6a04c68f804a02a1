-- Outcome frameworks (issue 8, first part; docs/outcomes.md).
--
-- A framework belongs to a network (timebank_id null: the network admins manage it) or to one
-- timebank (its coordinators manage it). Goals -> indicators -> targets per period and
-- measurements; projects serve goals and carry milestones and a red/amber/green status;
-- steering reviews record decisions and status changes. The Co-Production Star tags
-- activities, projects and exchanges with the four ways people co-produce.
-- Money is integer pence; hours stay integer minutes (in the ledger, read from there).

create table outcome_framework (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid,
  name text not null check (length(name) between 3 and 200),
  description text not null default '' check (length(description) <= 4000),
  created_at timestamptz not null default now(),
  created_by_person_id uuid not null,
  primary key (network_id, id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id)
);
create index outcome_framework_timebank_idx on outcome_framework (network_id, timebank_id);

-- The periods a framework reports on ('2026-Q1', '2026'): targets and measurements name one.
create table outcome_period (
  network_id uuid not null,
  id uuid not null,
  framework_id uuid not null,
  label text not null check (length(label) between 1 and 40),
  starts_on date not null,
  ends_on date not null,
  created_at timestamptz not null default now(),
  created_by_person_id uuid not null,
  primary key (network_id, id),
  unique (network_id, framework_id, label),
  unique (network_id, framework_id, id),
  foreign key (network_id, framework_id) references outcome_framework (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id),
  check (ends_on >= starts_on)
);

-- A goal (an outcome), with who co-defined it and the evidence that they did.
create table outcome_goal (
  network_id uuid not null,
  id uuid not null,
  framework_id uuid not null,
  title text not null check (length(title) between 3 and 200),
  description text not null default '' check (length(description) <= 4000),
  co_defined_by text check (length(co_defined_by) between 1 and 200),
  co_definition_evidence text check (length(co_definition_evidence) between 1 and 2000),
  position integer not null default 0,
  created_at timestamptz not null default now(),
  created_by_person_id uuid not null,
  primary key (network_id, id),
  unique (network_id, framework_id, id),
  foreign key (network_id, framework_id) references outcome_framework (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id),
  check (co_definition_evidence is null or co_defined_by is not null)
);

-- An indicator: computed by a named query of the registry in code (query_name and
-- query_params), or entered by hand (source says where the figures come from).
create table outcome_indicator (
  network_id uuid not null,
  id uuid not null,
  framework_id uuid not null,
  goal_id uuid not null,
  name text not null check (length(name) between 3 and 200),
  definition text not null check (length(definition) between 3 and 4000),
  unit text not null check (length(unit) between 1 and 40),
  direction text not null check (direction in ('up', 'down')),
  rba_class text not null check (rba_class in ('how_much', 'how_well', 'better_off')),
  source_kind text not null check (source_kind in ('computed', 'entered')),
  query_name text check (length(query_name) between 1 and 60),
  query_params jsonb,
  source text check (length(source) between 1 and 500),
  breakdowns text[] not null default '{}',
  suppress_below integer not null default 5 check (suppress_below between 0 and 1000),
  sample_size_required boolean not null default false,
  baseline_period_id uuid,
  created_at timestamptz not null default now(),
  created_by_person_id uuid not null,
  primary key (network_id, id),
  unique (network_id, framework_id, id),
  foreign key (network_id, framework_id, goal_id) references outcome_goal (network_id, framework_id, id),
  foreign key (network_id, framework_id, baseline_period_id) references outcome_period (network_id, framework_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id),
  check ((source_kind = 'computed') = (query_name is not null and query_params is not null)),
  check (source_kind = 'computed' or source is not null)
);

-- A target for one period of the indicator's framework (the composite key refuses another's).
create table outcome_target (
  network_id uuid not null,
  framework_id uuid not null,
  indicator_id uuid not null,
  period_id uuid not null,
  value numeric(18, 4) not null,
  set_at timestamptz not null default now(),
  set_by_person_id uuid not null,
  primary key (network_id, indicator_id, period_id),
  foreign key (network_id, framework_id, indicator_id) references outcome_indicator (network_id, framework_id, id),
  foreign key (network_id, framework_id, period_id) references outcome_period (network_id, framework_id, id),
  foreign key (network_id, set_by_person_id) references person (network_id, id)
);

-- A measurement: kept, never edited; a later one for the same period (a final figure after a
-- provisional one) is the one reported.
create table outcome_measurement (
  network_id uuid not null,
  id uuid not null,
  framework_id uuid not null,
  indicator_id uuid not null,
  period_id uuid not null,
  value numeric(18, 4) not null,
  sample_size integer check (sample_size >= 0),
  status text not null check (status in ('provisional', 'final')),
  computed boolean not null default false,
  note text check (length(note) <= 1000),
  entered_at timestamptz not null default now(),
  entered_by_person_id uuid not null,
  primary key (network_id, id),
  foreign key (network_id, framework_id, indicator_id) references outcome_indicator (network_id, framework_id, id),
  foreign key (network_id, framework_id, period_id) references outcome_period (network_id, framework_id, id),
  foreign key (network_id, entered_by_person_id) references person (network_id, id)
);
create index outcome_measurement_indicator_idx on outcome_measurement (network_id, indicator_id, period_id, entered_at);

create table outcome_project (
  network_id uuid not null,
  id uuid not null,
  framework_id uuid not null,
  name text not null check (length(name) between 3 and 200),
  owner text not null check (length(owner) between 1 and 200),
  budget_pence bigint not null check (budget_pence >= 0),
  rag text not null check (rag in ('red', 'amber', 'green')),
  rag_reason text not null check (length(rag_reason) between 1 and 1000),
  rag_set_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  created_by_person_id uuid not null,
  primary key (network_id, id),
  unique (network_id, framework_id, id),
  foreign key (network_id, framework_id) references outcome_framework (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id)
);

create table outcome_project_goal (
  network_id uuid not null,
  framework_id uuid not null,
  project_id uuid not null,
  goal_id uuid not null,
  primary key (network_id, project_id, goal_id),
  foreign key (network_id, framework_id, project_id) references outcome_project (network_id, framework_id, id),
  foreign key (network_id, framework_id, goal_id) references outcome_goal (network_id, framework_id, id)
);

create table outcome_milestone (
  network_id uuid not null,
  id uuid not null,
  project_id uuid not null,
  title text not null check (length(title) between 3 and 200),
  due_on date not null,
  done boolean not null default false,
  done_on date,
  created_at timestamptz not null default now(),
  created_by_person_id uuid not null,
  updated_by_person_id uuid,
  primary key (network_id, id),
  foreign key (network_id, project_id) references outcome_project (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id),
  foreign key (network_id, updated_by_person_id) references person (network_id, id),
  check (done = (done_on is not null))
);

create table outcome_review (
  network_id uuid not null,
  id uuid not null,
  framework_id uuid not null,
  held_on date not null,
  attendees text not null check (length(attendees) between 1 and 2000),
  decisions text not null check (length(decisions) between 1 and 8000),
  created_at timestamptz not null default now(),
  created_by_person_id uuid not null,
  primary key (network_id, id),
  unique (network_id, framework_id, id),
  foreign key (network_id, framework_id) references outcome_framework (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id)
);

-- The status changes a review made (the project's rag is set in the same transaction).
create table outcome_review_rag (
  network_id uuid not null,
  framework_id uuid not null,
  review_id uuid not null,
  project_id uuid not null,
  rag_from text not null check (rag_from in ('red', 'amber', 'green')),
  rag_to text not null check (rag_to in ('red', 'amber', 'green')),
  reason text not null check (length(reason) between 1 and 1000),
  primary key (network_id, review_id, project_id),
  foreign key (network_id, framework_id, review_id) references outcome_review (network_id, framework_id, id),
  foreign key (network_id, framework_id, project_id) references outcome_project (network_id, framework_id, id)
);

-- Co-Production Star: an activity, project or exchange tagged with a way of co-producing.
-- subject_id names a row of activity, outcome_project or exchange (checked by the service).
create table coproduction_tag (
  network_id uuid not null,
  subject_kind text not null check (subject_kind in ('activity', 'project', 'exchange')),
  subject_id uuid not null,
  mode text not null check (mode in ('co_commissioning', 'co_design', 'co_delivery', 'co_assessment')),
  tagged_at timestamptz not null default now(),
  tagged_by_person_id uuid not null,
  primary key (network_id, subject_kind, subject_id, mode),
  foreign key (network_id, tagged_by_person_id) references person (network_id, id)
);
