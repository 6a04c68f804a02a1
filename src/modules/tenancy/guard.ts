// A timebank id from a request is first looked up in the caller's own network: an id of
// another network is "not found", never "forbidden", so it reveals nothing.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { notFound } from '../../lib/errors.ts';
import type { PolicySubject, Resource } from '../policy/policy.ts';
import { findTimebank } from './queries.ts';

export async function timebankResource(db: Kysely<DB>, p: PolicySubject, timebankId: string): Promise<Resource> {
  if (!(await findTimebank(db, p.networkId, timebankId))) throw notFound('timebank');
  return { type: 'timebank', networkId: p.networkId, timebankId };
}
