// The co-production arguments board: people of a network write the arguments that convince
// each kind of sceptic, with their evidence; moderators publish them; published arguments are
// public pages; people comment, build on them and say "this would convince me"; the best of
// them make a printable resource per stakeholder group. Rules in docs/arguments.md.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { authorize, can } from '../policy/policy.ts';
import * as q from './queries.ts';
import type { Attribution, EvidenceKind, ReportName } from './tables.ts';

/** The four kinds of sceptic the board starts with (issue 10); each network may change them. */
export const SEEDED_GROUPS = [
  { slug: 'strategy-finance', nameEn: 'Heads of strategy and finance', namePl: 'Kierownicy ds. strategii i finansów' },
  { slug: 'health-social-care', nameEn: 'Integration leads in health and social care', namePl: 'Liderzy integracji w ochronie zdrowia i opiece społecznej' },
  { slug: 'behaviour-change', nameEn: 'Commissioners interested in behaviour change', namePl: 'Zamawiający zainteresowani zmianą zachowań' },
  { slug: 'open-data', nameEn: 'Open data officers', namePl: 'Specjaliści ds. otwartych danych' },
] as const;

/** How many arguments the printable resource shows per group. */
export const RESOURCE_SIZE = 10;

export interface EvidenceInput {
  kind: EvidenceKind;
  label: string;
  url?: string | null | undefined;
  figure?: string | null | undefined;
  source?: string | null | undefined;
  report?: ReportName | null | undefined;
}

export interface ArgumentInput {
  stakeholderGroupId: string;
  claim: string;
  details?: string | null | undefined;
  evidence: EvidenceInput[];
  attribution: Attribution;
  buildsOnArgumentId?: string | null | undefined;
}

export interface GroupInput {
  nameEn: string;
  namePl: string;
  hidden?: boolean | undefined;
  position?: number | undefined;
}

const networkOf = (p: Principal) => ({ type: 'network' as const, networkId: p.networkId });
const field = (path: string, message: string) => ({ fields: [{ path, message }] });

/** A slug from a name: lower-case ASCII letters, digits and hyphens. */
export function slugOf(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');
  return s || 'group';
}

/** Evidence as stored: only the fields of its kind. */
function evidenceRow(e: EvidenceInput): q.EvidenceRow {
  return {
    kind: e.kind,
    label: e.label,
    url: e.kind === 'link' ? (e.url ?? null) : null,
    figure: e.kind === 'figure' ? (e.figure ?? null) : null,
    source: e.kind === 'figure' ? (e.source ?? null) : null,
    report: e.kind === 'report' ? (e.report ?? null) : null,
  };
}

/** Each kind of evidence needs its own field: a link its URL, a figure its number, a report its name. */
function evidenceErrors(evidence: EvidenceInput[]) {
  const fields: { path: string; message: string }[] = [];
  evidence.forEach((e, i) => {
    if (e.kind === 'link' && !e.url) fields.push({ path: `/body/evidence/${i}/url`, message: 'a link needs its address (https://…)' });
    if (e.kind === 'figure' && !e.figure) fields.push({ path: `/body/evidence/${i}/figure`, message: 'a figure needs its number' });
    if (e.kind === 'report' && !e.report) fields.push({ path: `/body/evidence/${i}/report`, message: 'choose one of the platform’s reports' });
  });
  return fields;
}

export function createArguments({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  /** The network's groups, seeding the four named ones the first time a network's list is read. */
  async function groupsOf(networkId: string, includeHidden = false) {
    if ((await q.countGroups(db, networkId)) === 0) {
      await q.insertGroups(
        db,
        SEEDED_GROUPS.map((g, i) => ({ networkId, id: newId(), slug: g.slug, nameEn: g.nameEn, namePl: g.namePl, position: (i + 1) * 10, by: null })),
      );
    }
    return q.groups(db, networkId, includeHidden);
  }

  /** Refuses people who may not write here (before a form is shown to them). */
  function assertCanWrite(p: Principal) {
    authorize(p, 'argument.write', networkOf(p));
  }

  async function listGroups(p: Principal, includeHidden = false) {
    if (includeHidden) authorize(p, 'stakeholder.manage', networkOf(p));
    return groupsOf(p.networkId, includeHidden);
  }

  async function addGroup(p: Principal, actor: Actor, input: GroupInput) {
    authorize(p, 'stakeholder.manage', networkOf(p));
    await groupsOf(p.networkId);
    const slug = slugOf(input.nameEn);
    const id = newId();
    return db.transaction().execute(async (tx) => {
      const position = input.position ?? (await q.maxGroupPosition(tx, p.networkId)) + 10;
      const inserted = await q.insertGroups(tx, [{ networkId: p.networkId, id, slug, nameEn: input.nameEn, namePl: input.namePl, position, by: actor.personId }]);
      if (inserted === 0) throw new DomainError('conflict', 'a stakeholder group of that name exists', field('/body/nameEn', 'a group of this name exists'));
      await recordAudit(tx, actor, { action: 'stakeholder_group.add', subjectType: 'stakeholder_group', subjectId: id, detail: { slug } });
      return (await q.group(tx, p.networkId, id))!;
    });
  }

  async function updateGroup(p: Principal, actor: Actor, groupId: string, input: GroupInput) {
    authorize(p, 'stakeholder.manage', networkOf(p));
    const existing = await q.group(db, p.networkId, groupId);
    if (!existing) throw notFound('stakeholder group');
    return db.transaction().execute(async (tx) => {
      await q.updateGroup(tx, p.networkId, groupId, {
        name_en: input.nameEn,
        name_pl: input.namePl,
        hidden: input.hidden ?? existing.hidden,
        position: input.position ?? existing.position,
        updated_by_person_id: actor.personId,
      });
      await recordAudit(tx, actor, { action: 'stakeholder_group.update', subjectType: 'stakeholder_group', subjectId: groupId, detail: { hidden: input.hidden ?? existing.hidden } });
      return (await q.group(tx, p.networkId, groupId))!;
    });
  }

  /** Writes an argument: private ones stay with the author, the others wait for a moderator. */
  async function create(p: Principal, actor: Actor, input: ArgumentInput) {
    authorize(p, 'argument.write', networkOf(p));
    const groups = await groupsOf(p.networkId, true);
    const group = groups.find((g) => g.id === input.stakeholderGroupId);
    // An id that is no group of this network (another network's, say) reveals nothing: not found.
    if (!group) throw notFound('stakeholder group');
    const fields = evidenceErrors(input.evidence);
    if (group.hidden) fields.unshift({ path: '/body/stakeholderGroupId', message: 'this stakeholder group is hidden: choose another' });
    if (input.buildsOnArgumentId) {
      const base = await q.argument(db, p.networkId, input.buildsOnArgumentId);
      if (base?.status !== 'published') fields.push({ path: '/body/buildsOnArgumentId', message: 'not a published argument' });
    }
    if (fields.length) throw new DomainError('validation_failed', fields[0]!.message, { fields });
    const id = newId();
    const status = input.attribution === 'private' ? 'private' : 'pending';
    await db.transaction().execute(async (tx) => {
      await q.insertArgument(
        tx,
        {
          networkId: p.networkId,
          id,
          groupId: input.stakeholderGroupId,
          claim: input.claim,
          details: input.details ?? null,
          authorId: p.personId,
          attribution: input.attribution,
          status,
          buildsOn: input.buildsOnArgumentId ?? null,
          at: clock.now(),
        },
        input.evidence.map(evidenceRow),
      );
      await recordAudit(tx, actor, {
        action: 'argument.create',
        subjectType: 'argument',
        subjectId: id,
        detail: { attribution: input.attribution, buildsOn: input.buildsOnArgumentId ?? null },
      });
    });
    return get(p, p.networkId, id);
  }

  /** Who may see an argument: published ones everyone; the others their author, and (unless
   * private) the moderators of its network. */
  function visible(viewer: Principal | null, row: q.ArgumentRow): boolean {
    if (row.status === 'published') return true;
    if (!viewer || viewer.networkId !== row.network_id) return false;
    if (row.author_person_id === viewer.personId) return true;
    return row.status !== 'private' && can(viewer, 'argument.moderate', { type: 'network', networkId: row.network_id });
  }

  /** One argument with its evidence, counts, links and (for people of its network) comments. */
  async function get(viewer: Principal | null, networkId: string, argumentId: string) {
    const row = await q.argument(db, networkId, argumentId);
    if (!row || !visible(viewer, row)) throw notFound('argument');
    const inNetwork = viewer?.networkId === networkId;
    const [evidence, counts, buildsOn, builtOnBy, comments, mine] = await Promise.all([
      q.evidenceOf(db, networkId, [argumentId]),
      q.convincedCounts(db, networkId, argumentId),
      row.builds_on_argument_id ? q.argument(db, networkId, row.builds_on_argument_id) : undefined,
      q.buildsOnThis(db, networkId, argumentId),
      inNetwork && row.status === 'published' ? q.comments(db, networkId, argumentId) : [],
      inNetwork && viewer ? q.endorsementOf(db, networkId, argumentId, viewer.personId) : undefined,
    ]);
    return {
      ...publicView(row),
      evidence: evidence.map(evidenceOut),
      convinced: counts.map((c) => ({ groupId: c.id, slug: c.slug, nameEn: c.name_en, namePl: c.name_pl, count: Number(c.n) })),
      buildsOn: buildsOn && buildsOn.status === 'published' ? { id: buildsOn.id, claim: buildsOn.claim } : null,
      builtOnBy: builtOnBy.map((b) => ({ id: b.id, claim: b.claim })),
      comments: comments.map((c) => ({ id: c.id, body: c.body, authorName: c.author_name, createdAt: c.created_at.toISOString() })),
      myConvincedGroupId: mine?.stakeholder_group_id ?? null,
      isAuthor: viewer?.personId === row.author_person_id && inNetwork,
      canTakePart: !!viewer && inNetwork && can(viewer, 'argument.write', { type: 'network', networkId }),
      canModerate: !!viewer && inNetwork && can(viewer, 'argument.moderate', { type: 'network', networkId }),
    };
  }

  /** A published argument as anyone may see it: the author's name only if they chose so. */
  function publicView(row: q.ArgumentRow) {
    return {
      id: row.id,
      networkId: row.network_id,
      claim: row.claim,
      details: row.details,
      status: row.status,
      attribution: row.attribution,
      authorName: row.attribution === 'named' ? row.author_name : null,
      group: { id: row.stakeholder_group_id, slug: row.group_slug, nameEn: row.group_name_en, namePl: row.group_name_pl },
      createdAt: row.created_at.toISOString(),
      publishedAt: row.published_at?.toISOString() ?? null,
      moderationNote: row.moderation_note,
    };
  }

  function evidenceOut(e: Awaited<ReturnType<typeof q.evidenceOf>>[number]) {
    return { kind: e.kind, label: e.label, url: e.url, figure: e.figure, source: e.source, report: e.report };
  }

  async function board(p: Principal, opts: { groupId?: string | undefined; limit: number; offset: number }) {
    const rows = await q.published(db, p.networkId, opts);
    return rows.map((r) => ({ ...publicView(r), convincedTotal: Number(r.convinced ?? 0) }));
  }

  async function mine(p: Principal) {
    return (await q.byAuthor(db, p.networkId, p.personId)).map(publicView);
  }

  async function queue(p: Principal) {
    authorize(p, 'argument.moderate', networkOf(p));
    const [pending, reports] = await Promise.all([q.pending(db, p.networkId), q.openReports(db, p.networkId)]);
    const evidence = await q.evidenceOf(
      db,
      p.networkId,
      pending.map((a) => a.id),
    );
    return {
      pending: pending.map((a) => ({ ...publicView(a), authorName: a.author_name, evidence: evidence.filter((e) => e.argument_id === a.id).map(evidenceOut) })),
      reports: reports.map((r) => ({
        id: r.id,
        argumentId: r.argument_id,
        commentId: r.comment_id,
        reason: r.reason,
        reporterName: r.reporter_name,
        claim: r.claim,
        commentBody: r.comment_body,
        createdAt: r.created_at.toISOString(),
      })),
    };
  }

  /** A moderator publishes or rejects an argument waiting in the queue. */
  async function moderate(p: Principal, actor: Actor, argumentId: string, decision: 'publish' | 'reject', note: string | null) {
    authorize(p, 'argument.moderate', networkOf(p));
    await db.transaction().execute(async (tx) => {
      const a = await q.lockArgument(tx, p.networkId, argumentId);
      if (!a || a.status === 'private') throw notFound('argument');
      if (a.status !== 'pending') throw new DomainError('already_moderated', `the argument is ${a.status}, not waiting for a moderator`);
      const at = clock.now();
      await q.setStatus(tx, p.networkId, argumentId, {
        status: decision === 'publish' ? 'published' : 'rejected',
        moderated_at: at,
        moderated_by_person_id: actor.personId,
        moderation_note: note,
        ...(decision === 'publish' ? { published_at: at } : {}),
      });
      await recordAudit(tx, actor, { action: `argument.${decision}`, subjectType: 'argument', subjectId: argumentId, detail: { note } });
    });
    return get(p, p.networkId, argumentId);
  }

  /** The argument people of the network act on: it must be published. */
  async function publishedArgument(p: Principal, argumentId: string) {
    authorize(p, 'argument.write', networkOf(p));
    const a = await q.argument(db, p.networkId, argumentId);
    if (!a || !visible(p, a)) throw notFound('argument');
    if (a.status !== 'published') throw new DomainError('not_published', 'only a published argument takes comments, support and reports');
    return a;
  }

  async function addComment(p: Principal, actor: Actor, argumentId: string, body: string) {
    await publishedArgument(p, argumentId);
    const id = newId();
    await db.transaction().execute(async (tx) => {
      await q.insertComment(tx, { networkId: p.networkId, id, argumentId, authorId: p.personId, body, at: clock.now() });
      await recordAudit(tx, actor, { action: 'argument.comment', subjectType: 'argument', subjectId: argumentId, detail: { commentId: id } });
    });
    return { id, argumentId, body, authorName: p.displayName };
  }

  /** "This would convince me", speaking for a stakeholder group: once per person per argument. */
  async function convince(p: Principal, actor: Actor, argumentId: string, groupId: string) {
    await publishedArgument(p, argumentId);
    if (!(await groupsOf(p.networkId)).some((g) => g.id === groupId)) throw notFound('stakeholder group');
    await db.transaction().execute(async (tx) => {
      const added = await q.insertEndorsement(tx, { networkId: p.networkId, argumentId, personId: p.personId, groupId, at: clock.now() });
      if (!added) throw new DomainError('already_convinced', 'you have already said this would convince you; take it back first to change the group');
      await recordAudit(tx, actor, { action: 'argument.convinced', subjectType: 'argument', subjectId: argumentId, detail: { groupId } });
    });
    return convincedOf(p, argumentId);
  }

  async function unconvince(p: Principal, actor: Actor, argumentId: string) {
    await publishedArgument(p, argumentId);
    await db.transaction().execute(async (tx) => {
      if (!(await q.deleteEndorsement(tx, p.networkId, argumentId, p.personId))) throw new DomainError('not_convinced', 'you had not said this would convince you');
      await recordAudit(tx, actor, { action: 'argument.unconvinced', subjectType: 'argument', subjectId: argumentId });
    });
    return convincedOf(p, argumentId);
  }

  async function convincedOf(p: Principal, argumentId: string) {
    const [counts, mine] = await Promise.all([q.convincedCounts(db, p.networkId, argumentId), q.endorsementOf(db, p.networkId, argumentId, p.personId)]);
    return {
      convinced: counts.map((c) => ({ groupId: c.id, slug: c.slug, nameEn: c.name_en, namePl: c.name_pl, count: Number(c.n) })),
      myConvincedGroupId: mine?.stakeholder_group_id ?? null,
    };
  }

  /** A report of an argument or one of its comments, for the moderators. Reporting the same
   * thing again while the first report is open changes nothing. */
  async function reportAbuse(p: Principal, actor: Actor, argumentId: string, input: { reason: string; commentId?: string | null | undefined }) {
    await publishedArgument(p, argumentId);
    const commentId = input.commentId ?? null;
    if (commentId) {
      const c = await q.comment(db, p.networkId, commentId);
      if (!c || c.argument_id !== argumentId || c.hidden_at) throw new DomainError('validation_failed', 'not a comment on this argument', field('/body/commentId', 'not a comment on this argument'));
    }
    const open = await q.openReport(db, p.networkId, p.personId, argumentId, commentId);
    if (open) return { id: open.id, argumentId, commentId, alreadyReported: true };
    const id = newId();
    await db.transaction().execute(async (tx) => {
      await q.insertReport(tx, { networkId: p.networkId, id, argumentId, commentId, reporterId: p.personId, reason: input.reason, at: clock.now() });
      await recordAudit(tx, actor, { action: 'argument.report', subjectType: 'argument', subjectId: argumentId, detail: { reportId: id, commentId } });
    });
    return { id, argumentId, commentId, alreadyReported: false };
  }

  /** A moderator hides what was reported (the argument or the comment) or dismisses the report;
   * every open report of the same thing is resolved with it. */
  async function resolveReport(p: Principal, actor: Actor, reportId: string, resolution: 'hidden' | 'dismissed') {
    authorize(p, 'argument.moderate', networkOf(p));
    const r = await q.report(db, p.networkId, reportId);
    if (!r) throw notFound('report');
    if (r.resolved_at) throw new DomainError('report_resolved', 'the report was resolved already');
    const at = clock.now();
    await db.transaction().execute(async (tx) => {
      if (resolution === 'hidden') {
        if (r.comment_id) await q.hideComment(tx, p.networkId, r.comment_id, actor.personId, at);
        else {
          const a = await q.lockArgument(tx, p.networkId, r.argument_id);
          if (a?.status === 'published') await q.setStatus(tx, p.networkId, r.argument_id, { status: 'hidden', moderated_at: at, moderated_by_person_id: actor.personId });
        }
      }
      await q.resolveReports(tx, p.networkId, r.argument_id, r.comment_id, actor.personId, at, resolution);
      await recordAudit(tx, actor, {
        action: `argument.report.${resolution}`,
        subjectType: 'argument',
        subjectId: r.argument_id,
        detail: { reportId, commentId: r.comment_id },
      });
    });
    return { id: reportId, resolution };
  }

  /** A network by its slug, for the public pages. */
  async function publicNetwork(slug: string) {
    const n = await q.networkBySlug(db, slug);
    if (!n) throw notFound('network');
    return n;
  }

  async function networkSlugOf(networkId: string) {
    return (await q.networkById(db, networkId))?.slug ?? '';
  }

  /** "What co-production can do for you": the best-supported published arguments for one
   * stakeholder group, with their evidence. Public. */
  async function resource(networkId: string, groupSlug: string) {
    await groupsOf(networkId);
    const group = await q.groupBySlug(db, networkId, groupSlug);
    if (!group || group.hidden) throw notFound('stakeholder group');
    const rows = await q.bestFor(db, networkId, group.id, RESOURCE_SIZE);
    const evidence = await q.evidenceOf(
      db,
      networkId,
      rows.map((r) => r.id),
    );
    return {
      group: { id: group.id, slug: group.slug, nameEn: group.name_en, namePl: group.name_pl },
      arguments: rows.map((r) => ({
        ...publicView(r),
        convincedInGroup: Number(r.convinced_in_group),
        convincedTotal: Number(r.convinced),
        evidence: evidence.filter((e) => e.argument_id === r.id).map(evidenceOut),
      })),
    };
  }

  return {
    assertCanWrite,
    groupsOf,
    listGroups,
    addGroup,
    updateGroup,
    create,
    get,
    board,
    mine,
    queue,
    moderate,
    addComment,
    convince,
    unconvince,
    reportAbuse,
    resolveReport,
    publicNetwork,
    networkSlugOf,
    resource,
  };
}

export type Arguments = ReturnType<typeof createArguments>;
export type ArgumentView = Awaited<ReturnType<Arguments['get']>>;
