// `timebank create-admin`: the first network admin of an installation (and the network, when
// it does not exist yet). Runs without a signed-in person, so the audit names the system.
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { DEMO_PASSWORD } from '../demo/sign-ins.ts';
import { DomainError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { recordAudit, systemActor } from '../modules/audit/record.ts';
import {
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from '../modules/auth/password.ts';
import { emailTaken, insertPerson } from '../modules/people/queries.ts';
import { findNetworkBySlug, insertGrant, insertNetwork } from '../modules/tenancy/queries.ts';
import { setPasswordHash } from './queries.ts';

const adminInput = z.object({
  email: z
    .email('is not an email address')
    .max(320)
    .transform((e) => e.toLowerCase()),
  displayName: z.string().trim().min(1, 'is empty').max(200),
  networkSlug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2-63 lowercase letters, digits or hyphens'),
  networkName: z.string().trim().min(1, 'is empty').max(200).optional(),
});

export type AdminInput = z.input<typeof adminInput>;

export interface AdminCreated {
  networkId: string;
  personId: string;
  networkCreated: boolean;
}

const OPTION_OF: Record<string, string> = {
  email: '--email',
  displayName: '--name',
  networkSlug: '--network',
  networkName: '--network-name',
};

export function parseAdminInput(input: AdminInput) {
  const parsed = adminInput.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0]);
  throw new DomainError('validation_failed', `${OPTION_OF[field] ?? field} ${issue.message}`);
}

const COMMON_PASSWORDS = new Set([
  'password12',
  'password123',
  'password1234',
  '1234567890',
  '12345678910',
  'qwertyuiop',
  'qwerty1234',
  'qwerty12345',
  'letmein123',
  'iloveyou12',
  'administrator',
  'changeme123',
  'welcome123',
  'passw0rd123',
  'abc1234567',
  'timebank123',
  'timebank2024',
  'timebank2025',
  'timebank2026',
  DEMO_PASSWORD,
]);

/** Refuses a password too short, too long, too common or too close to the email. */
export function checkAdminPassword(password: string, email: string): void {
  const weak = (why: string) => new DomainError('weak_password', `the password ${why}`);
  if (password.length < PASSWORD_MIN_LENGTH)
    throw weak(`must have at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH)
    throw weak(`must have at most ${PASSWORD_MAX_LENGTH} characters`);
  if (new Set(password).size < 5) throw weak('repeats too few different characters');
  if (COMMON_PASSWORDS.has(password.toLowerCase()))
    throw weak('is too common (or is the demo password)');
  const name = email.split('@')[0] ?? '';
  if (name.length >= 4 && password.toLowerCase().includes(name.toLowerCase()))
    throw weak('contains the email name');
}

export async function createNetworkAdmin(
  database: Pick<Database, 'db'>,
  raw: AdminInput,
  password: string,
): Promise<AdminCreated> {
  const input = parseAdminInput(raw);
  checkAdminPassword(password, input.email);
  const passwordHash = await hashPassword(password);
  return database.db.transaction().execute(async (tx) => {
    if (await emailTaken(tx, input.email)) {
      throw new DomainError('conflict', `${input.email} is already registered`);
    }
    const existing = await findNetworkBySlug(tx, input.networkSlug);
    const networkId = existing?.id ?? newId();
    const actor = systemActor(networkId);
    if (!existing) {
      const name = input.networkName ?? input.networkSlug;
      await insertNetwork(tx, { id: networkId, slug: input.networkSlug, name, isDemo: false });
      await recordAudit(tx, actor, {
        action: 'network.create',
        subjectType: 'network',
        subjectId: networkId,
        detail: { via: 'cli' },
      });
    }
    const personId = newId();
    await insertPerson(tx, {
      networkId,
      id: personId,
      displayName: input.displayName,
      email: input.email,
      phone: null,
      birthYear: null,
      locale: 'en',
      createdBy: null,
    });
    await setPasswordHash(tx, networkId, personId, passwordHash);
    const grantId = newId();
    await insertGrant(tx, {
      networkId,
      id: grantId,
      personId,
      role: 'network_admin',
      timebankId: null,
      by: null,
    });
    await recordAudit(tx, actor, {
      action: 'role.grant',
      subjectType: 'person',
      subjectId: personId,
      detail: { role: 'network_admin', grantId, via: 'cli' },
    });
    return { networkId, personId, networkCreated: !existing };
  });
}
