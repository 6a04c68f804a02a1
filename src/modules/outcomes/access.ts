// Who may do what to a framework: the policy decides from the framework's scope (a timebank:
// its coordinators manage it; the network: its network admins). Readers who may not manage it
// (commissioners, coordinators reading the network's) see published figures only.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { DomainError, type FieldError, notFound } from '../../lib/errors.ts';
import type { Principal } from '../auth/principal.ts';
import { authorize, can, type Resource } from '../policy/policy.ts';
import { type Cell, DEFAULT_RULES, type DisclosureRules, primary, published } from '../disclosure/index.ts';
import { effectiveRules } from '../reports/settings.ts';
import * as q from './queries.ts';

export const frameworkResource = (networkId: string, timebankId: string | null): Resource =>
  timebankId ? { type: 'timebank', networkId, timebankId } : { type: 'network', networkId };

export const field = (path: string, message: string): FieldError => ({ path, message });
export const invalid = (fields: FieldError[], code = 'validation_failed') =>
  new DomainError(code, fields.map((f) => `${f.path}: ${f.message}`).join('; '), { fields });

/** The framework, after the policy allowed the action on it (not found for anyone who may not read it). */
export async function frameworkFor(db: Kysely<DB>, p: Principal, id: string, action: 'outcome.read' | 'outcome.manage') {
  const fw = await q.findFramework(db, p.networkId, id);
  if (!fw) throw notFound('framework');
  const res = frameworkResource(p.networkId, fw.timebank_id);
  if (!can(p, 'outcome.read', res)) throw notFound('framework');
  authorize(p, action, res);
  return { fw, manager: can(p, 'outcome.manage', res) };
}

/** The thresholds a reader who may not manage the framework sees its figures through: its
 * timebank's report rules, raised to the network's floor. Managers see figures as they are, so
 * nothing is looked up for them. */
export async function readerRules(db: Kysely<DB>, networkId: string, fw: { timebank_id: string | null }, manager: boolean): Promise<DisclosureRules> {
  return manager ? DEFAULT_RULES : effectiveRules(db, networkId, fw.timebank_id);
}

/** A figure as a reader who may not manage the framework sees it. */
export interface Published {
  value: number | null;
  sampleSize: number | null;
  suppressed: boolean;
}

/** Hidden when fewer people than the threshold stand behind it (disclosure library, primary rule). */
const small = (n: number, threshold: number) => primary(n, threshold).suppressed;

/**
 * People and exchange counts are suppressed as counts; minutes, shares and entered figures
 * through the sample behind them (when there is one). `threshold` is the stricter of the
 * indicator's own and the report rules' (`rules.countMin`).
 */
export function publish(value: number, sampleSize: number | null, counts: 'count' | 'sampled', threshold: number, manager: boolean): Published {
  if (manager) return { value, sampleSize, suppressed: false };
  if (counts === 'count' && small(value, threshold)) return { value: null, sampleSize: null, suppressed: true };
  if (sampleSize !== null && small(sampleSize, threshold)) return { value: null, sampleSize: null, suppressed: true };
  return { value, sampleSize, suppressed: false };
}

/** A count of people for a reader who may not manage the framework. */
export function publishCount(n: number, manager: boolean, rules: DisclosureRules): Cell {
  return manager ? published(n) : primary(n, rules.countMin);
}
