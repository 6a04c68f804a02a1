// The posting function raises SQLSTATE TB0nn with a message "code: text"; this maps them to
// DomainError codes, and tells which database errors are worth retrying.
import { DomainError } from '../../lib/errors.ts';

export const LEDGER_ERROR_CODES = {
  TB001: 'minutes_invalid',
  TB002: 'reason_required',
  TB003: 'same_account',
  TB004: 'unknown_account',
  TB005: 'overdraft_limit',
  TB006: 'ceiling_limit',
  TB007: 'clearing_limit',
  TB008: 'idempotency_conflict',
  TB009: 'not_pending',
  TB010: 'already_resolved',
  TB011: 'timebank_mismatch',
  TB012: 'clearing_unbalanced',
  TB013: 'not_reversible',
  TB014: 'already_reversed',
  TB015: 'unknown_transfer',
  TB016: 'batch_invalid',
  TB017: 'kind_invalid',
  TB018: 'category_required',
  TB019: 'kind_not_allowed',
  TB090: 'transfer_immutable',
} as const;

export type LedgerErrorCode =
  | (typeof LEDGER_ERROR_CODES)[keyof typeof LEDGER_ERROR_CODES]
  | 'limit_below_balance'
  | 'not_linked'
  | 'already_linked'
  | 'ledger_not_open';

interface PgLikeError {
  code?: unknown;
  message?: unknown;
  detail?: unknown;
  constraint?: unknown;
}

function asPgError(err: unknown): PgLikeError | undefined {
  return typeof err === 'object' && err !== null ? (err as PgLikeError) : undefined;
}

export function sqlState(err: unknown): string | undefined {
  const code = asPgError(err)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Serialization failure, deadlock, or a concurrent insert of the same transfer id. */
export function isRetryable(err: unknown): boolean {
  const state = sqlState(err);
  if (state === '40001' || state === '40P01') return true;
  return state === '23505' && asPgError(err)?.constraint === 'transfer_pkey';
}

function parseDetail(detail: unknown): Record<string, unknown> {
  if (typeof detail !== 'string' || detail === '') return {};
  try {
    const parsed: unknown = JSON.parse(detail);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** A DomainError for a ledger SQLSTATE; undefined for any other error. */
export function toLedgerError(err: unknown): DomainError | undefined {
  const pgErr = asPgError(err);
  const state = sqlState(err);
  if (!pgErr || !state) return undefined;
  if (state in LEDGER_ERROR_CODES) {
    const code = LEDGER_ERROR_CODES[state as keyof typeof LEDGER_ERROR_CODES];
    const raw = typeof pgErr.message === 'string' ? pgErr.message : code;
    const message = raw.startsWith(`${code}: `) ? raw.slice(code.length + 2) : raw;
    const details: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(parseDetail(pgErr.detail))) details[camel(k)] = v;
    return new DomainError(code, message, details);
  }
  if (state === '22P02') {
    return new DomainError(
      'validation_failed',
      'a value is not in the form it must have (an id that is not a uuid?)',
    );
  }
  if (state === '23505' && pgErr.constraint === 'transfer_pending_uq') {
    return new DomainError('already_resolved', 'the pending transfer was already posted or voided');
  }
  if (state === '23505' && pgErr.constraint === 'transfer_reverses_uq') {
    return new DomainError('already_reversed', 'the transfer was already reversed');
  }
  return undefined;
}
