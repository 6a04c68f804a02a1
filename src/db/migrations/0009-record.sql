-- My record, broker notes, a member's own notes and corrections, erasure of a person, and the
-- roles of the people who act for an organisation. See docs/my-record.md.

-- A note a broker or coordinator of the member's timebank writes about the member. Shared
-- with the member unless restricted, and restricted only with a recorded reason (who, when,
-- why). The text is never edited: a correction is a new note.
create table member_note (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid not null,
  person_id uuid not null,
  body text not null check (length(body) between 1 and 4000),
  written_at timestamptz not null,
  written_by_person_id uuid not null,
  restricted boolean not null default false,
  restricted_reason text check (length(restricted_reason) between 1 and 1000),
  restricted_at timestamptz,
  restricted_by_person_id uuid,
  primary key (network_id, id),
  foreign key (network_id, timebank_id, person_id) references member (network_id, timebank_id, person_id),
  foreign key (network_id, written_by_person_id) references person (network_id, id),
  foreign key (network_id, restricted_by_person_id) references person (network_id, id),
  check ((restricted_reason is not null) = restricted
    and (restricted_at is not null) = restricted
    and (restricted_by_person_id is not null) = restricted)
);
create index member_note_person_idx on member_note (network_id, person_id, written_at);

-- What a member adds beside an item of their record: a note or a correction. Kept beside the
-- item, attributable, and never editing the item itself.
create table record_remark (
  network_id uuid not null,
  id uuid not null,
  person_id uuid not null,
  item_type text not null check (item_type in (
    'person', 'membership', 'status', 'profile', 'reference', 'check', 'note',
    'agreement', 'preferences', 'restrictions', 'safeguarding_view', 'other')),
  item_id uuid,
  kind text not null check (kind in ('note', 'correction')),
  body text not null check (length(body) between 1 and 2000),
  created_at timestamptz not null,
  created_by_person_id uuid not null,
  on_behalf_of_person_id uuid,
  primary key (network_id, id),
  foreign key (network_id, person_id) references person (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id)
);
create index record_remark_person_idx on record_remark (network_id, person_id, created_at);

-- An erased person: the row stays (the ledger's accounts and transfers still point at it
-- through their memberships) with every personal field blanked, the name replaced by
-- "Erased member" and a stable opaque reference.
alter table person add column erased_at timestamptz;
alter table person add column erased_by_person_id uuid;
alter table person add column erased_ref text check (erased_ref ~ '^[A-Z0-9]{10}$');
alter table person add constraint person_erased_ref check ((erased_at is null) = (erased_ref is null));
create unique index person_erased_ref_uq on person (network_id, erased_ref) where erased_ref is not null;

-- The role someone acts for an organisation in: 'admin' manages its people and uses its
-- account, 'member' uses its account, 'contact' is its named contact and does not use it.
alter table organisation_person add column role text not null default 'member'
  check (role in ('admin', 'member', 'contact'));
alter table organisation_person add column role_set_at timestamptz;
alter table organisation_person add column role_set_by_person_id uuid;

-- Acting for an organisation's account (reading it, giving or donating from it) needs the
-- role 'admin' or 'member': a contact is not one of its holders. Same function as in
-- 0003-request-lookups.sql, with the role checked.
create or replace function ledger_account_holders(p_network_id uuid, p_account_ids uuid[])
returns table (
  id uuid,
  timebank_id uuid,
  owner_kind text,
  member_id uuid,
  organisation_id uuid,
  holder_person_ids json
)
language plpgsql stable as $$
begin
  return query
  select a.id, a.timebank_id, a.owner_kind, a.member_id, a.organisation_id,
         coalesce((
           select json_agg(h.person_id) from (
             select m.person_id from member m
              where m.network_id = a.network_id and m.id = a.member_id
             union all
             select op.person_id from organisation_person op
              where op.network_id = a.network_id and op.organisation_id = a.organisation_id
                and op.role in ('admin', 'member')
           ) h), '[]'::json)
    from account a
   where a.network_id = p_network_id and a.id = any (p_account_ids);
end $$;
