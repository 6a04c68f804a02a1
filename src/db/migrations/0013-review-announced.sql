-- The review date of a safeguarding check that its timebank's brokers were last told of
-- (the recheck_due sweep, docs/safeguarding.md). A changed review date is told again; a
-- timebank without brokers is not asked again every hour.
alter table safeguarding_check add column review_announced_on date;
create index safeguarding_check_announce_idx on safeguarding_check (review_on)
  where stopped_notice_sent_on is null and review_announced_on is distinct from review_on;
