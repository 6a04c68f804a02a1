-- Offers and requests (issue 5, docs/listings.md). This is the core shape the exchanges and
-- matching modules build on; the listings module owns it and adds to it.
--
-- A listing belongs to one timebank and is posted by a member (or by a broker for them, who is
-- then recorded in created_by_person_id) or by an organisation. Lending tools and equipment is
-- an offer of kind 'lend'. Category slugs are those of the categories module
-- (src/modules/categories/taxonomy.ts plus the timebank's own).

-- The text search configuration for a listing's language (ISO 639-1). Only configurations that
-- both PostgreSQL 15 and PGlite ship are named; every other language (Polish, Gaelic, Welsh,
-- Ukrainian...) has no stemmer there and falls back to 'simple' (lower-cased words, no
-- stemming, no stop words). docs/listings.md says so.
create function listing_ts_config(lang text) returns regconfig
language sql immutable parallel safe as $$
  select case lang
    when 'en' then 'english'::regconfig
    when 'da' then 'danish'::regconfig
    when 'nl' then 'dutch'::regconfig
    when 'fi' then 'finnish'::regconfig
    when 'fr' then 'french'::regconfig
    when 'de' then 'german'::regconfig
    when 'hu' then 'hungarian'::regconfig
    when 'ga' then 'irish'::regconfig
    when 'it' then 'italian'::regconfig
    when 'lt' then 'lithuanian'::regconfig
    when 'no' then 'norwegian'::regconfig
    when 'nb' then 'norwegian'::regconfig
    when 'pt' then 'portuguese'::regconfig
    when 'ro' then 'romanian'::regconfig
    when 'ru' then 'russian'::regconfig
    when 'es' then 'spanish'::regconfig
    when 'sv' then 'swedish'::regconfig
    when 'tr' then 'turkish'::regconfig
    else 'simple'::regconfig
  end
$$;

create table listing (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid not null,
  -- 'offer' (I can help), 'request' (I need help), 'lend' (an offer to lend a thing).
  kind text not null check (kind in ('offer', 'request', 'lend')),
  -- Exactly one of the two: the member it is for, or the organisation.
  member_id uuid,
  organisation_id uuid,
  title text not null check (length(title) between 3 and 120),
  description text not null default '' check (length(description) <= 4000),
  category_slug text not null check (category_slug ~ '^[a-z0-9][a-z0-9-]{0,40}(\.[a-z0-9][a-z0-9-]{0,40})?$'),
  -- The top level of the category ("home-garden" of "home-garden.gardening"): the filter by a
  -- top level finds its subcategories through it.
  category_top text generated always as (split_part(category_slug, '.', 1)) stored,
  area_id uuid,
  -- 'home' (at the requester's home), 'outside', 'online'.
  mode text not null check (mode in ('home', 'outside', 'online')),
  -- When: a one-off day, every n weeks on a weekday, or flexible; a part of the day and a note
  -- ("after school") may go with any of them.
  when_kind text not null default 'flexible' check (when_kind in ('one_off', 'recurring', 'flexible')),
  when_on date,
  -- ISO weekday, Monday = 1.
  when_weekday smallint check (when_weekday between 1 and 7),
  when_every_weeks smallint check (when_every_weeks between 1 and 4),
  when_part text check (when_part in ('morning', 'afternoon', 'evening')),
  when_note text check (length(when_note) <= 200),
  -- A check is needed: from the category, or set by a broker.
  check_needed boolean not null default false,
  -- The broker or coordinator who said a check is needed where the category does not.
  check_set_by_person_id uuid,
  -- The language the text is written in (a text-search configuration is chosen from it).
  language text not null default 'en' check (language ~ '^[a-z]{2}$'),
  -- The languages the help can be given in (BCP 47 tags), besides the text's own.
  languages text[] not null default '{}' check (cardinality(languages) <= 10),
  -- 'timebank' (members of its timebank) or 'network' (every timebank of the network).
  visibility text not null default 'timebank' check (visibility in ('timebank', 'network')),
  -- 'open', 'closed' (done with, by its owner or a broker), 'lapsed' (expired).
  status text not null default 'open' check (status in ('open', 'closed', 'lapsed')),
  expires_on date not null,
  -- The expiry day a lapse reminder was sent for (a renewal moves expires_on: a new reminder).
  reminded_for date,
  -- A request a broker took on the phone and recorded for the member.
  taken_by_phone boolean not null default false,
  created_at timestamptz not null default now(),
  created_by_person_id uuid not null,
  updated_at timestamptz not null default now(),
  updated_by_person_id uuid,
  renewed_at timestamptz,
  closed_at timestamptz,
  closed_by_person_id uuid,
  lapsed_at timestamptz,
  -- Full text: the title weighs more than the description; stemmed in the listing's language.
  search_vector tsvector generated always as (
    setweight(to_tsvector(listing_ts_config(language), title), 'A') ||
    setweight(to_tsvector(listing_ts_config(language), description), 'B')
  ) stored,
  primary key (network_id, id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, member_id) references member (network_id, id),
  foreign key (network_id, organisation_id) references organisation (network_id, id),
  foreign key (network_id, area_id) references area (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id),
  foreign key (network_id, updated_by_person_id) references person (network_id, id),
  foreign key (network_id, closed_by_person_id) references person (network_id, id),
  foreign key (network_id, check_set_by_person_id) references person (network_id, id),
  check ((member_id is null) <> (organisation_id is null)),
  check (when_kind <> 'one_off' or (when_on is not null and when_weekday is null and when_every_weeks is null)),
  check (when_kind <> 'recurring' or (when_on is null and when_weekday is not null and when_every_weeks is not null)),
  check (when_kind <> 'flexible' or (when_on is null and when_weekday is null and when_every_weeks is null)),
  check ((status = 'closed') = (closed_at is not null))
);
create index listing_timebank_open_idx on listing (network_id, timebank_id, kind, created_at desc) where status = 'open';
create index listing_member_idx on listing (network_id, member_id) where member_id is not null;
create index listing_organisation_idx on listing (network_id, organisation_id) where organisation_id is not null;
-- Browsing the newest open listings of a network, and by category.
create index listing_network_open_idx on listing (network_id, created_at desc) where status = 'open';
create index listing_category_open_idx on listing (network_id, category_top, category_slug, created_at desc) where status = 'open';
create index listing_area_open_idx on listing (network_id, area_id, created_at desc) where status = 'open' and area_id is not null;
-- Search: full text (GIN on the generated tsvector) and typos (trigrams of the title), over
-- open listings only (search never shows others). A searcher sees their timebank's listings and
-- the network-wide ones of their network: each index holds one of the two, keyed by timebank or
-- network (btree_gin), so a search reads only the listings it may show, not every network's.
-- No index on expires_on: the hourly sweep reads the table once, and such an index tempts the
-- planner into AND-ing it with the GIN indexes, which costs more than it saves
-- (docs/performance.md).
create extension if not exists btree_gin;
create index listing_search_timebank_idx on listing using gin (timebank_id, search_vector) where status = 'open';
create index listing_search_network_idx on listing using gin (network_id, search_vector) where status = 'open' and visibility = 'network';
create index listing_title_trgm_timebank_idx on listing using gin (timebank_id, title gin_trgm_ops) where status = 'open';
create index listing_title_trgm_network_idx on listing using gin (network_id, title gin_trgm_ops) where status = 'open' and visibility = 'network';

-- Members follow categories and are told of new listings in them (a top level covers its
-- subcategories). A subscription belongs to a membership: categories are a timebank's.
create table category_subscription (
  network_id uuid not null,
  member_id uuid not null,
  category_slug text not null check (category_slug ~ '^[a-z0-9][a-z0-9-]{0,40}(\.[a-z0-9][a-z0-9-]{0,40})?$'),
  created_at timestamptz not null default now(),
  created_by_person_id uuid not null,
  primary key (network_id, member_id, category_slug),
  foreign key (network_id, member_id) references member (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id)
);
create index category_subscription_slug_idx on category_subscription (network_id, category_slug);
