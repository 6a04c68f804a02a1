-- Ledger: accounts, transfers, limits, pending hours, clearing between linked timebanks.
-- The model and its invariants: docs/ledger.md (from the design note ledger.md).
-- Minutes are integers everywhere. network_id leads every key. Transfers are append-only.

-- Per-timebank rules. A timebank's ledger is "open" when this row exists; every account of
-- the timebank references it.
create table timebank_ledger_settings (
  network_id uuid not null,
  timebank_id uuid not null,
  -- Default limits of member and organisation accounts: the lowest balance (overdraft floor)
  -- and, optionally, the highest. An account may override both (account.limit_override).
  balance_minutes_min bigint not null default -600 check (balance_minutes_min <= 0),
  balance_minutes_max bigint check (balance_minutes_max >= 0),
  -- Whether hours recorded by a member wait for the other side or a broker to confirm.
  confirmation_required boolean not null default true,
  -- An unanswered pending transfer is resolved this many days after it was recorded
  -- (null: never), by posting or voiding it.
  pending_timeout_days integer default 14 check (pending_timeout_days between 1 and 365),
  pending_timeout_action text not null default 'post' check (pending_timeout_action in ('post', 'void')),
  -- Minutes a new member receives from the community pot when their account opens.
  starter_minutes integer not null default 0 check (starter_minutes between 0 and 6000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by_person_id uuid,
  primary key (network_id, timebank_id),
  foreign key (network_id, timebank_id) references timebank (network_id, id),
  foreign key (network_id, updated_by_person_id) references person (network_id, id)
);

create table account (
  network_id uuid not null,
  id uuid not null,
  timebank_id uuid not null,
  owner_kind text not null check (owner_kind in ('member', 'organisation', 'community_pot', 'clearing')),
  member_id uuid,
  organisation_id uuid,
  -- For a clearing account: the other timebank of the pair. The account of timebank X for Y
  -- and the account of Y for X always sum to zero.
  counterparty_timebank_id uuid,
  debits_posted bigint not null default 0 check (debits_posted >= 0),
  credits_posted bigint not null default 0 check (credits_posted >= 0),
  debits_pending bigint not null default 0 check (debits_pending >= 0),
  credits_pending bigint not null default 0 check (credits_pending >= 0),
  -- Number of transfers that touched the account: the last entry sequence number.
  entry_count bigint not null default 0 check (entry_count >= 0),
  -- The limits that apply to this account: the lowest and the highest balance allowed, null
  -- meaning none. They are stored on the row so that the posting function reads them from the
  -- rows it has just locked. Member and organisation accounts carry their timebank's defaults
  -- (rewritten when the defaults change) unless a coordinator overrode them with a reason;
  -- clearing accounts carry minus and plus the clearing limit of their link; a community pot
  -- has none unless overridden. The view account_limit_rule says what they must be.
  balance_minutes_min bigint check (balance_minutes_min <= 0),
  balance_minutes_max bigint check (balance_minutes_max >= 0),
  limit_override boolean not null default false,
  limit_reason text check (length(limit_reason) between 1 and 500),
  limit_set_by_person_id uuid,
  limit_set_at timestamptz,
  created_at timestamptz not null default now(),
  created_by_person_id uuid,
  primary key (network_id, id),
  unique (network_id, member_id),
  unique (network_id, organisation_id),
  unique (network_id, timebank_id, counterparty_timebank_id),
  foreign key (network_id, timebank_id) references timebank_ledger_settings (network_id, timebank_id),
  foreign key (network_id, member_id) references member (network_id, id),
  foreign key (network_id, organisation_id) references organisation (network_id, id),
  foreign key (network_id, counterparty_timebank_id) references timebank (network_id, id),
  foreign key (network_id, limit_set_by_person_id) references person (network_id, id),
  foreign key (network_id, created_by_person_id) references person (network_id, id),
  check ((owner_kind = 'member') = (member_id is not null)),
  check ((owner_kind = 'organisation') = (organisation_id is not null)),
  check ((owner_kind = 'clearing') = (counterparty_timebank_id is not null)),
  check (counterparty_timebank_id <> timebank_id),
  check (owner_kind <> 'clearing' or not limit_override),
  check ((not limit_override) or (limit_reason is not null and limit_set_at is not null))
);
create unique index account_community_pot_uq on account (network_id, timebank_id)
  where owner_kind = 'community_pot';

-- Two timebanks that trade. The pair is stored once, smaller id first.
create table timebank_link (
  network_id uuid not null,
  timebank_a_id uuid not null,
  timebank_b_id uuid not null,
  -- Set by the network admin: how far the clearing pair may lean either way.
  clearing_limit_minutes bigint not null check (clearing_limit_minutes >= 0),
  created_at timestamptz not null default now(),
  created_by_person_id uuid,
  updated_at timestamptz not null default now(),
  updated_by_person_id uuid,
  primary key (network_id, timebank_a_id, timebank_b_id),
  check (timebank_a_id < timebank_b_id),
  foreign key (network_id, timebank_a_id) references timebank_ledger_settings (network_id, timebank_id),
  foreign key (network_id, timebank_b_id) references timebank_ledger_settings (network_id, timebank_id),
  foreign key (network_id, created_by_person_id) references person (network_id, id),
  foreign key (network_id, updated_by_person_id) references person (network_id, id)
);

-- One row per movement; never updated or deleted (see the trigger below).
create table transfer (
  network_id uuid not null,
  -- Chosen by the client before sending: the idempotency key.
  id uuid not null,
  -- Both accounts belong to this timebank: movements between timebanks go through the
  -- clearing pair, one leg in each timebank.
  timebank_id uuid not null,
  debit_account_id uuid not null,
  credit_account_id uuid not null,
  minutes integer not null check (minutes > 0),
  kind text not null check (kind in (
    'exchange', 'activity', 'donation', 'gift', 'starter', 'reversal', 'clearing', 'adjustment')),
  -- posted: moves the balances now. pending: reserves minutes (two-phase). post_pending and
  -- void_pending: resolve the pending transfer named by pending_id, at most once.
  phase text not null check (phase in ('posted', 'pending', 'post_pending', 'void_pending')),
  pending_id uuid,
  reverses_transfer_id uuid,
  -- Transfers posted together, all or nothing: the id of the batch's first transfer.
  batch_id uuid,
  category text not null check (length(category) between 1 and 100),
  memo text check (length(memo) <= 2000),
  reason text check (length(reason) between 1 and 2000),
  exchange_id uuid,
  activity_id uuid,
  recorded_by_person_id uuid,
  on_behalf_of_person_id uuid,
  created_at timestamptz not null,
  -- For a pending transfer: when it resolves itself if nobody answers.
  timeout_at timestamptz,
  -- History: each account's entries are numbered 1, 2, 3...; the posted balance after.
  debit_entry_seq bigint not null check (debit_entry_seq > 0),
  credit_entry_seq bigint not null check (credit_entry_seq > 0),
  debit_balance_after_minutes bigint not null,
  credit_balance_after_minutes bigint not null,
  primary key (network_id, id),
  foreign key (network_id, debit_account_id) references account (network_id, id),
  foreign key (network_id, credit_account_id) references account (network_id, id),
  foreign key (network_id, pending_id) references transfer (network_id, id),
  foreign key (network_id, reverses_transfer_id) references transfer (network_id, id),
  foreign key (network_id, batch_id) references transfer (network_id, id),
  foreign key (network_id, recorded_by_person_id) references person (network_id, id),
  foreign key (network_id, on_behalf_of_person_id) references person (network_id, id),
  check (debit_account_id <> credit_account_id),
  check ((phase in ('post_pending', 'void_pending')) = (pending_id is not null)),
  check ((kind = 'reversal') = (reverses_transfer_id is not null)),
  check (kind <> 'reversal' or phase = 'posted'),
  check ((timeout_at is null) or phase = 'pending'),
  check (kind not in ('reversal', 'adjustment') or reason is not null),
  check (minutes <= 1440 or reason is not null or phase in ('post_pending', 'void_pending'))
);
create index transfer_debit_idx on transfer (network_id, debit_account_id, debit_entry_seq);
create index transfer_credit_idx on transfer (network_id, credit_account_id, credit_entry_seq);
create index transfer_timebank_idx on transfer (network_id, timebank_id, created_at);
create unique index transfer_pending_uq on transfer (network_id, pending_id) where pending_id is not null;
create unique index transfer_reverses_uq on transfer (network_id, reverses_transfer_id)
  where reverses_transfer_id is not null;
create index transfer_batch_idx on transfer (network_id, batch_id) where batch_id is not null;
-- The job that resolves unanswered pending transfers runs across networks.
create index transfer_timeout_idx on transfer (timeout_at) where phase = 'pending';

create function transfer_append_only() returns trigger language plpgsql as $$
begin
  raise exception using errcode = 'TB090',
    message = 'transfer_immutable: transfers are append-only; correct one with a reversing transfer';
end $$;
create trigger transfer_append_only before update or delete on transfer
  for each row execute function transfer_append_only();
create trigger transfer_append_only_truncate before truncate on transfer
  for each statement execute function transfer_append_only();

-- What the limits of each account must be by the rules (verify compares; reads show where
-- a limit comes from).
create view account_limit_rule as
select
  a.network_id,
  a.id as account_id,
  case
    when a.owner_kind = 'clearing' then -l.clearing_limit_minutes
    when a.limit_override then a.balance_minutes_min
    when a.owner_kind in ('member', 'organisation') then s.balance_minutes_min
  end as balance_minutes_min,
  case
    when a.owner_kind = 'clearing' then l.clearing_limit_minutes
    when a.limit_override then a.balance_minutes_max
    when a.owner_kind in ('member', 'organisation') then s.balance_minutes_max
  end as balance_minutes_max,
  case
    when a.owner_kind = 'clearing' then 'clearing_link'
    when a.limit_override then 'account'
    when a.owner_kind in ('member', 'organisation') then 'timebank'
    else 'none'
  end as limit_source
from account a
join timebank_ledger_settings s on s.network_id = a.network_id and s.timebank_id = a.timebank_id
left join timebank_link l on l.network_id = a.network_id
  and l.timebank_a_id = least(a.timebank_id, a.counterparty_timebank_id)
  and l.timebank_b_id = greatest(a.timebank_id, a.counterparty_timebank_id);

-- ---------------------------------------------------------------------------------------
-- Posting: ledger_post(network_id, batch jsonb) -> jsonb, one round trip per batch.
--
-- Why one jsonb argument rather than a typed signature: a batch of any length (one transfer,
-- a linked cross-timebank pair, a broker's paper sheet of exchanges) goes in one call with
-- one parameter that both drivers bind the same way; each transfer names only the fields
-- its phase needs; and the function validates every field itself, so it stays safe when
-- called without the TypeScript service in front. Parsing a few hundred bytes of jsonb is
-- small beside the locks and index updates.
--
-- batch: {"at": timestamptz (optional, default now()), "recorded_by_person_id",
--         "on_behalf_of_person_id", "transfers": [ {...}, ... ]}
-- transfer, phase "posted" (default) or "pending": id, debit_account_id, credit_account_id,
--   minutes, kind, category, memo, reason, exchange_id, activity_id.
-- transfer, kind "reversal": id, reverses_transfer_id, reason, memo (accounts, minutes and
--   category are taken from the reversed transfer, sides swapped).
-- transfer, phase "post_pending" or "void_pending": id, pending_id, memo, reason (accounts,
--   minutes, kind and category are taken from the pending transfer).
-- returns {"hit": boolean, "transfers": [transfer rows]}; hit = every id already existed with
-- the same content and nothing was written.
--
-- Order: build and validate every transfer -> idempotency (ids already stored?) -> locks:
-- a batch of several transfers, a resolution or a reversal locks all its accounts first, in
-- sorted id order, FOR NO KEY UPDATE; a plain single transfer's two UPDATEs take the same
-- row locks in the same sorted order ->
-- per transfer: move both totals (the locked rows return their limits), check accounts,
-- state and limits, insert -> every clearing pair touched still sums to zero. Any error
-- rolls back the whole batch.
-- Errors carry SQLSTATE TB0nn and a message starting with the code (see ledger_error); a
-- malformed uuid raises PostgreSQL's own 22P02.
-- ---------------------------------------------------------------------------------------

create function ledger_error(p_code text, p_message text, p_detail jsonb default '{}')
returns void language plpgsql as $$
declare
  v_state text := case p_code
    when 'minutes_invalid' then 'TB001'
    when 'reason_required' then 'TB002'
    when 'same_account' then 'TB003'
    when 'unknown_account' then 'TB004'
    when 'overdraft_limit' then 'TB005'
    when 'ceiling_limit' then 'TB006'
    when 'clearing_limit' then 'TB007'
    when 'idempotency_conflict' then 'TB008'
    when 'not_pending' then 'TB009'
    when 'already_resolved' then 'TB010'
    when 'timebank_mismatch' then 'TB011'
    when 'clearing_unbalanced' then 'TB012'
    when 'not_reversible' then 'TB013'
    when 'already_reversed' then 'TB014'
    when 'unknown_transfer' then 'TB015'
    when 'batch_invalid' then 'TB016'
    when 'kind_invalid' then 'TB017'
    when 'category_required' then 'TB018'
    when 'kind_not_allowed' then 'TB019'
    else 'TB099'
  end;
begin
  raise exception using errcode = v_state, message = p_code || ': ' || p_message,
    detail = p_detail::text;
end $$;

-- A new posted or pending transfer: every field comes from the client.
create function ledger_fresh_fields(r transfer, p_item jsonb) returns transfer
language plpgsql as $$
declare
  v_minutes numeric;
begin
  if r.kind is null or r.kind not in (
    'exchange', 'activity', 'donation', 'gift', 'starter', 'clearing', 'adjustment') then
    perform ledger_error('kind_invalid', 'unknown or missing kind for a new transfer',
      jsonb_build_object('kind', r.kind));
  end if;
  if p_item ->> 'pending_id' is not null or p_item ->> 'reverses_transfer_id' is not null then
    perform ledger_error('batch_invalid', 'pending_id and reverses_transfer_id belong to other phases');
  end if;
  if jsonb_typeof(p_item -> 'minutes') is distinct from 'number' then
    perform ledger_error('minutes_invalid', 'minutes must be a whole number greater than zero');
  end if;
  v_minutes := (p_item ->> 'minutes')::numeric;
  if v_minutes <> trunc(v_minutes) or v_minutes <= 0 or v_minutes > 2147483647 then
    perform ledger_error('minutes_invalid', 'minutes must be a whole number greater than zero',
      jsonb_build_object('minutes', p_item -> 'minutes'));
  end if;
  r.minutes := v_minutes;
  r.debit_account_id := (p_item ->> 'debit_account_id')::uuid;
  r.credit_account_id := (p_item ->> 'credit_account_id')::uuid;
  if r.debit_account_id is null or r.credit_account_id is null then
    perform ledger_error('batch_invalid', 'debit_account_id and credit_account_id are required');
  end if;
  r.exchange_id := (p_item ->> 'exchange_id')::uuid;
  r.activity_id := (p_item ->> 'activity_id')::uuid;
  r.category := nullif(btrim(p_item ->> 'category'), '');
  if r.category is null then
    perform ledger_error('category_required', 'every transfer carries a category');
  end if;
  if r.minutes > 1440 and r.reason is null then
    perform ledger_error('reason_required', 'more than 24 hours in one transfer needs a reason',
      jsonb_build_object('minutes', r.minutes));
  end if;
  if r.kind = 'adjustment' and r.reason is null then
    perform ledger_error('reason_required', 'an adjustment needs a reason');
  end if;
  return r;
end $$;

-- Posting or voiding a pending transfer: the movement is the pending one's.
create function ledger_pending_fields(r transfer, p_item jsonb) returns transfer
language plpgsql as $$
declare
  p transfer;
begin
  if p_item ->> 'debit_account_id' is not null or p_item ->> 'credit_account_id' is not null
    or p_item ->> 'minutes' is not null or p_item ->> 'category' is not null
    or p_item ->> 'reverses_transfer_id' is not null then
    perform ledger_error('batch_invalid', 'posting or voiding takes its movement from the pending transfer');
  end if;
  r.pending_id := (p_item ->> 'pending_id')::uuid;
  select * into p from transfer t where t.network_id = r.network_id and t.id = r.pending_id;
  if not found then
    perform ledger_error('unknown_transfer', 'no such pending transfer',
      jsonb_build_object('transfer_id', r.pending_id));
  end if;
  if p.phase <> 'pending' then
    perform ledger_error('not_pending', 'the transfer is not pending',
      jsonb_build_object('transfer_id', p.id, 'phase', p.phase));
  end if;
  r.kind := p.kind;
  r.debit_account_id := p.debit_account_id;
  r.credit_account_id := p.credit_account_id;
  r.minutes := p.minutes;
  r.category := p.category;
  r.exchange_id := p.exchange_id;
  r.activity_id := p.activity_id;
  return r;
end $$;

-- A reversal: the reversed transfer's movement, sides swapped. The original stays.
create function ledger_reversal_fields(r transfer, p_item jsonb) returns transfer
language plpgsql as $$
declare
  o transfer;
begin
  if r.phase <> 'posted' then
    perform ledger_error('kind_invalid', 'a reversal posts at once; it cannot be pending');
  end if;
  if p_item ->> 'debit_account_id' is not null or p_item ->> 'credit_account_id' is not null
    or p_item ->> 'minutes' is not null or p_item ->> 'category' is not null
    or p_item ->> 'pending_id' is not null then
    perform ledger_error('batch_invalid', 'a reversal takes its movement from the reversed transfer');
  end if;
  if r.reason is null then
    perform ledger_error('reason_required', 'a reversal needs a reason');
  end if;
  r.reverses_transfer_id := (p_item ->> 'reverses_transfer_id')::uuid;
  select * into o from transfer t where t.network_id = r.network_id and t.id = r.reverses_transfer_id;
  if not found then
    perform ledger_error('unknown_transfer', 'no such transfer to reverse',
      jsonb_build_object('transfer_id', r.reverses_transfer_id));
  end if;
  if o.phase not in ('posted', 'post_pending') or o.kind = 'reversal' then
    perform ledger_error('not_reversible', 'only a posted transfer that is not itself a reversal can be reversed',
      jsonb_build_object('transfer_id', o.id, 'phase', o.phase, 'kind', o.kind));
  end if;
  r.debit_account_id := o.credit_account_id;
  r.credit_account_id := o.debit_account_id;
  r.minutes := o.minutes;
  r.category := o.category;
  r.exchange_id := o.exchange_id;
  r.activity_id := o.activity_id;
  return r;
end $$;

create function ledger_build_transfer(
  p_network_id uuid, p_batch jsonb, p_item jsonb, p_batch_id uuid, p_at timestamptz
) returns transfer language plpgsql as $$
declare
  r transfer;
begin
  if jsonb_typeof(p_item) is distinct from 'object' then
    perform ledger_error('batch_invalid', 'each transfer must be an object');
  end if;
  r.network_id := p_network_id;
  r.id := (p_item ->> 'id')::uuid;
  if r.id is null then
    perform ledger_error('batch_invalid', 'every transfer needs an id');
  end if;
  r.phase := coalesce(p_item ->> 'phase', 'posted');
  r.kind := p_item ->> 'kind';
  r.memo := nullif(btrim(p_item ->> 'memo'), '');
  r.reason := nullif(btrim(p_item ->> 'reason'), '');
  r.recorded_by_person_id := (p_batch ->> 'recorded_by_person_id')::uuid;
  r.on_behalf_of_person_id := (p_batch ->> 'on_behalf_of_person_id')::uuid;
  r.batch_id := p_batch_id;
  r.created_at := p_at;
  if r.phase in ('post_pending', 'void_pending') then
    r := ledger_pending_fields(r, p_item);
  elsif r.phase not in ('posted', 'pending') then
    perform ledger_error('batch_invalid', 'unknown phase', jsonb_build_object('phase', r.phase));
  elsif r.kind = 'reversal' then
    r := ledger_reversal_fields(r, p_item);
  else
    r := ledger_fresh_fields(r, p_item);
  end if;
  if r.debit_account_id = r.credit_account_id then
    perform ledger_error('same_account', 'debit and credit accounts are the same',
      jsonb_build_object('account_id', r.debit_account_id));
  end if;
  return r;
end $$;

create function ledger_build_batch(p_network_id uuid, p_batch jsonb) returns transfer[]
language plpgsql as $$
declare
  v_items jsonb := p_batch -> 'transfers';
  v_at timestamptz := coalesce((p_batch ->> 'at')::timestamptz, now());
  v_n integer;
  v_batch_id uuid;
  v_rows transfer[] := '{}';
begin
  if p_network_id is null or jsonb_typeof(v_items) is distinct from 'array' then
    perform ledger_error('batch_invalid', 'a network id and an array of transfers are required');
  end if;
  v_n := jsonb_array_length(v_items);
  if v_n < 1 or v_n > 1000 then
    perform ledger_error('batch_invalid', 'a batch holds 1 to 1000 transfers', jsonb_build_object('count', v_n));
  end if;
  if v_n > 1 then
    v_batch_id := (v_items -> 0 ->> 'id')::uuid;
  end if;
  for i in 0 .. v_n - 1 loop
    v_rows := array_append(v_rows, ledger_build_transfer(p_network_id, p_batch, v_items -> i, v_batch_id, v_at));
  end loop;
  if v_n = 1 then
    return v_rows;
  end if;
  if (select count(distinct u.id) from unnest(v_rows) u) <> v_n then
    perform ledger_error('batch_invalid', 'two transfers of one batch share an id');
  end if;
  if (select count(u.pending_id) <> count(distinct u.pending_id) from unnest(v_rows) u) then
    perform ledger_error('already_resolved', 'one batch resolves the same pending transfer twice');
  end if;
  if (select count(u.reverses_transfer_id) <> count(distinct u.reverses_transfer_id) from unnest(v_rows) u) then
    perform ledger_error('already_reversed', 'one batch reverses the same transfer twice');
  end if;
  return v_rows;
end $$;

-- Same ids already stored: the stored rows when the content is the same (a replay), an error
-- when it differs; null when none of the ids exists.
create function ledger_replay(p_network_id uuid, p_rows transfer[], p_ids uuid[]) returns jsonb
language plpgsql as $$
declare
  v_same integer;
  v_stored jsonb;
begin
  if not exists (select 1 from transfer t where t.network_id = p_network_id and t.id = any(p_ids)) then
    return null;
  end if;
  select count(t.id) filter (where
      (t.phase, t.debit_account_id, t.credit_account_id, t.minutes, t.kind, t.category, t.memo,
       t.reason, t.exchange_id, t.activity_id, t.pending_id, t.reverses_transfer_id,
       t.recorded_by_person_id, t.on_behalf_of_person_id, t.batch_id)
      is not distinct from
      (r.phase, r.debit_account_id, r.credit_account_id, r.minutes, r.kind, r.category, r.memo,
       r.reason, r.exchange_id, r.activity_id, r.pending_id, r.reverses_transfer_id,
       r.recorded_by_person_id, r.on_behalf_of_person_id, r.batch_id)),
    jsonb_agg(to_jsonb(t) order by r.ordinality)
  into v_same, v_stored
  from unnest(p_rows) with ordinality as r
  join transfer t on t.network_id = p_network_id and t.id = r.id;
  if v_same < cardinality(p_rows) then
    perform ledger_error('idempotency_conflict', 'a transfer with this id exists with other content',
      jsonb_build_object('transfer_ids', p_ids));
  end if;
  return v_stored;
end $$;

-- Locks every account the batch touches, in sorted id order, before anything is moved or
-- inserted: for batches of several transfers, and for resolutions and reversals (whose state
-- is checked under the locks).
create function ledger_lock_batch(p_network_id uuid, p_rows transfer[]) returns void
language plpgsql as $$
declare
  v_ids uuid[];
begin
  select array_agg(distinct x order by x) into v_ids from (
    select u.debit_account_id from unnest(p_rows) u
    union all
    select u.credit_account_id from unnest(p_rows) u
  ) s(x);
  perform 1 from account a
    where a.network_id = p_network_id and a.id = any(v_ids)
    order by a.id
    for no key update;
end $$;

-- One side of a transfer once its totals have moved: the locked row's new state.
create type ledger_side as (
  entry_seq bigint,
  balance_minutes bigint,
  -- debit side: the lowest balance reachable (posted minus pending debits);
  -- credit side: the highest (posted plus pending credits).
  reach_minutes bigint,
  balance_minutes_min bigint,
  balance_minutes_max bigint,
  owner_kind text,
  timebank_id uuid
);

-- Moves one account's totals. The UPDATE takes the row lock (or finds it already taken by a
-- batch), and returns the limits stored on the locked row: the latest committed ones.
create function ledger_move(
  p_network_id uuid, p_account_id uuid, p_debit boolean, p_posted integer, p_pending integer
) returns ledger_side language plpgsql as $$
declare
  v ledger_side;
begin
  update account set
      debits_posted = debits_posted + case when p_debit then p_posted else 0 end,
      debits_pending = debits_pending + case when p_debit then p_pending else 0 end,
      credits_posted = credits_posted + case when p_debit then 0 else p_posted end,
      credits_pending = credits_pending + case when p_debit then 0 else p_pending end,
      entry_count = entry_count + 1
    where network_id = p_network_id and id = p_account_id
    returning entry_count, credits_posted - debits_posted,
      case when p_debit then credits_posted - debits_posted - debits_pending
        else credits_posted + credits_pending - debits_posted end,
      balance_minutes_min, balance_minutes_max, owner_kind, timebank_id
    into v.entry_seq, v.balance_minutes, v.reach_minutes, v.balance_minutes_min,
      v.balance_minutes_max, v.owner_kind, v.timebank_id;
  if not found then
    perform ledger_error('unknown_account', 'no such account in this network',
      jsonb_build_object('account_id', p_account_id));
  end if;
  return v;
end $$;

-- A new transfer stays inside one timebank, and its kind suits its accounts.
create function ledger_check_accounts(r transfer, d ledger_side, c ledger_side) returns void
language plpgsql as $$
declare
  v_ok boolean;
begin
  if d.timebank_id <> c.timebank_id then
    perform ledger_error('timebank_mismatch',
      'both accounts must belong to one timebank; between timebanks, go through the clearing pair',
      jsonb_build_object('debit_account_id', r.debit_account_id, 'credit_account_id', r.credit_account_id));
  end if;
  v_ok := case r.kind
    when 'gift' then d.owner_kind in ('member', 'clearing') and c.owner_kind in ('member', 'clearing')
      and not (d.owner_kind = 'clearing' and c.owner_kind = 'clearing')
    when 'donation' then d.owner_kind in ('member', 'organisation', 'clearing')
      and c.owner_kind in ('organisation', 'community_pot', 'clearing')
      and not (d.owner_kind = 'clearing' and c.owner_kind = 'clearing')
    when 'starter' then d.owner_kind = 'community_pot' and c.owner_kind = 'member'
    when 'clearing' then d.owner_kind = 'clearing' or c.owner_kind = 'clearing'
    else true
  end;
  if not v_ok then
    perform ledger_error('kind_not_allowed', 'this kind of transfer does not go between these accounts',
      jsonb_build_object('kind', r.kind, 'debit_owner_kind', d.owner_kind, 'credit_owner_kind', c.owner_kind));
  end if;
end $$;

create function ledger_limit_error(r transfer, p_account_id uuid, p_side ledger_side, p_floor boolean)
returns void language plpgsql as $$
declare
  v_detail jsonb := jsonb_build_object('account_id', p_account_id, 'transfer_id', r.id,
    'limit_minutes', case when p_floor then p_side.balance_minutes_min else p_side.balance_minutes_max end,
    'balance_minutes', p_side.reach_minutes);
begin
  if p_side.owner_kind = 'clearing' then
    perform ledger_error('clearing_limit', 'the clearing limit between the two timebanks would be passed', v_detail);
  elsif p_floor then
    perform ledger_error('overdraft_limit', 'the account would go below its lowest allowed balance', v_detail);
  else
    perform ledger_error('ceiling_limit', 'the account would go above its highest allowed balance', v_detail);
  end if;
end $$;

-- A transfer once applied, and whether it touched a clearing account.
create type ledger_applied as (t transfer, touches_clearing boolean);

-- Moves the totals of both accounts (for a plain single transfer these two UPDATEs are the
-- locks, taken in sorted id order), checks them, inserts the transfer. A pending transfer reserves: the debit side's lowest reachable
-- balance and the credit side's highest are what the limits are checked against.
create function ledger_apply(p_network_id uuid, r transfer) returns ledger_applied
language plpgsql as $$
declare
  v_posted integer := case when r.phase in ('posted', 'post_pending') then r.minutes else 0 end;
  v_pending integer := case r.phase when 'pending' then r.minutes when 'posted' then 0 else -r.minutes end;
  d ledger_side;
  c ledger_side;
begin
  -- Resolutions and reversals come with their accounts already locked (see ledger_post), so
  -- whoever resolved or reversed the same transfer before us has committed and is seen.
  if r.pending_id is not null then
    if exists (select 1 from transfer t where t.network_id = p_network_id and t.pending_id = r.pending_id) then
      perform ledger_error('already_resolved', 'the pending transfer was already posted or voided',
        jsonb_build_object('transfer_id', r.pending_id));
    end if;
  end if;
  if r.reverses_transfer_id is not null then
    if exists (select 1 from transfer t
               where t.network_id = p_network_id and t.reverses_transfer_id = r.reverses_transfer_id) then
      perform ledger_error('already_reversed', 'the transfer was already reversed',
        jsonb_build_object('transfer_id', r.reverses_transfer_id));
    end if;
  end if;
  if r.debit_account_id < r.credit_account_id then
    d := ledger_move(p_network_id, r.debit_account_id, true, v_posted, v_pending);
    c := ledger_move(p_network_id, r.credit_account_id, false, v_posted, v_pending);
  else
    c := ledger_move(p_network_id, r.credit_account_id, false, v_posted, v_pending);
    d := ledger_move(p_network_id, r.debit_account_id, true, v_posted, v_pending);
  end if;
  if r.phase in ('posted', 'pending') and r.kind <> 'reversal' then
    perform ledger_check_accounts(r, d, c);
  end if;
  if v_posted + v_pending > 0 then
    if d.reach_minutes < d.balance_minutes_min then
      perform ledger_limit_error(r, r.debit_account_id, d, true);
    end if;
    if c.reach_minutes > c.balance_minutes_max then
      perform ledger_limit_error(r, r.credit_account_id, c, false);
    end if;
  end if;
  if r.phase = 'pending' then
    select r.created_at + make_interval(days => s.pending_timeout_days) into r.timeout_at
      from timebank_ledger_settings s where s.network_id = p_network_id and s.timebank_id = d.timebank_id;
  end if;
  r.timebank_id := d.timebank_id;
  r.debit_entry_seq := d.entry_seq;
  r.credit_entry_seq := c.entry_seq;
  r.debit_balance_after_minutes := d.balance_minutes;
  r.credit_balance_after_minutes := c.balance_minutes;
  insert into transfer select (r).*;
  return row(r, d.owner_kind = 'clearing' or c.owner_kind = 'clearing')::ledger_applied;
end $$;

-- After a batch that touched clearing accounts: each pair still sums to zero, posted and
-- pending alike, so every timebank stays balanced on its own.
create function ledger_check_clearing(p_network_id uuid, p_rows transfer[]) returns void
language plpgsql as $$
declare
  v_bad uuid;
begin
  select c.id into v_bad
  from account c
  left join account o on o.network_id = c.network_id and o.owner_kind = 'clearing'
    and o.timebank_id = c.counterparty_timebank_id and o.counterparty_timebank_id = c.timebank_id
  where c.network_id = p_network_id and c.owner_kind = 'clearing'
    and c.id in (select u.debit_account_id from unnest(p_rows) u
                 union select u.credit_account_id from unnest(p_rows) u)
    and (o.id is null
      or (c.credits_posted - c.debits_posted) + (o.credits_posted - o.debits_posted) <> 0
      or (c.credits_pending - c.debits_pending) + (o.credits_pending - o.debits_pending) <> 0)
  limit 1;
  if v_bad is not null then
    perform ledger_error('clearing_unbalanced',
      'a batch must move both accounts of a clearing pair by the same minutes',
      jsonb_build_object('account_id', v_bad));
  end if;
end $$;

create function ledger_post(p_network_id uuid, p_batch jsonb) returns jsonb
language plpgsql as $$
declare
  v_rows transfer[] := ledger_build_batch(p_network_id, p_batch);
  v_ids uuid[] := '{}';
  v_stored jsonb;
  v_applied ledger_applied;
  v_clearing boolean := false;
  v_out jsonb := '[]';
  r transfer;
begin
  foreach r in array v_rows loop
    v_ids := v_ids || r.id;
  end loop;
  v_stored := ledger_replay(p_network_id, v_rows, v_ids);
  if v_stored is not null then
    return jsonb_build_object('hit', true, 'transfers', v_stored);
  end if;
  if cardinality(v_rows) > 1 or (v_rows[1]).pending_id is not null
    or (v_rows[1]).reverses_transfer_id is not null then
    perform ledger_lock_batch(p_network_id, v_rows);
  end if;
  foreach r in array v_rows loop
    v_applied := ledger_apply(p_network_id, r);
    v_clearing := v_clearing or v_applied.touches_clearing;
    v_out := v_out || jsonb_build_array(to_jsonb(v_applied.t));
  end loop;
  if v_clearing then
    perform ledger_check_clearing(p_network_id, v_rows);
  end if;
  return jsonb_build_object('hit', false, 'transfers', v_out);
end $$;
