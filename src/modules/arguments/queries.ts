// SQL for the arguments board: stakeholder groups, arguments and their evidence, comments,
// "this would convince me", and reports to the moderators.
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ArgumentStatus, Attribution, EvidenceKind, ReportName } from './tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

export function networkBySlug(db: Q, slug: string) {
  return db.selectFrom('network').where('slug', '=', slug).select(['id', 'slug', 'name']).executeTakeFirst();
}

export function networkById(db: Q, id: string) {
  return db.selectFrom('network').where('id', '=', id).select(['id', 'slug', 'name']).executeTakeFirst();
}

// ---- stakeholder groups

export function groups(db: Q, networkId: string, includeHidden: boolean) {
  let q = db.selectFrom('stakeholder_group').where('network_id', '=', networkId);
  if (!includeHidden) q = q.where('hidden', '=', false);
  return q.select(['id', 'slug', 'name_en', 'name_pl', 'position', 'hidden']).orderBy('position').orderBy('name_en').execute();
}

export function group(db: Q, networkId: string, id: string) {
  return db.selectFrom('stakeholder_group').where('network_id', '=', networkId).where('id', '=', id).selectAll().executeTakeFirst();
}

export function groupBySlug(db: Q, networkId: string, slug: string) {
  return db.selectFrom('stakeholder_group').where('network_id', '=', networkId).where('slug', '=', slug).selectAll().executeTakeFirst();
}

export async function countGroups(db: Q, networkId: string): Promise<number> {
  const r = await db.selectFrom('stakeholder_group').where('network_id', '=', networkId).select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertGroups(
  db: Q,
  rows: { networkId: string; id: string; slug: string; nameEn: string; namePl: string; position: number; by: string | null }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await db
    .insertInto('stakeholder_group')
    .values(rows.map((g) => ({ network_id: g.networkId, id: g.id, slug: g.slug, name_en: g.nameEn, name_pl: g.namePl, position: g.position, updated_by_person_id: g.by })))
    .onConflict((oc) => oc.columns(['network_id', 'slug']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

export function updateGroup(db: Q, networkId: string, id: string, set: { name_en: string; name_pl: string; hidden: boolean; position: number; updated_by_person_id: string | null }) {
  return db.updateTable('stakeholder_group').set(set).where('network_id', '=', networkId).where('id', '=', id).execute();
}

export async function maxGroupPosition(db: Q, networkId: string): Promise<number> {
  const r = await db.selectFrom('stakeholder_group').where('network_id', '=', networkId).select((e) => e.fn.max('position').as('m')).executeTakeFirst();
  return Number(r?.m ?? 0);
}

// ---- arguments

export interface EvidenceRow {
  kind: EvidenceKind;
  label: string;
  url: string | null;
  figure: string | null;
  source: string | null;
  report: ReportName | null;
}

export async function insertArgument(
  tx: Q,
  a: {
    networkId: string;
    id: string;
    groupId: string;
    claim: string;
    details: string | null;
    authorId: string;
    attribution: Attribution;
    status: ArgumentStatus;
    buildsOn: string | null;
    at: Date;
  },
  evidence: EvidenceRow[],
) {
  await tx
    .insertInto('argument')
    .values({
      network_id: a.networkId,
      id: a.id,
      stakeholder_group_id: a.groupId,
      claim: a.claim,
      details: a.details,
      author_person_id: a.authorId,
      attribution: a.attribution,
      status: a.status,
      builds_on_argument_id: a.buildsOn,
      created_at: a.at,
    })
    .execute();
  if (evidence.length) {
    await tx
      .insertInto('argument_evidence')
      .values(evidence.map((e, position) => ({ network_id: a.networkId, argument_id: a.id, position, ...e })))
      .execute();
  }
}

const argumentColumns = [
  'a.id',
  'a.network_id',
  'a.stakeholder_group_id',
  'a.claim',
  'a.details',
  'a.author_person_id',
  'a.attribution',
  'a.status',
  'a.builds_on_argument_id',
  'a.created_at',
  'a.published_at',
  'a.moderated_at',
  'a.moderation_note',
  'p.display_name as author_name',
  'g.name_en as group_name_en',
  'g.name_pl as group_name_pl',
  'g.slug as group_slug',
] as const;

function argumentsQuery(db: Q, networkId: string) {
  return db
    .selectFrom('argument as a')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'a.network_id').onRef('p.id', '=', 'a.author_person_id'))
    .innerJoin('stakeholder_group as g', (j) => j.onRef('g.network_id', '=', 'a.network_id').onRef('g.id', '=', 'a.stakeholder_group_id'))
    .where('a.network_id', '=', networkId);
}

export function argument(db: Q, networkId: string, id: string) {
  return argumentsQuery(db, networkId).where('a.id', '=', id).select(argumentColumns).executeTakeFirst();
}
export type ArgumentRow = NonNullable<Awaited<ReturnType<typeof argument>>>;

export function lockArgument(tx: Q, networkId: string, id: string) {
  return tx.selectFrom('argument').where('network_id', '=', networkId).where('id', '=', id).select(['id', 'status', 'author_person_id', 'stakeholder_group_id']).forUpdate().executeTakeFirst();
}

export function published(db: Q, networkId: string, opts: { groupId?: string | undefined; limit: number; offset: number }) {
  let q = argumentsQuery(db, networkId).where('a.status', '=', 'published');
  if (opts.groupId) q = q.where('a.stakeholder_group_id', '=', opts.groupId);
  return q
    .select(argumentColumns)
    .select((e) =>
      e
        .selectFrom('argument_endorsement as x')
        .whereRef('x.network_id', '=', 'a.network_id')
        .whereRef('x.argument_id', '=', 'a.id')
        .select((x) => x.fn.countAll<string>().as('n'))
        .as('convinced'),
    )
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
}

export function byAuthor(db: Q, networkId: string, personId: string) {
  return argumentsQuery(db, networkId).where('a.author_person_id', '=', personId).select(argumentColumns).orderBy('a.created_at', 'desc').limit(200).execute();
}

export function pending(db: Q, networkId: string) {
  return argumentsQuery(db, networkId).where('a.status', '=', 'pending').select(argumentColumns).orderBy('a.created_at').limit(200).execute();
}

/** The best-supported published arguments for a group: most "this would convince me" from people
 * speaking for that group first, then from anyone, then the most evidence. */
export function bestFor(db: Q, networkId: string, groupId: string, limit: number) {
  return argumentsQuery(db, networkId)
    .where('a.status', '=', 'published')
    .where('a.stakeholder_group_id', '=', groupId)
    .select(argumentColumns)
    .select([
      sql<string>`(select count(*) from argument_endorsement x where x.network_id = a.network_id and x.argument_id = a.id and x.stakeholder_group_id = a.stakeholder_group_id)`.as('convinced_in_group'),
      sql<string>`(select count(*) from argument_endorsement x where x.network_id = a.network_id and x.argument_id = a.id)`.as('convinced'),
      sql<string>`(select count(*) from argument_evidence v where v.network_id = a.network_id and v.argument_id = a.id)`.as('evidence_count'),
    ])
    .orderBy(sql`5 * (select count(*) from argument_endorsement x where x.network_id = a.network_id and x.argument_id = a.id and x.stakeholder_group_id = a.stakeholder_group_id) + (select count(*) from argument_endorsement x where x.network_id = a.network_id and x.argument_id = a.id)`, 'desc')
    .orderBy(sql`(select count(*) from argument_evidence v where v.network_id = a.network_id and v.argument_id = a.id)`, 'desc')
    .orderBy('a.published_at')
    .limit(limit)
    .execute();
}

export function evidenceOf(db: Q, networkId: string, argumentIds: string[]) {
  if (argumentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('argument_evidence')
    .where('network_id', '=', networkId)
    .where('argument_id', 'in', argumentIds)
    .select(['argument_id', 'position', 'kind', 'label', 'url', 'figure', 'source', 'report'])
    .orderBy('argument_id')
    .orderBy('position')
    .execute();
}

export function setStatus(
  tx: Q,
  networkId: string,
  id: string,
  set: { status: ArgumentStatus; moderated_at?: Date; moderated_by_person_id?: string | null; moderation_note?: string | null; published_at?: Date },
) {
  return tx.updateTable('argument').set(set).where('network_id', '=', networkId).where('id', '=', id).execute();
}

/** Published arguments that build on this one. */
export function buildsOnThis(db: Q, networkId: string, id: string) {
  return db
    .selectFrom('argument')
    .where('network_id', '=', networkId)
    .where('builds_on_argument_id', '=', id)
    .where('status', '=', 'published')
    .select(['id', 'claim'])
    .orderBy('published_at')
    .limit(100)
    .execute();
}

// ---- "this would convince me"

export function convincedCounts(db: Q, networkId: string, argumentId: string) {
  return db
    .selectFrom('argument_endorsement as x')
    .innerJoin('stakeholder_group as g', (j) => j.onRef('g.network_id', '=', 'x.network_id').onRef('g.id', '=', 'x.stakeholder_group_id'))
    .where('x.network_id', '=', networkId)
    .where('x.argument_id', '=', argumentId)
    .groupBy(['g.id', 'g.slug', 'g.name_en', 'g.name_pl', 'g.position'])
    .select(['g.id', 'g.slug', 'g.name_en', 'g.name_pl', (e) => e.fn.countAll<string>().as('n')])
    .orderBy('g.position')
    .execute();
}

export function endorsementOf(db: Q, networkId: string, argumentId: string, personId: string) {
  return db
    .selectFrom('argument_endorsement')
    .where('network_id', '=', networkId)
    .where('argument_id', '=', argumentId)
    .where('person_id', '=', personId)
    .select(['stakeholder_group_id', 'created_at'])
    .executeTakeFirst();
}

/** Inserts the endorsement; false when the person had already given one for this argument. */
export async function insertEndorsement(tx: Q, row: { networkId: string; argumentId: string; personId: string; groupId: string; at: Date }): Promise<boolean> {
  const r = await tx
    .insertInto('argument_endorsement')
    .values({ network_id: row.networkId, argument_id: row.argumentId, person_id: row.personId, stakeholder_group_id: row.groupId, created_at: row.at })
    .onConflict((oc) => oc.columns(['network_id', 'argument_id', 'person_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function deleteEndorsement(tx: Q, networkId: string, argumentId: string, personId: string): Promise<boolean> {
  const r = await tx
    .deleteFrom('argument_endorsement')
    .where('network_id', '=', networkId)
    .where('argument_id', '=', argumentId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

// ---- comments

export function insertComment(tx: Q, c: { networkId: string; id: string; argumentId: string; authorId: string; body: string; at: Date }) {
  return tx
    .insertInto('argument_comment')
    .values({ network_id: c.networkId, id: c.id, argument_id: c.argumentId, author_person_id: c.authorId, body: c.body, created_at: c.at })
    .execute();
}

export function comments(db: Q, networkId: string, argumentId: string) {
  return db
    .selectFrom('argument_comment as c')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'c.network_id').onRef('p.id', '=', 'c.author_person_id'))
    .where('c.network_id', '=', networkId)
    .where('c.argument_id', '=', argumentId)
    .where('c.hidden_at', 'is', null)
    .select(['c.id', 'c.body', 'c.created_at', 'c.author_person_id', 'p.display_name as author_name'])
    .orderBy('c.created_at')
    .orderBy('c.id')
    .limit(500)
    .execute();
}

export function comment(db: Q, networkId: string, id: string) {
  return db.selectFrom('argument_comment').where('network_id', '=', networkId).where('id', '=', id).selectAll().executeTakeFirst();
}

export function hideComment(tx: Q, networkId: string, id: string, by: string | null, at: Date) {
  return tx.updateTable('argument_comment').set({ hidden_at: at, hidden_by_person_id: by }).where('network_id', '=', networkId).where('id', '=', id).execute();
}

// ---- reports

export function openReport(db: Q, networkId: string, reporterId: string, argumentId: string, commentId: string | null) {
  let q = db
    .selectFrom('argument_report')
    .where('network_id', '=', networkId)
    .where('reporter_person_id', '=', reporterId)
    .where('argument_id', '=', argumentId)
    .where('resolved_at', 'is', null);
  q = commentId ? q.where('comment_id', '=', commentId) : q.where('comment_id', 'is', null);
  return q.select(['id', 'created_at']).executeTakeFirst();
}

export function insertReport(tx: Q, r: { networkId: string; id: string; argumentId: string; commentId: string | null; reporterId: string; reason: string; at: Date }) {
  return tx
    .insertInto('argument_report')
    .values({
      network_id: r.networkId,
      id: r.id,
      argument_id: r.argumentId,
      comment_id: r.commentId,
      reporter_person_id: r.reporterId,
      reason: r.reason,
      created_at: r.at,
    })
    .execute();
}

export function openReports(db: Q, networkId: string) {
  return db
    .selectFrom('argument_report as r')
    .innerJoin('argument as a', (j) => j.onRef('a.network_id', '=', 'r.network_id').onRef('a.id', '=', 'r.argument_id'))
    .innerJoin('person as rp', (j) => j.onRef('rp.network_id', '=', 'r.network_id').onRef('rp.id', '=', 'r.reporter_person_id'))
    .leftJoin('argument_comment as c', (j) => j.onRef('c.network_id', '=', 'r.network_id').onRef('c.id', '=', 'r.comment_id'))
    .where('r.network_id', '=', networkId)
    .where('r.resolved_at', 'is', null)
    .select(['r.id', 'r.argument_id', 'r.comment_id', 'r.reason', 'r.created_at', 'rp.display_name as reporter_name', 'a.claim', 'a.status as argument_status', 'c.body as comment_body'])
    .orderBy('r.created_at')
    .limit(200)
    .execute();
}

export function report(db: Q, networkId: string, id: string) {
  return db.selectFrom('argument_report').where('network_id', '=', networkId).where('id', '=', id).selectAll().executeTakeFirst();
}

/** Resolves every open report of the same argument or comment. */
export function resolveReports(tx: Q, networkId: string, argumentId: string, commentId: string | null, by: string | null, at: Date, resolution: 'hidden' | 'dismissed') {
  let q = tx
    .updateTable('argument_report')
    .set({ resolved_at: at, resolved_by_person_id: by, resolution })
    .where('network_id', '=', networkId)
    .where('argument_id', '=', argumentId)
    .where('resolved_at', 'is', null);
  q = commentId ? q.where('comment_id', '=', commentId) : q.where('comment_id', 'is', null);
  return q.execute();
}
