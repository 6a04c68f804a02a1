-- The co-production arguments board (stakeholder groups, arguments with their evidence,
-- comments, "this would convince me", reports to the moderators) and fishbowl debates
-- (docs/arguments.md, docs/fishbowl.md). Everything belongs to a network.

-- The kinds of sceptic an argument is for. The four named in issue 10 are seeded for each
-- network by the service the first time the network's list is read (ids come from the
-- application); rows are hidden, never deleted, so an argument always still names its group.
create table stakeholder_group (
  network_id uuid not null references network (id),
  id uuid not null,
  slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]{0,59}$'),
  name_en text not null check (length(name_en) between 1 and 120),
  name_pl text not null check (length(name_pl) between 1 and 120),
  position integer not null default 0,
  hidden boolean not null default false,
  created_at timestamptz not null default now(),
  updated_by_person_id uuid,
  primary key (network_id, id),
  unique (network_id, slug),
  foreign key (network_id, updated_by_person_id) references person (network_id, id)
);

-- attribution: the author's choice. 'private' arguments are never published and never go to
-- the moderators; 'named' and 'anonymous' ones wait in the moderation queue ('pending') until
-- a moderator publishes or rejects them. A published argument a moderator took down after a
-- report is 'hidden'.
create table argument (
  network_id uuid not null references network (id),
  id uuid not null,
  stakeholder_group_id uuid not null,
  claim text not null check (length(claim) between 1 and 300),
  details text check (length(details) <= 5000),
  author_person_id uuid not null,
  attribution text not null check (attribution in ('named', 'anonymous', 'private')),
  status text not null check (status in ('private', 'pending', 'published', 'rejected', 'hidden')),
  builds_on_argument_id uuid,
  created_at timestamptz not null default now(),
  moderated_at timestamptz,
  moderated_by_person_id uuid,
  moderation_note text check (length(moderation_note) <= 1000),
  published_at timestamptz,
  primary key (network_id, id),
  foreign key (network_id, stakeholder_group_id) references stakeholder_group (network_id, id),
  foreign key (network_id, author_person_id) references person (network_id, id),
  foreign key (network_id, builds_on_argument_id) references argument (network_id, id),
  foreign key (network_id, moderated_by_person_id) references person (network_id, id),
  check ((attribution = 'private') = (status = 'private')),
  check ((status = 'published') = (published_at is not null) or status = 'hidden')
);
create index argument_by_status on argument (network_id, status, stakeholder_group_id, published_at);
create index argument_by_author on argument (network_id, author_person_id, created_at);
create index argument_builds_on on argument (network_id, builds_on_argument_id) where builds_on_argument_id is not null;

-- Evidence, in the order the author gave it: a link, a figure (with where it comes from), or
-- one of the platform's own reports.
create table argument_evidence (
  network_id uuid not null,
  argument_id uuid not null,
  position integer not null check (position between 0 and 9),
  kind text not null check (kind in ('link', 'figure', 'report')),
  label text not null check (length(label) between 1 and 200),
  url text check (length(url) <= 2000 and url ~ '^https?://'),
  figure text check (length(figure) between 1 and 100),
  source text check (length(source) <= 300),
  report text check (report in ('membership')),
  primary key (network_id, argument_id, position),
  foreign key (network_id, argument_id) references argument (network_id, id),
  check (kind <> 'link' or url is not null),
  check (kind <> 'figure' or figure is not null),
  check (kind <> 'report' or report is not null)
);

create table argument_comment (
  network_id uuid not null,
  id uuid not null,
  argument_id uuid not null,
  author_person_id uuid not null,
  body text not null check (length(body) between 1 and 2000),
  created_at timestamptz not null default now(),
  hidden_at timestamptz,
  hidden_by_person_id uuid,
  primary key (network_id, id),
  foreign key (network_id, argument_id) references argument (network_id, id),
  foreign key (network_id, author_person_id) references person (network_id, id),
  foreign key (network_id, hidden_by_person_id) references person (network_id, id)
);
create index argument_comment_by_argument on argument_comment (network_id, argument_id, created_at);

-- "This would convince me": one per person per argument, counted by the stakeholder group the
-- person speaks for.
create table argument_endorsement (
  network_id uuid not null,
  argument_id uuid not null,
  person_id uuid not null,
  stakeholder_group_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (network_id, argument_id, person_id),
  foreign key (network_id, argument_id) references argument (network_id, id),
  foreign key (network_id, person_id) references person (network_id, id),
  foreign key (network_id, stakeholder_group_id) references stakeholder_group (network_id, id)
);

-- A report of an argument or of one comment on it: it waits in the moderation queue until a
-- moderator hides what was reported or dismisses the report.
create table argument_report (
  network_id uuid not null,
  id uuid not null,
  argument_id uuid not null,
  comment_id uuid,
  reporter_person_id uuid not null,
  reason text not null check (length(reason) between 1 and 1000),
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by_person_id uuid,
  resolution text check (resolution in ('hidden', 'dismissed')),
  primary key (network_id, id),
  foreign key (network_id, argument_id) references argument (network_id, id),
  foreign key (network_id, comment_id) references argument_comment (network_id, id),
  foreign key (network_id, reporter_person_id) references person (network_id, id),
  foreign key (network_id, resolved_by_person_id) references person (network_id, id),
  check ((resolved_at is null) = (resolution is null))
);
-- One open report per person per thing reported.
create unique index argument_report_open on argument_report
  (network_id, reporter_person_id, argument_id, coalesce(comment_id, '00000000-0000-0000-0000-000000000000'::uuid))
  where resolved_at is null;
create index argument_report_queue on argument_report (network_id, created_at) where resolved_at is null;

-- Fishbowl debates. Every change to a debate (a seat taken or left, a speech, a comment, a mute)
-- locks the debate's row and takes the next seq, so the transcript is in one order and two
-- people taking the last seat are served one after the other: the second finds it full.
create table fishbowl_debate (
  network_id uuid not null references network (id),
  id uuid not null,
  topic text not null check (length(topic) between 1 and 200),
  opening_questions text[] not null check (cardinality(opening_questions) between 1 and 10),
  seat_count integer not null check (seat_count between 3 and 9),
  starts_at timestamptz not null,
  moderator_person_id uuid not null,
  status text not null default 'scheduled' check (status in ('scheduled', 'open', 'closed')),
  last_seq integer not null default 0,
  created_at timestamptz not null default now(),
  created_by_person_id uuid not null,
  opened_at timestamptz,
  closed_at timestamptz,
  primary key (network_id, id),
  foreign key (network_id, moderator_person_id) references person (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id)
);
create index fishbowl_debate_by_start on fishbowl_debate (network_id, starts_at);

-- Who sits in the inner circle now. A seat holds one person, a person holds one seat.
create table fishbowl_seat (
  network_id uuid not null,
  debate_id uuid not null,
  seat_no integer not null check (seat_no between 1 and 9),
  person_id uuid not null,
  muted boolean not null default false,
  taken_at timestamptz not null,
  primary key (network_id, debate_id, seat_no),
  unique (network_id, debate_id, person_id),
  foreign key (network_id, debate_id) references fishbowl_debate (network_id, id),
  foreign key (network_id, person_id) references person (network_id, id)
);

-- The transcript: speeches, comments from the outer circle, and who joined, left or was
-- muted, with who and when. Append-only.
create table fishbowl_entry (
  network_id uuid not null,
  debate_id uuid not null,
  seq integer not null check (seq >= 1),
  kind text not null check (kind in ('opened', 'closed', 'joined', 'left', 'invited', 'muted', 'unmuted', 'speech', 'comment')),
  person_id uuid,
  by_person_id uuid,
  seat_no integer,
  body text check (length(body) between 1 and 2000),
  at timestamptz not null,
  primary key (network_id, debate_id, seq),
  foreign key (network_id, debate_id) references fishbowl_debate (network_id, id),
  foreign key (network_id, person_id) references person (network_id, id),
  foreign key (network_id, by_person_id) references person (network_id, id)
);
