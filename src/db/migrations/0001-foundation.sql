-- Foundation: tenancy, people, roles, sign-in, audit.
-- Rules (docs/scaling.md): network_id is the first column of every key of a network's rows;
-- ids are UUIDv7 made by the application; no sequences.

create table network (
  id uuid primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text not null check (length(name) between 1 and 200),
  is_demo boolean not null default false,
  created_at timestamptz not null default now()
);

create table timebank (
  network_id uuid not null references network (id),
  id uuid not null,
  slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text not null check (length(name) between 1 and 200),
  -- Second factor for brokers, coordinators and admins may be waived (the demo does, visibly).
  totp_waived boolean not null default false,
  default_locale text not null default 'en' check (default_locale in ('en', 'pl')),
  created_at timestamptz not null default now(),
  primary key (network_id, id),
  unique (network_id, slug)
);

create table area (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid not null,
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('town', 'village', 'island', 'neighbourhood', 'rural')),
  created_at timestamptz not null default now(),
  primary key (network_id, id),
  unique (network_id, timebank_id, name),
  foreign key (network_id, timebank_id) references timebank (network_id, id)
);

create table person (
  network_id uuid not null references network (id),
  id uuid not null,
  display_name text not null check (length(display_name) between 1 and 200),
  email text check (email = lower(email) and length(email) between 3 and 320),
  phone text check (length(phone) <= 40),
  birth_year integer check (birth_year between 1900 and 2100),
  locale text not null default 'en' check (locale in ('en', 'pl')),
  -- argon2id PHC string; null for people who never sign in themselves (a broker acts for them).
  password_hash text,
  -- TOTP seed, encrypted with the installation key (AES-256-GCM), base64.
  totp_secret_enc text,
  totp_enabled_at timestamptz,
  -- last TOTP time step accepted: a code is never accepted twice.
  totp_last_step bigint,
  suspended_at timestamptz,
  suspended_reason text,
  created_at timestamptz not null default now(),
  created_by_person_id uuid,
  primary key (network_id, id),
  check ((suspended_at is null) = (suspended_reason is null))
);
create unique index person_email_uq on person (network_id, email) where email is not null;

-- Sign-in finds the network from the email: a small installation-wide directory.
create table sign_in_directory (
  email text primary key check (email = lower(email)),
  network_id uuid not null,
  person_id uuid not null
);

create table member (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid not null,
  person_id uuid not null,
  status text not null check (status in ('applied', 'active', 'paused', 'left', 'suspended')),
  paused_until date,
  status_reason text,
  area_id uuid,
  joined_on date,
  created_at timestamptz not null default now(),
  created_by_person_id uuid,
  primary key (network_id, id),
  unique (network_id, timebank_id, person_id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, person_id) references person (network_id, id),
  foreign key (network_id, area_id) references area (network_id, id),
  check (status <> 'paused' or paused_until is not null),
  check (status <> 'suspended' or status_reason is not null)
);
create index member_person_idx on member (network_id, person_id);

create table organisation (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid not null,
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('voluntary', 'business', 'public')),
  description text,
  created_at timestamptz not null default now(),
  created_by_person_id uuid,
  primary key (network_id, id),
  unique (network_id, timebank_id, name),
  foreign key (network_id, timebank_id) references timebank (network_id, id)
);

-- People who act for an organisation.
create table organisation_person (
  network_id uuid not null,
  organisation_id uuid not null,
  person_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (network_id, organisation_id, person_id),
  foreign key (network_id, organisation_id) references organisation (network_id, id),
  foreign key (network_id, person_id) references person (network_id, id)
);

-- Roles beyond membership. timebank_id is null for network-wide grants (network admin, a
-- commissioner of the whole network).
create table role_grant (
  network_id uuid not null,
  id uuid not null,
  person_id uuid not null,
  role text not null check (role in ('broker', 'coordinator', 'network_admin', 'commissioner')),
  timebank_id uuid,
  created_at timestamptz not null default now(),
  created_by_person_id uuid,
  primary key (network_id, id),
  foreign key (network_id, person_id) references person (network_id, id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  check ((role in ('broker', 'coordinator')) <= (timebank_id is not null)),
  check ((role = 'network_admin') <= (timebank_id is null))
);
create unique index role_grant_uq on role_grant (network_id, person_id, role, coalesce(timebank_id, '00000000-0000-0000-0000-000000000000'));

create table session (
  network_id uuid not null,
  id uuid not null,
  person_id uuid not null,
  -- sha256 of the secret half of the cookie; the secret itself is never stored.
  secret_hash bytea not null,
  csrf_token text not null,
  -- false until the second factor is given (when one is needed).
  mfa_done boolean not null,
  acting_for_person_id uuid,
  timebank_id uuid,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null,
  user_agent text,
  primary key (network_id, id),
  foreign key (network_id, person_id) references person (network_id, id),
  foreign key (network_id, acting_for_person_id) references person (network_id, id)
);
create index session_person_idx on session (network_id, person_id);

-- Failed sign-ins per key (an email or an address): drives the growing delay.
create table sign_in_throttle (
  key text primary key,
  failures integer not null,
  last_failure_at timestamptz not null,
  blocked_until timestamptz
);

-- Every write: who did it, for whom, when.
create table audit_event (
  network_id uuid not null,
  id uuid not null,
  at timestamptz not null default now(),
  actor_person_id uuid,
  on_behalf_of_person_id uuid,
  timebank_id uuid,
  action text not null,
  subject_type text not null,
  subject_id uuid,
  detail jsonb not null default '{}',
  request_id text,
  primary key (network_id, id)
);
create index audit_event_subject_idx on audit_event (network_id, subject_type, subject_id);
create index audit_event_behalf_idx on audit_event (network_id, on_behalf_of_person_id);
