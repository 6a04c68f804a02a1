// Targets of the report routes (docs/reports.md) for the authorization matrix: North's open
// data is turned on, as its coordinator would, so the public feeds have something to answer.
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { upsertTimebankSetting } from '../../src/modules/reports/queries.ts';

export async function createReportTargets(
  db: Kysely<DB>,
  t: { networkA: string; north: string; coordinatorPersonId: string },
): Promise<void> {
  const rules = { count_min: 5, wellbeing_min: 10, mean_min_people: 10 };
  await upsertTimebankSetting(
    db,
    t.networkA,
    t.north,
    { ...rules, open_data: true, open_data_licence: 'OGL-UK-3.0', publish_activities: true },
    t.coordinatorPersonId,
    new Date(),
  );
}
