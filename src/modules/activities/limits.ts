// The activities module's limits and its refusal helper, shared by the service (service.ts) and
// the series' steps (series-steps.ts).
import { DomainError } from '../../lib/errors.ts';

export const MINUTES_PER_ATTENDEE_MAX = 1440;
export const CAPACITY_MAX = 10_000;

/** A refusal with its code, its message and the field it is about. */
export const fail = (code: string, message: string, path: string, fieldMessage = message): never => {
  throw new DomainError(code, message, { fields: [{ path, message: fieldMessage }] });
};
