// RFC 9457 problem+json: one mapping from error codes to HTTP, for every route.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DomainError, type FieldError } from '../lib/errors.ts';

const STATUS: Record<string, number> = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  mfa_required: 401,
  mfa_invalid: 400,
  mfa_enrolment_required: 403,
  forbidden: 403,
  csrf_invalid: 403,
  person_suspended: 403,
  not_found: 404,
  conflict: 409,
  idempotency_conflict: 409,
  // activities (docs/activities.md)
  already_paid: 409,
  already_registered: 409,
  // exchanges (feat/exchanges): a step the exchange's state no longer allows, hours twice
  invalid_transition: 409,
  hours_already_recorded: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_attempts: 429,
  rate_limited: 429,
  database_unavailable: 503,
  // feat/arguments: refusals that are conflicts with the state of the debate or argument
  inner_circle_full: 409,
  already_seated: 409,
  empty_seat_kept: 409,
  already_convinced: 409,
  already_moderated: 409,
  report_resolved: 409,
  // feat/assetmap: a completed capability conversation is not changed (start a new one)
  conversation_complete: 409,
  // feat/assetmap: area boundaries that are not GeoJSON polygons are bad input (overlapping ones: 422)
  invalid_geojson: 400,
};

/** Errors that say the database is not reachable now (it restarts, or the network failed),
 * as opposed to a fault in a statement: SQLSTATE classes 08 (connection) and 57P0x (shutdown,
 * crash), and the socket errors of the pg driver. */
function databaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^08/.test(code) || /^57P0[1-3]$/.test(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code)) return true;
  return typeof e.message === 'string' && /Connection terminated|connection to the server|Client has encountered a connection error/i.test(e.message);
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  requestId: string;
  errors?: FieldError[];
}

/** Domain codes not listed above are refusals of a valid request: 422. */
export function statusFor(code: string): number {
  return STATUS[code] ?? 422;
}

function titleFor(code: string): string {
  const s = code.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function problem(req: FastifyRequest, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return {
    type: `https://timebank.dev/problems/${code}`,
    title: titleFor(code),
    status: extra.status ?? statusFor(code),
    code,
    detail,
    instance: req.url.split('?')[0] ?? req.url,
    requestId: String(req.id),
    ...extra,
  };
}

function fieldErrors(err: FastifyError): FieldError[] {
  const context = (err as { validationContext?: string }).validationContext ?? 'body';
  const out: FieldError[] = [];
  for (const v of err.validation ?? []) {
    const base = `/${context}${v.instancePath === '/' ? '' : v.instancePath}`;
    const keys = (v.params as { keys?: string[] } | undefined)?.keys;
    if (v.keyword === 'unrecognized_keys' && keys) {
      for (const k of keys) out.push({ path: `${base}/${k}`, message: 'unknown field' });
    } else {
      out.push({ path: base, message: v.message ?? 'invalid' });
    }
  }
  return out;
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json; charset=utf-8').send(p);
}

/** Maps any error to a problem; unexpected errors are logged and told apart by request id only. */
export function toProblem(err: unknown, req: FastifyRequest): Problem {
  if (err instanceof DomainError) {
    const { fields, ...rest } = err.details;
    return problem(req, err.code, err.message, {
      ...(fields ? { errors: fields } : {}),
      ...(rest.retryAfterSeconds ? { retryAfterSeconds: rest.retryAfterSeconds } : {}),
    } as Partial<Problem>);
  }
  const fe = err as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fe) || fe.validation) {
    const errors = fieldErrors(fe);
    return problem(req, 'validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return problem(req, 'payload_too_large', 'the request body is too large');
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return problem(req, 'unsupported_media_type', 'send application/json');
  }
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe instanceof SyntaxError) {
    return problem(req, 'bad_request', 'the request body is not valid JSON', { errors: [{ path: '/body', message: 'invalid JSON' }] });
  }
  if (fe.statusCode === 429) return problem(req, 'rate_limited', 'too many requests: slow down');
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return problem(req, 'bad_request', fe.message, { status: fe.statusCode });
  }
  if (databaseUnavailable(err)) {
    req.log.warn({ err }, 'database unavailable');
    return problem(req, 'database_unavailable', 'the database is not reachable just now; try again in a moment', {
      retryAfterSeconds: 5,
    } as Partial<Problem>);
  }
  if (isResponseSerializationError(fe as never)) req.log.error({ err }, 'response did not match its schema');
  else req.log.error({ err }, 'unexpected error');
  return problem(req, 'internal', 'something went wrong on our side; quote the request id', { status: 500 });
}
