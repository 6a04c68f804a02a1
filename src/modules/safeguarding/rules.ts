// The rules of a check's metadata, without the database: which levels each scheme has, the
// default review date, and the field errors of bad input.
import type { FieldError } from '../../lib/errors.ts';
import { addYears } from './subject.ts';
import type { CheckDecision, CheckLevel, Scheme, StatusCheckResult, Workforce } from './tables.ts';

export const SCHEMES = ['pvg', 'dbs', 'accessni', 'other'] as const satisfies readonly Scheme[];
export const LEVELS = ['basic', 'standard', 'enhanced', 'enhanced_barred', 'pvg_level_1', 'pvg_level_2', 'other'] as const satisfies readonly CheckLevel[];
export const WORKFORCES = ['children', 'adults', 'both'] as const satisfies readonly Workforce[];
export const DECISIONS = ['cleared', 'cleared_with_risk_assessment', 'not_cleared'] as const satisfies readonly CheckDecision[];
export const STATUS_RESULTS = ['current', 'not_current'] as const satisfies readonly StatusCheckResult[];

/** The levels each scheme issues. */
export const LEVELS_OF: Record<Scheme, readonly CheckLevel[]> = {
  dbs: ['basic', 'standard', 'enhanced', 'enhanced_barred'],
  pvg: ['pvg_level_1', 'pvg_level_2'],
  accessni: ['basic', 'standard', 'enhanced', 'enhanced_barred'],
  other: ['other'],
};

/** Years to the next review when none is given (docs/safeguarding.md says why). */
export const REVIEW_YEARS = { pvg: 5, updateService: 1, otherwise: 3 } as const;

export interface CheckInput {
  scheme: Scheme;
  level: CheckLevel;
  workforce: Workforce;
  roleTitle: string;
  regulatedWork: boolean;
  /** Certificate or PVG membership number; undefined on an update keeps the one held. */
  number?: string | undefined;
  issuedOn: string;
  updateService?: boolean | undefined;
  statusCheckedOn?: string | undefined;
  statusCheckResult?: StatusCheckResult | undefined;
  reviewOn?: string | undefined;
  decision?: CheckDecision | undefined;
  decidedByPersonId?: string | undefined;
  decidedOn?: string | undefined;
}

/** PVG membership runs five years; a DBS check on the Update Service is looked at yearly; else three years. */
export function defaultReviewOn(i: Pick<CheckInput, 'scheme' | 'issuedOn' | 'updateService' | 'statusCheckedOn'>): string {
  if (i.scheme === 'pvg') return addYears(i.issuedOn, REVIEW_YEARS.pvg);
  if (i.scheme === 'dbs' && i.updateService) return addYears(i.statusCheckedOn ?? i.issuedOn, REVIEW_YEARS.updateService);
  return addYears(i.issuedOn, REVIEW_YEARS.otherwise);
}

const err = (field: string, message: string): FieldError => ({ path: `/body/${field}`, message });

/** Every field error of a check's metadata, judged on the day `today`. */
export function checkErrors(i: CheckInput, today: string): FieldError[] {
  const out: FieldError[] = [];
  if (!LEVELS_OF[i.scheme].includes(i.level)) out.push(err('level', `not a level of the ${i.scheme} scheme`));
  if (i.issuedOn > today) out.push(err('issuedOn', 'must not be in the future'));
  if (i.updateService && i.scheme !== 'dbs') out.push(err('updateService', 'the Update Service is for DBS checks only'));
  if (i.statusCheckedOn !== undefined) {
    if (!i.updateService) out.push(err('statusCheckedOn', 'a status check needs an Update Service subscription'));
    else if (i.statusCheckedOn < i.issuedOn) out.push(err('statusCheckedOn', 'must not be before the issue date'));
    else if (i.statusCheckedOn > today) out.push(err('statusCheckedOn', 'must not be in the future'));
    if (i.statusCheckResult === undefined) out.push(err('statusCheckResult', 'required with a status check date'));
  } else if (i.statusCheckResult !== undefined) out.push(err('statusCheckedOn', 'required with a status check result'));
  if (i.reviewOn !== undefined && i.reviewOn <= i.issuedOn) out.push(err('reviewOn', 'must be after the issue date'));
  if (i.decision !== undefined) {
    if (i.decidedByPersonId === undefined) out.push(err('decidedByPersonId', 'say who decided'));
    if (i.decidedOn !== undefined && i.decidedOn > today) out.push(err('decidedOn', 'must not be in the future'));
    else if (i.decidedOn !== undefined && i.decidedOn < i.issuedOn) out.push(err('decidedOn', 'must not be before the issue date'));
  } else {
    if (i.decidedByPersonId !== undefined) out.push(err('decision', 'required when saying who decided'));
    if (i.decidedOn !== undefined) out.push(err('decision', 'required with a decision date'));
  }
  return out;
}

/** "••••••••7890": the last four characters of a long number, nothing of a short one. */
export function maskNumber(n: string): string {
  return n.length >= 8 ? `${'•'.repeat(n.length - 4)}${n.slice(-4)}` : '•'.repeat(n.length);
}
