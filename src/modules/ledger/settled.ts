// The one definition of "settled hours" (docs/ledger.md): what the outcome indicators, the
// Co-Production Star figures, the reports dashboard and the open-data feed count as hours
// exchanged. A query fragment, so each report joins and groups it as it needs.
import { type RawBuilder, sql } from 'kysely';

/**
 * Settled hours: transfers of kind exchange or activity that moved balances (posted at once,
 * or a pending transfer posted: phase post_pending) on a day from `fromDay` to `toDay`
 * ('YYYY-MM-DD', both included), and never reversed. A transfer's day and month are those of
 * its own timebank's time zone (a Warsaw timebank's 00:30 on 1 June is in June, though it is
 * still May in UTC). Pending and voided transfers never count. A reversed transfer and its
 * reversal net to zero, whenever the reversal came: neither is counted (the reversal has kind
 * "reversal", and the original is left out), so a figure never goes below zero and a reversal
 * never moves hours into another period or category.
 *
 * Columns: id, network_id, kind, category, minutes, created_at, local_month ('YYYY-MM' in the
 * timebank's zone), debit_account_id (who received), credit_account_id (who gave), exchange_id,
 * activity_id, timebank_id.
 */
export function settledTransfers(networkId: string, fromDay: string, toDay: string): RawBuilder<unknown> {
  return sql`
    select t.id, t.network_id, t.kind, t.category, t.minutes, t.created_at,
      to_char(t.created_at at time zone tb.time_zone, 'YYYY-MM') as local_month, t.debit_account_id,
      t.credit_account_id, t.exchange_id, t.activity_id, t.timebank_id
    from transfer t
    join timebank tb on tb.network_id = t.network_id and tb.id = t.timebank_id
    where t.network_id = ${networkId}
      and t.kind in ('exchange', 'activity')
      and t.phase in ('posted', 'post_pending')
      -- A day either side of the UTC days holds every zone's days; the timebank's own day decides.
      and t.created_at >= ((${fromDay}::date - 1)::timestamp at time zone 'UTC')
      and t.created_at < ((${toDay}::date + 2)::timestamp at time zone 'UTC')
      and (t.created_at at time zone tb.time_zone)::date between ${fromDay}::date and ${toDay}::date
      and not exists (select 1 from transfer r where r.network_id = t.network_id and r.reverses_transfer_id = t.id)`;
}
