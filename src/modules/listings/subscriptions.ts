// Following categories: a member chooses categories (a top level covers its subcategories) and
// is told of each new listing in them (service.ts tellFollowers, in the listing's transaction).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError } from '../../lib/errors.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { categoriesFor, type CategoryLocale } from '../categories/service.ts';
import { authorize } from '../policy/policy.ts';
import { memberSubject } from '../safeguarding/subject.ts';
import * as q from './queries.ts';
import { serializeOn } from '../../db/serialize.ts';

export const SUBSCRIPTIONS_MAX = 60;

export function createSubscriptions({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  async function named(networkId: string, timebankId: string, slugs: string[], locale: CategoryLocale) {
    const tree = await categoriesFor(db, networkId, timebankId, locale, { includeHidden: true });
    const names = new Map(tree.flatMap((t) => [[t.slug, t.name] as const, ...t.subs.map((s) => [s.slug, `${t.name}: ${s.name}`] as const)]));
    return slugs.map((slug) => ({ slug, name: names.get(slug) ?? slug }));
  }

  /** The categories a member follows (the member, and the brokers and coordinators of their timebank). */
  async function list(p: Principal, timebankId: string, memberId: string, locale: CategoryLocale = 'en') {
    const { resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'person.read', resource);
    const rows = await q.subscriptionsOf(db, p.networkId, memberId);
    return named(p.networkId, timebankId, rows.map((r) => r.category_slug), locale);
  }

  /** Sets the categories a member follows: each visible in the timebank. */
  async function set(p: Principal, actor: Actor, timebankId: string, memberId: string, slugs: string[], locale: CategoryLocale = 'en') {
    const { member, resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'preference.write', resource);
    const tree = await categoriesFor(db, p.networkId, timebankId, 'en');
    const known = new Set(tree.flatMap((t) => [t.slug, ...t.subs.map((s) => s.slug)]));
    const fields = slugs.flatMap((s, i) => (known.has(s) ? [] : [{ path: `/body/categories/${i}`, message: 'not a category of this timebank' }]));
    if (fields.length) throw new DomainError('validation_failed', fields[0]!.message, { fields });
    const unique = [...new Set(slugs)];
    const by = actor.personId === member.person_id ? actor : { ...actor, onBehalfOfPersonId: member.person_id };
    await db.transaction().execute(async (tx) => {
      await serializeOn(tx, 'member-subscriptions', p.networkId, memberId);
      await q.replaceSubscriptions(tx, p.networkId, memberId, unique, actor.personId ?? p.personId, clock.now());
      await recordAudit(tx, by, { action: 'member.subscriptions', subjectType: 'person', subjectId: member.person_id, timebankId, detail: { memberId, categories: unique } });
    });
    return named(p.networkId, timebankId, unique.sort(), locale);
  }

  return { list, set };
}

export type Subscriptions = ReturnType<typeof createSubscriptions>;
