-- Repeating activities (issue 5; docs/activities.md).
--
-- A series is a repeat rule a coordinator (or an organisation's people) gave when creating an
-- activity: weekly on some weekdays, or monthly on the same day or weekday of the month, until
-- a day or for a number of dates (at most 52). It makes one activity row per date, linked by
-- activity.series_id: each has its own registrations, attendance and payment batch, so all
-- that exists per activity (paying, the calendar feed, reports, Star tags, exports) works per
-- date. Changing or cancelling "all future dates" touches only open rows that have not started.

create table activity_series (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid not null,
  frequency text not null check (frequency in ('weekly', 'monthly')),
  -- Weekly: the ISO weekdays (1 Monday .. 7 Sunday), a JSON array.
  weekdays jsonb,
  -- Monthly: on the first date's day of the month, or on its weekday of the month (2nd Tuesday).
  monthly_by text check (monthly_by in ('day_of_month', 'weekday')),
  -- The rule ends on a day (in the timebank's zone) or after a number of dates.
  until_on date,
  occurrence_count integer check (occurrence_count between 2 and 52),
  created_at timestamptz not null default now(),
  created_by_person_id uuid not null,
  primary key (network_id, id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id),
  check ((frequency = 'weekly') = (weekdays is not null)),
  check ((frequency = 'monthly') = (monthly_by is not null)),
  check ((until_on is null) <> (occurrence_count is null))
);

alter table activity add column series_id uuid;
alter table activity add constraint activity_series_fk foreign key (network_id, series_id) references activity_series (network_id, id);
create index activity_series_idx on activity (network_id, series_id, starts_at) where series_id is not null;
