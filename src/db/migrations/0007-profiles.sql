-- Category taxonomy overrides per timebank, member profiles, the member directory's privacy
-- setting, and indexes for the broker's member search (docs/profiles.md).
--
-- The shipped two-level taxonomy lives in code (src/modules/categories/taxonomy.ts) and is
-- never copied: a timebank stores only what its coordinators changed (a rename, hidden, a
-- minimum age, whether a check is needed) and the subcategories they added. Category slugs
-- are stable ("home-garden", "home-garden.gardening"); nothing is ever deleted, only hidden,
-- so a slug kept on a profile always still names a category.
create extension if not exists pg_trgm;

create table timebank_category (
  network_id uuid not null,
  timebank_id uuid not null,
  slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]{0,40}(\.[a-z0-9][a-z0-9-]{0,40})?$'),
  -- true: a subcategory the timebank added; false: an override of a shipped category.
  custom boolean not null,
  -- null: the shipped name (custom rows have at least one of the two).
  name_en text check (length(name_en) between 1 and 80),
  name_pl text check (length(name_pl) between 1 and 80),
  hidden boolean not null default false,
  -- null: the shipped default.
  minimum_age integer check (minimum_age between 0 and 120),
  -- null: the shipped default.
  check_needed boolean,
  updated_at timestamptz not null default now(),
  updated_by_person_id uuid,
  primary key (network_id, timebank_id, slug),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, updated_by_person_id) references person (network_id, id),
  check (not custom or position('.' in slug) > 0),
  check (not custom or name_en is not null or name_pl is not null)
);

-- One profile per membership (categories and areas belong to a timebank).
create table member_profile (
  network_id uuid not null,
  member_id uuid not null,
  languages text[] not null default '{}' check (cardinality(languages) <= 10),
  offer_text text check (length(offer_text) <= 500),
  want_text text check (length(want_text) <= 500),
  skill_text text check (length(skill_text) <= 500),
  interest_text text check (length(interest_text) <= 500),
  head_text text check (length(head_text) <= 500),
  hands_text text check (length(hands_text) <= 500),
  heart_text text check (length(heart_text) <= 500),
  directory_opt_out boolean not null default false,
  updated_at timestamptz not null default now(),
  updated_by_person_id uuid,
  primary key (network_id, member_id),
  foreign key (network_id, member_id) references member (network_id, id),
  foreign key (network_id, updated_by_person_id) references person (network_id, id)
);

create table member_profile_category (
  network_id uuid not null,
  member_id uuid not null,
  kind text not null check (kind in ('offer', 'want', 'skill', 'interest', 'head', 'hands', 'heart')),
  category_slug text not null,
  primary key (network_id, member_id, kind, category_slug),
  foreign key (network_id, member_id) references member_profile (network_id, member_id)
);
create index member_profile_category_slug_idx on member_profile_category (network_id, category_slug, member_id);

create table member_profile_area (
  network_id uuid not null,
  member_id uuid not null,
  area_id uuid not null,
  primary key (network_id, member_id, area_id),
  foreign key (network_id, member_id) references member_profile (network_id, member_id),
  foreign key (network_id, area_id) references area (network_id, id)
);
create index member_profile_area_idx on member_profile_area (network_id, area_id, member_id);

-- Who sees the member directory: nobody (off, the default), names and areas, or names,
-- areas and what they offer.
create table timebank_directory_settings (
  network_id uuid not null,
  timebank_id uuid not null,
  visibility text not null default 'off' check (visibility in ('off', 'names_areas', 'names_areas_offers')),
  updated_at timestamptz not null default now(),
  updated_by_person_id uuid,
  primary key (network_id, timebank_id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, updated_by_person_id) references person (network_id, id)
);

-- The broker's member search: names, emails and phones by any part (ilike '%…%').
create index person_display_name_trgm_idx on person using gin (display_name gin_trgm_ops);
create index person_email_trgm_idx on person using gin (email gin_trgm_ops);
create index person_phone_trgm_idx on person using gin (phone gin_trgm_ops);
create index member_timebank_status_idx on member (network_id, timebank_id, status);
create index member_area_idx on member (network_id, area_id);
-- Last sign-in of a person (last activity in the member search).
create index audit_event_sign_in_idx on audit_event (network_id, actor_person_id, at)
  where action = 'session.start';
