-- Each timebank keeps its diary in its own time zone (an IANA name such as 'Europe/Warsaw'):
-- exchange and activity times are typed and shown in it. The service checks the name against
-- the runtime's list of zones; here only its shape. Timebanks that speak Polish by default
-- (until now kept in Warsaw time by the activities) start in Warsaw time, the others in London.
alter table timebank add column time_zone text not null default 'Europe/London'
  check (time_zone ~ '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$' and length(time_zone) <= 64);
update timebank set time_zone = 'Europe/Warsaw' where default_locale = 'pl';
