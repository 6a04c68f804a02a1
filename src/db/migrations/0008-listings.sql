-- Offers and requests (issue 5, docs/listings.md). This is the core shape the exchanges and
-- matching modules build on; the listings module owns it and adds to it.
--
-- A listing belongs to one timebank and is posted by a member (or by a broker for them, who is
-- then recorded in created_by_person_id) or by an organisation. Lending tools and equipment is
-- an offer of kind 'lend'. Category slugs are those of the categories module
-- (src/modules/categories/taxonomy.ts plus the timebank's own).
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
  area_id uuid,
  -- 'home' (at the requester's home), 'outside', 'online'.
  mode text not null check (mode in ('home', 'outside', 'online')),
  -- A check is needed: from the category, or set by a broker.
  check_needed boolean not null default false,
  -- The language the text is written in (a text-search configuration is chosen from it).
  language text not null default 'en' check (language ~ '^[a-z]{2}$'),
  -- 'timebank' (members of its timebank) or 'network' (every timebank of the network).
  visibility text not null default 'timebank' check (visibility in ('timebank', 'network')),
  -- 'open', 'closed' (done with, by its owner or a broker), 'lapsed' (expired).
  status text not null default 'open' check (status in ('open', 'closed', 'lapsed')),
  expires_on date not null,
  created_at timestamptz not null default now(),
  created_by_person_id uuid not null,
  updated_at timestamptz not null default now(),
  primary key (network_id, id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, member_id) references member (network_id, id),
  foreign key (network_id, organisation_id) references organisation (network_id, id),
  foreign key (network_id, area_id) references area (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id),
  check ((member_id is null) <> (organisation_id is null))
);
create index listing_timebank_open_idx on listing (network_id, timebank_id, kind, created_at desc) where status = 'open';
create index listing_member_idx on listing (network_id, member_id) where member_id is not null;
