// Input checks before anything reaches the database. Each bad input gets its own code; the
// posting function checks the same rules again, so the database never depends on this file.
import { z } from 'zod';
import { DomainError, type FieldError } from '../../lib/errors.ts';
import type {
  LedgerSettingsPatch,
  NewTransferKind,
  ResolvePendingInput,
  ReverseInput,
  TransferInput,
} from './types.ts';

export const MINUTES_MAX = 2_147_483_647;
/** More than this in one transfer needs a reason. */
export const REASON_FREE_MINUTES_MAX = 1440;
export const BATCH_TRANSFERS_MAX = 1000;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = z.string().regex(UUID_RE, 'must be a uuid');
const optionalUuid = uuid.nullish();
const text = (max: number) => z.string().max(max).nullish();

export const NEW_TRANSFER_KINDS: readonly NewTransferKind[] = [
  'exchange',
  'activity',
  'donation',
  'gift',
  'starter',
  'clearing',
  'adjustment',
];

const transferShape = z.object({
  id: uuid,
  debitAccountId: uuid,
  creditAccountId: uuid,
  minutes: z.number(),
  kind: z.string(),
  category: z.string().max(100),
  memo: text(2000),
  reason: text(2000),
  exchangeId: optionalUuid,
  activityId: optionalUuid,
});

function fail(issues: z.core.$ZodIssue[], prefix: string): never {
  const fields: FieldError[] = issues.map((i) => ({
    path: `${prefix}/${i.path.join('/')}`,
    message: i.message,
  }));
  throw new DomainError('validation_failed', 'the request is not valid', { fields });
}

function parse<T>(schema: z.ZodType<T>, value: unknown, prefix: string): T {
  const result = schema.safeParse(value);
  if (!result.success) fail(result.error.issues, prefix);
  return result.data;
}

function blank(value: string | null | undefined): boolean {
  return value === undefined || value === null || value.trim() === '';
}

export function assertMinutes(minutes: unknown, path = '/minutes'): asserts minutes is number {
  if (
    typeof minutes !== 'number' ||
    !Number.isInteger(minutes) ||
    minutes <= 0 ||
    minutes > MINUTES_MAX
  ) {
    throw new DomainError('minutes_invalid', 'minutes must be a whole number greater than zero', {
      fields: [{ path, message: 'a whole number of minutes greater than zero' }],
    });
  }
}

export function assertReason(
  reason: string | null | undefined,
  why: string,
  path = '/reason',
): void {
  if (blank(reason)) {
    throw new DomainError('reason_required', why, {
      fields: [{ path, message: 'a reason is required' }],
    });
  }
}

/** Checks one new transfer; `prefix` is the JSON pointer of the transfer in the request. */
export function validateTransfer(input: TransferInput, prefix = ''): void {
  assertMinutes(input?.minutes, `${prefix}/minutes`);
  const t = parse(transferShape, input, prefix);
  if (!NEW_TRANSFER_KINDS.includes(t.kind as NewTransferKind)) {
    throw new DomainError('kind_invalid', `unknown kind ${t.kind}`, {
      fields: [{ path: `${prefix}/kind`, message: `one of ${NEW_TRANSFER_KINDS.join(', ')}` }],
    });
  }
  if (blank(t.category)) {
    throw new DomainError('category_required', 'every transfer carries a category', {
      fields: [{ path: `${prefix}/category`, message: 'a category is required' }],
    });
  }
  if (t.minutes > REASON_FREE_MINUTES_MAX) {
    assertReason(t.reason, 'more than 24 hours in one transfer needs a reason', `${prefix}/reason`);
  }
  if (t.kind === 'adjustment')
    assertReason(t.reason, 'an adjustment needs a reason', `${prefix}/reason`);
  if (t.debitAccountId.toLowerCase() === t.creditAccountId.toLowerCase()) {
    throw new DomainError('same_account', 'debit and credit accounts are the same', {
      fields: [
        { path: `${prefix}/creditAccountId`, message: 'must differ from the debit account' },
      ],
    });
  }
}

export function validateBatch(inputs: TransferInput[]): void {
  if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > BATCH_TRANSFERS_MAX) {
    throw new DomainError('batch_invalid', `a batch holds 1 to ${BATCH_TRANSFERS_MAX} transfers`);
  }
  for (const [i, input] of inputs.entries()) validateTransfer(input, `/${i}`);
  const ids = new Set(inputs.map((t) => t.id.toLowerCase()));
  if (ids.size !== inputs.length)
    throw new DomainError('batch_invalid', 'two transfers of one batch share an id');
}

const resolveShape = z.object({ id: uuid, pendingId: uuid, memo: text(2000), reason: text(2000) });

export function validateResolve(input: ResolvePendingInput): void {
  parse(resolveShape, input, '');
}

const reverseShape = z.object({ id: uuid, transferId: uuid, reason: text(2000) });

export function validateReverse(input: ReverseInput): void {
  parse(reverseShape, input, '');
  assertReason(input.reason, 'a reversal needs a reason');
}

export function validateId(value: unknown, path: string): asserts value is string {
  parse(uuid, value, path);
}

const limitMin = z.number().int().max(0).min(-MINUTES_MAX);
const limitMax = z.number().int().min(0).max(MINUTES_MAX);

const settingsShape = z.object({
  balanceMinutesMin: limitMin.optional(),
  balanceMinutesMax: limitMax.nullable().optional(),
  confirmationRequired: z.boolean().optional(),
  pendingTimeoutDays: z.number().int().min(1).max(365).nullable().optional(),
  pendingTimeoutAction: z.enum(['post', 'void']).optional(),
  starterMinutes: z.number().int().min(0).max(6000).optional(),
});

export function validateSettings(patch: LedgerSettingsPatch): void {
  parse(settingsShape, patch, '/settings');
}

const accountLimitsShape = z.object({
  balanceMinutesMin: limitMin.nullable(),
  balanceMinutesMax: limitMax.nullable(),
  reason: z.string().max(500),
});

export function validateAccountLimits(input: {
  balanceMinutesMin: number | null;
  balanceMinutesMax: number | null;
  reason: string;
}): void {
  assertReason(input.reason, 'changing an account limit needs a reason');
  parse(accountLimitsShape, input, '');
}

export function validateClearingLimit(minutes: unknown): void {
  parse(limitMax, minutes, '/clearingLimitMinutes');
}
