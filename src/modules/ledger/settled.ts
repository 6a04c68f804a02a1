// The one definition of "settled hours" (docs/ledger.md): what the outcome indicators, the
// Co-Production Star figures, the reports dashboard and the open-data feed count as hours
// exchanged. A query fragment, so each report joins and groups it as it needs.
import { type RawBuilder, sql } from 'kysely';

/** A moment as SQL: a Date, or an expression such as londonDayStart(). */
export type Instant = Date | RawBuilder<unknown>;

/** The first moment of a Europe/London day ('YYYY-MM-DD'), as a timestamptz. */
export const londonDayStart = (day: string): RawBuilder<unknown> =>
  sql`(${day}::date::timestamp at time zone 'Europe/London')`;

/** The first moment after a Europe/London day: the end of a range that includes the day. */
export const londonDayEnd = (day: string): RawBuilder<unknown> =>
  sql`((${day}::date + 1)::timestamp at time zone 'Europe/London')`;

/**
 * Settled hours: transfers of kind exchange or activity that moved balances (posted at once,
 * or a pending transfer posted: phase post_pending) at a moment in [from, to), and never
 * reversed. Pending and voided transfers never count. A reversed transfer and its reversal net
 * to zero, whenever the reversal came: neither is counted (the reversal has kind "reversal",
 * and the original is left out), so a figure never goes below zero and a reversal never moves
 * hours into another period or category.
 *
 * Columns: id, network_id, kind, category, minutes, created_at, debit_account_id (who
 * received), credit_account_id (who gave), exchange_id, activity_id, timebank_id.
 */
export function settledTransfers(
  networkId: string,
  from: Instant,
  to: Instant,
): RawBuilder<unknown> {
  return sql`
    select t.id, t.network_id, t.kind, t.category, t.minutes, t.created_at, t.debit_account_id,
      t.credit_account_id, t.exchange_id, t.activity_id, t.timebank_id
    from transfer t
    where t.network_id = ${networkId}
      and t.kind in ('exchange', 'activity')
      and t.phase in ('posted', 'post_pending')
      and t.created_at >= ${from} and t.created_at < ${to}
      and not exists (select 1 from transfer r where r.network_id = t.network_id and r.reverses_transfer_id = t.id)`;
}
