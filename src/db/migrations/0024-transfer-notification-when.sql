-- The notification trigger on transfer (0004) ran its function for every inserted transfer,
-- though only pending hours, gifts and confirmed hours notify anyone. A WHEN clause lets
-- PostgreSQL skip the plain posted transfers without queueing an after-trigger event or
-- entering PL/pgSQL: most transfers, and the whole of a broker's posted paper sheet. The
-- function still makes the finer choice; the clause only has to cover every case it keeps.
drop trigger notification_from_transfer on transfer;
create trigger notification_from_transfer after insert on transfer
  for each row
  when (new.phase in ('pending', 'post_pending') or new.kind = 'gift')
  execute function notification_from_transfer();
