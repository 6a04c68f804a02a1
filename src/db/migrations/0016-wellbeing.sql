-- Wellbeing check-ins and social value (docs/wellbeing.md, docs/social-value.md).

-- One wellbeing check-in of a member for one wave of the schedule (at joining, then at 3, 6
-- and 12 months): answered (each question may be skipped: null) or declined as a whole.
-- Answered online by the member, or recorded by a broker from a call; alone, with help, or by
-- a proxy. The answers are sensitive: the member, and brokers and coordinators of their
-- timebank, see them; reports show aggregates only.
create table wellbeing_checkin (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid not null,
  member_id uuid not null,
  person_id uuid not null,
  wave text not null check (wave in ('joining', 'm3', 'm6', 'm12')),
  status text not null check (status in ('answered', 'declined')),
  instrument_version integer not null,
  answered_on date not null,
  method text not null check (method in ('online', 'call')),
  help text check (help in ('alone', 'with_help', 'proxy')),
  life_satisfaction smallint check (life_satisfaction between 0 and 10),
  worthwhile smallint check (worthwhile between 0 and 10),
  happiness smallint check (happiness between 0 and 10),
  anxiety smallint check (anxiety between 0 and 10),
  lonely_direct text check (lonely_direct in ('often_always', 'some_of_the_time', 'occasionally', 'hardly_ever', 'never')),
  lack_companionship smallint check (lack_companionship between 1 and 3),
  left_out smallint check (left_out between 1 and 3),
  isolated smallint check (isolated between 1 and 3),
  belonging text check (belonging in ('very_strongly', 'fairly_strongly', 'not_very_strongly', 'not_at_all_strongly')),
  favours text check (favours in ('definitely_agree', 'tend_to_agree', 'tend_to_disagree', 'definitely_disagree')),
  -- A high anxiety (6-10) or "often/always" lonely: the broker is prompted to offer signposting.
  signpost boolean not null generated always as (coalesce(anxiety >= 6, false) or coalesce(lonely_direct = 'often_always', false)) stored,
  signposting_at timestamptz,
  signposting_by_person_id uuid,
  signposting_outcome text check (signposting_outcome in ('offered', 'accepted', 'declined', 'not_reached')),
  recorded_at timestamptz not null,
  recorded_by_person_id uuid not null,
  primary key (network_id, id),
  unique (network_id, member_id, wave),
  foreign key (network_id, timebank_id, person_id) references member (network_id, timebank_id, person_id),
  foreign key (network_id, member_id) references member (network_id, id),
  foreign key (network_id, recorded_by_person_id) references person (network_id, id),
  foreign key (network_id, signposting_by_person_id) references person (network_id, id),
  check (status = 'answered' or (help is null and life_satisfaction is null and worthwhile is null and happiness is null
    and anxiety is null and lonely_direct is null and lack_companionship is null and left_out is null and isolated is null
    and belonging is null and favours is null)),
  check (status = 'declined' or help is not null),
  check ((signposting_at is null) = (signposting_by_person_id is null) and (signposting_at is null) = (signposting_outcome is null))
);
create index wellbeing_checkin_timebank_idx on wellbeing_checkin (network_id, timebank_id, wave);
create index wellbeing_checkin_person_idx on wellbeing_checkin (network_id, person_id);

-- A financial proxy a timebank's coordinators entered: its value per unit in pence at the
-- prices of its year, where it comes from and under which licence. Never shipped: the HACT
-- Social Value Bank and the National TOMs forbid redistribution.
create table social_value_proxy (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid not null,
  name text not null check (length(name) between 3 and 200),
  unit text not null check (length(unit) between 1 and 100),
  value_pence bigint not null check (value_pence > 0),
  price_year integer not null check (price_year between 1990 and 2100),
  source text not null check (length(source) between 3 and 500),
  source_url text check (length(source_url) <= 500),
  licence text not null check (length(licence) between 2 and 200),
  created_at timestamptz not null,
  created_by_person_id uuid not null,
  primary key (network_id, id),
  unique (network_id, timebank_id, name),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id)
);
