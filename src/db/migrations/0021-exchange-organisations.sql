-- Exchanges with organisations (issue 5, docs/exchanges.md "With organisations"): a cafe that
-- needs its windows cleaned receives help from members (its account pays the hours), and a cafe
-- that offers teas gives to a member (the member's account pays, the cafe's is credited).
--
-- The organisation is one party of the exchange, never both: the receiver (on its request) or
-- the only giver (on its offer; the exchange then has no exchange_giver rows). People who act
-- for it take its steps; its hours and its thank-you notes name it instead of a member.

-- The receiver: a member or an organisation, exactly one.
alter table exchange alter column receiver_member_id drop not null;
alter table exchange add column receiver_organisation_id uuid;
-- The giver of an organisation's offer (then the receiver is a member).
alter table exchange add column giver_organisation_id uuid;
alter table exchange add constraint exchange_receiver_organisation_fk
  foreign key (network_id, receiver_organisation_id) references organisation (network_id, id);
alter table exchange add constraint exchange_giver_organisation_fk
  foreign key (network_id, giver_organisation_id) references organisation (network_id, id);
alter table exchange add constraint exchange_one_receiver
  check (num_nonnulls(receiver_member_id, receiver_organisation_id) = 1);
alter table exchange add constraint exchange_organisation_gives_to_member
  check (giver_organisation_id is null or receiver_member_id is not null);
create index exchange_receiver_organisation_idx on exchange (network_id, receiver_organisation_id)
  where receiver_organisation_id is not null;
create index exchange_giver_organisation_idx on exchange (network_id, giver_organisation_id)
  where giver_organisation_id is not null;

-- An exchange an organisation gives has no member givers.
create function exchange_giver_not_with_organisation() returns trigger
language plpgsql as $$
begin
  if exists (select 1 from exchange e
              where e.network_id = new.network_id and e.id = new.exchange_id
                and e.giver_organisation_id is not null) then
    raise exception 'an exchange an organisation gives has no member givers'
      using errcode = '23514', constraint = 'exchange_giver_not_with_organisation';
  end if;
  return new;
end $$;
create trigger exchange_giver_not_with_organisation before insert or update on exchange_giver
  for each row execute function exchange_giver_not_with_organisation();

-- Hours: the giver is a member or the organisation, exactly one; still at most once per
-- occurrence and giver (the primary key, on the giver either way, refuses a second recording).
alter table exchange_hours drop constraint exchange_hours_pkey;
alter table exchange_hours alter column giver_member_id drop not null;
alter table exchange_hours add column giver_organisation_id uuid;
alter table exchange_hours add constraint exchange_hours_giver_organisation_fk
  foreign key (network_id, giver_organisation_id) references organisation (network_id, id);
alter table exchange_hours add constraint exchange_hours_one_giver
  check (num_nonnulls(giver_member_id, giver_organisation_id) = 1);
alter table exchange_hours add column giver_id uuid
  generated always as (coalesce(giver_member_id, giver_organisation_id)) stored;
alter table exchange_hours add constraint exchange_hours_pkey primary key (network_id, occurrence_id, giver_id);

-- Thank-you notes from an organisation that received help (written by a person acting for it)
-- to a member who gave it. Notes are still to members only.
alter table thank_you alter column from_member_id drop not null;
alter table thank_you add column from_organisation_id uuid;
alter table thank_you add constraint thank_you_from_organisation_fk
  foreign key (network_id, from_organisation_id) references organisation (network_id, id);
alter table thank_you add constraint thank_you_one_writer
  check (num_nonnulls(from_member_id, from_organisation_id) = 1);
alter table thank_you add constraint thank_you_organisation_once
  unique (network_id, exchange_id, from_organisation_id, to_member_id);
