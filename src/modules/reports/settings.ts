// The thresholds a network or timebank sets for its reports, and a timebank's open-data
// choices. A network's thresholds are a floor: a timebank may be stricter, never looser.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import {
  DEFAULT_RULES,
  type DisclosureRules,
  strictest,
  validateRules,
} from '../disclosure/index.ts';
import { authorize } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import * as q from './queries.ts';
import type { OpenDataLicence } from './tables.ts';

export interface TimebankReportSettings extends DisclosureRules {
  openData: boolean;
  openDataLicence: OpenDataLicence;
  publishActivities: boolean;
}

const rulesOf = (r: q.RuleRow | undefined): DisclosureRules =>
  r
    ? { countMin: r.count_min, wellbeingMin: r.wellbeing_min, meanMinPeople: r.mean_min_people }
    : { ...DEFAULT_RULES };
const rowOf = (r: DisclosureRules): q.RuleRow => ({
  count_min: r.countMin,
  wellbeing_min: r.wellbeingMin,
  mean_min_people: r.meanMinPeople,
});

/** The rules a report over the network (timebankId null) or one timebank uses. */
export async function effectiveRules(
  db: Kysely<DB>,
  networkId: string,
  timebankId: string | null,
): Promise<DisclosureRules> {
  const network = rulesOf(await q.networkSetting(db, networkId));
  return timebankId
    ? strictest(network, rulesOf(await q.timebankSetting(db, networkId, timebankId)))
    : network;
}

/** A timebank's own settings (not yet raised to the network's floor), or the defaults. */
export async function timebankSettings(
  db: Kysely<DB>,
  networkId: string,
  timebankId: string,
): Promise<TimebankReportSettings> {
  const row = await q.timebankSetting(db, networkId, timebankId);
  return {
    ...rulesOf(row),
    openData: row?.open_data ?? false,
    openDataLicence: row?.open_data_licence ?? 'OGL-UK-3.0',
    publishActivities: row?.publish_activities ?? false,
  };
}

export function createReportSettings({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  async function getTimebank(p: Principal, timebankId: string) {
    authorize(p, 'report.configure', await timebankResource(db, p, timebankId));
    return {
      ...(await timebankSettings(db, p.networkId, timebankId)),
      networkFloor: await effectiveRules(db, p.networkId, null),
    };
  }

  async function setTimebank(
    p: Principal,
    actor: Actor,
    timebankId: string,
    s: TimebankReportSettings,
  ) {
    authorize(p, 'report.configure', await timebankResource(db, p, timebankId));
    validateRules(s, '/body');
    const row = {
      ...rowOf(s),
      open_data: s.openData,
      open_data_licence: s.openDataLicence,
      publish_activities: s.publishActivities,
    };
    await db.transaction().execute(async (tx) => {
      await q.upsertTimebankSetting(tx, p.networkId, timebankId, row, p.personId, clock.now());
      await recordAudit(tx, actor, {
        action: 'report.settings',
        subjectType: 'timebank',
        subjectId: timebankId,
        timebankId,
        detail: { ...s },
      });
    });
    return getTimebank(p, timebankId);
  }

  async function getNetwork(p: Principal) {
    authorize(p, 'report.configure', { type: 'network', networkId: p.networkId });
    return effectiveRules(db, p.networkId, null);
  }

  async function setNetwork(p: Principal, actor: Actor, rules: DisclosureRules) {
    authorize(p, 'report.configure', { type: 'network', networkId: p.networkId });
    validateRules(rules, '/body');
    await db.transaction().execute(async (tx) => {
      await q.upsertNetworkSetting(tx, p.networkId, rowOf(rules), p.personId, clock.now());
      await recordAudit(tx, actor, {
        action: 'report.networkSettings',
        subjectType: 'network',
        subjectId: p.networkId,
        detail: { ...rules },
      });
    });
    return getNetwork(p);
  }

  return { getTimebank, setTimebank, getNetwork, setNetwork };
}
