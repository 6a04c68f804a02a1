// Reports for commissioners, coordinators and network admins: aggregates only, with small
// numbers suppressed so no one can be picked out.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Principal } from '../auth/principal.ts';
import { authorize } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import { membershipCounts } from './queries.ts';

/** Counts from 1 to this are published as "fewer than" it, never as the number. */
export const SUPPRESS_BELOW = 5;

/** A published count: the number, or null with suppressed=true when it is 1..SUPPRESS_BELOW-1. */
export interface Count {
  value: number | null;
  suppressed: boolean;
}

export function suppress(n: number): Count {
  return n > 0 && n < SUPPRESS_BELOW ? { value: null, suppressed: true } : { value: n, suppressed: false };
}

export const AGE_BANDS = ['under_18', '18_24', '25_49', '50_64', '65_74', '75_plus', 'unknown'] as const;
export const STATUSES = ['applied', 'active', 'paused', 'left', 'suspended'] as const;

export function createReports({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  async function membership(p: Principal, timebankId: string | null) {
    authorize(
      p,
      'report.read',
      timebankId ? await timebankResource(db, p, timebankId) : { type: 'network', networkId: p.networkId },
    );
    const rows = await membershipCounts(db, p.networkId, clock.now().getUTCFullYear(), timebankId);
    const byTimebank = new Map<string, { name: string; status: Map<string, number>; age: Map<string, number> }>();
    for (const r of rows) {
      const tb = byTimebank.get(r.timebank_id) ?? { name: r.timebank_name, status: new Map(), age: new Map() };
      tb.status.set(r.status, (tb.status.get(r.status) ?? 0) + r.n);
      if (r.status === 'active') tb.age.set(r.age_band, (tb.age.get(r.age_band) ?? 0) + r.n);
      byTimebank.set(r.timebank_id, tb);
    }
    return {
      suppressBelow: SUPPRESS_BELOW,
      timebanks: [...byTimebank].map(([id, tb]) => ({
        timebankId: id,
        timebankName: tb.name,
        members: Object.fromEntries(STATUSES.map((s) => [s, suppress(tb.status.get(s) ?? 0)])),
        activeByAge: Object.fromEntries(AGE_BANDS.map((a) => [a, suppress(tb.age.get(a) ?? 0)])),
      })),
    };
  }

  return { membership };
}

export type Reports = ReturnType<typeof createReports>;
