-- Broker matching looks for candidates among the profile categories of one timebank
-- (docs/matching.md, docs/performance.md). Each row now carries its member's timebank, so the
-- search reads that timebank's rows only, not the whole network's. A member never moves
-- timebank; the trigger fills the column from the member row, so writers need not know it.
alter table member_profile_category add column timebank_id uuid;
update member_profile_category pc set timebank_id = m.timebank_id
  from member m where m.network_id = pc.network_id and m.id = pc.member_id;
alter table member_profile_category alter column timebank_id set not null;

create function member_profile_category_timebank() returns trigger language plpgsql as $$
begin
  select m.timebank_id into new.timebank_id from member m where m.network_id = new.network_id and m.id = new.member_id;
  return new;
end $$;
create trigger member_profile_category_timebank before insert or update of member_id, timebank_id
  on member_profile_category for each row execute function member_profile_category_timebank();

create index member_profile_category_timebank_idx
  on member_profile_category (network_id, timebank_id, category_slug, kind, member_id);

-- The members of an area in id order, so "the first hundred of the area who wrote what they
-- offer" stops after reading about that many (it sorted every member of the area before).
create index member_area_id_idx on member (network_id, area_id, id);
drop index member_area_idx;
