// Schemas shared by many routes. Objects are strict: unknown fields are refused.
import { z } from 'zod';

export const Uuid = z.uuid({ message: 'must be a UUID' });
export const IdParams = z.strictObject({ id: Uuid });
export const TimebankParams = z.strictObject({ timebankId: Uuid });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .describe('RFC 9457 problem details');

/** Standard error responses every route may give. */
export const problemResponses = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
  429: ProblemSchema,
} as const;

export const Paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
