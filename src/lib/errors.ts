// One error type for the domain, told apart by a stable code. Services throw it; the HTTP
// layer maps the code to a status (src/http/problem.ts); the CLI maps it to exit codes.

export type DomainErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'mfa_required'
  | 'mfa_invalid'
  | 'mfa_enrolment_required'
  | 'too_many_attempts'
  | 'csrf_invalid'
  | 'conflict'
  | 'validation_failed'
  | 'person_suspended'
  | (string & {});

export interface FieldError {
  /** JSON pointer of the bad field, e.g. /body/minutes */
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: { fields?: FieldError[]; retryAfterSeconds?: number; [k: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function notFound(what: string): DomainError {
  return new DomainError('not_found', `${what} not found`);
}
