// The fixed registry of computed indicators: a name, what it counts, which parameters it takes
// and the query that computes it (indicator-queries.ts). Indicators name a query and store its
// parameters; the period is given when the indicator is computed. docs/outcomes.md gives each
// query's exact definition.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import * as iq from './indicator-queries.ts';

/** What the value counts: people and exchanges are suppressed as counts; minutes and shares
 * through their sample size (the people behind them). */
export type Counts = 'people' | 'exchanges' | 'minutes' | 'share';

const Uuid = z.string().uuid();
const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}(\.[a-z0-9][a-z0-9-]{0,40})?$/, 'a category slug');

const withCategory = z.strictObject({ timebankId: Uuid.nullable(), areaId: Uuid.nullable().optional(), categorySlug: Slug.nullable().optional() });
const noCategory = z.strictObject({ timebankId: Uuid.nullable(), areaId: Uuid.nullable().optional() });

export type QueryParams = { timebankId: string | null; areaId?: string | null | undefined; categorySlug?: string | null | undefined };

export interface RegisteredQuery {
  name: string;
  label: string;
  unit: string;
  counts: Counts;
  params: z.ZodType<QueryParams>;
  run: (db: Kysely<DB>, s: iq.Scope) => Promise<iq.Figure>;
}

export const REGISTRY: readonly RegisteredQuery[] = [
  { name: 'active_members', label: 'Active members', unit: 'people', counts: 'people', params: withCategory, run: iq.activeMembers },
  { name: 'hours_exchanged', label: 'Hours exchanged', unit: 'minutes', counts: 'minutes', params: withCategory, run: iq.hoursExchanged },
  {
    name: 'over_75_helped_at_home',
    label: 'Members aged 75 or more helped at home',
    unit: 'people',
    counts: 'people',
    params: withCategory,
    run: iq.over75HelpedAtHome,
  },
  {
    name: 'exchanges_across_timebanks',
    label: 'Exchanges across timebanks',
    unit: 'exchanges',
    counts: 'exchanges',
    params: noCategory,
    run: iq.exchangesAcrossTimebanks,
  },
  { name: 'new_members_under_25', label: 'New members under 25', unit: 'people', counts: 'people', params: noCategory, run: iq.newMembersUnder25 },
  {
    name: 'gave_and_received_share',
    label: 'Share of active members who both gave and received',
    unit: 'percent',
    counts: 'share',
    params: withCategory,
    run: iq.gaveAndReceivedShare,
  },
];

export const QUERY_NAMES = REGISTRY.map((q) => q.name) as [string, ...string[]];

export function registered(name: string): RegisteredQuery | undefined {
  return REGISTRY.find((q) => q.name === name);
}
