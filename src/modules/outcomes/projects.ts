// Projects of a framework (owner, budget in pence, milestones, red/amber/green status linked to
// goals), steering reviews with their status changes, and Co-Production Star tags.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { authorize, can } from '../policy/policy.ts';
import { field, frameworkFor, invalid } from './access.ts';
import * as q from './queries.ts';
import { audit } from './service.ts';
import type { Rag, StarMode, TagSubject } from './tables.ts';
import { serializeOn } from '../../db/serialize.ts';

/** The Co-Production Star's modes, in the order they are shown. */
export const STAR_MODES: readonly StarMode[] = ['co_commissioning', 'co_design', 'co_delivery', 'co_assessment'];

export interface NewProject {
  name: string;
  owner: string;
  budgetPence: number;
  rag: Rag;
  ragReason: string;
  goalIds: string[];
}
export interface NewReview {
  heldOn: string;
  attendees: string;
  decisions: string;
  ragChanges?: { projectId: string; rag: Rag; reason: string }[] | undefined;
}

export function createProjects({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  const inTx = <T>(fn: (tx: Transaction<DB>) => Promise<T>) => db.transaction().execute(fn);
  const by = (actor: Actor) => {
    if (!actor.personId) throw new DomainError('forbidden', 'a person makes outcome records');
    return actor.personId;
  };

  async function createProject(p: Principal, actor: Actor, frameworkId: string, input: NewProject) {
    const { fw } = await frameworkFor(db, p, frameworkId, 'outcome.manage');
    if (!Number.isSafeInteger(input.budgetPence) || input.budgetPence < 0) throw invalid([field('/body/budgetPence', 'a whole number of pence, 0 or more')]);
    const goals = new Set((await q.goalsOf(db, p.networkId, fw.id)).map((g) => g.id));
    const bad = input.goalIds.findIndex((g) => !goals.has(g));
    if (bad >= 0) throw invalid([field(`/body/goalIds/${bad}`, 'not a goal of this framework')]);
    const id = newId();
    await inTx(async (tx) => {
      await tx
        .insertInto('outcome_project')
        .values({ network_id: p.networkId, id, framework_id: fw.id, name: input.name, owner: input.owner, budget_pence: input.budgetPence, rag: input.rag, rag_reason: input.ragReason, created_by_person_id: by(actor) })
        .execute();
      for (const goalId of new Set(input.goalIds)) {
        await tx.insertInto('outcome_project_goal').values({ network_id: p.networkId, framework_id: fw.id, project_id: id, goal_id: goalId }).execute();
      }
      await audit(tx, actor, fw, 'outcome.project.create', 'outcome_project', id, { ...input });
    });
    return { id };
  }

  async function projectFor(p: Principal, projectId: string, action: 'outcome.read' | 'outcome.manage') {
    const project = await q.findProject(db, p.networkId, projectId);
    if (!project) throw notFound('project');
    const { fw, manager } = await frameworkFor(db, p, project.framework_id, action);
    return { project, fw, manager };
  }

  async function project(p: Principal, projectId: string) {
    const { project: pr, fw, manager } = await projectFor(p, projectId, 'outcome.read');
    const [milestones, links, goals, tags, rags, reviews] = await Promise.all([
      q.milestonesOf(db, p.networkId, pr.id),
      q.projectGoals(db, p.networkId, fw.id),
      q.goalsOf(db, p.networkId, fw.id),
      q.tagsOf(db, p.networkId, 'project', pr.id),
      q.reviewRagsOf(db, p.networkId, fw.id),
      q.reviewsOf(db, p.networkId, fw.id),
    ]);
    const mine = new Set(links.filter((l) => l.project_id === pr.id).map((l) => l.goal_id));
    return {
      id: pr.id,
      frameworkId: fw.id,
      frameworkName: fw.name,
      name: pr.name,
      owner: pr.owner,
      budgetPence: pr.budget_pence,
      rag: pr.rag,
      ragReason: pr.rag_reason,
      ragSetAt: pr.rag_set_at.toISOString(),
      goals: goals.filter((g) => mine.has(g.id)).map((g) => ({ id: g.id, title: g.title })),
      milestones: milestones.map((m) => ({ id: m.id, title: m.title, dueOn: m.due_on, done: m.done, doneOn: m.done_on })),
      coproduction: STAR_MODES.filter((m) => tags.some((t) => t.mode === m)),
      ragHistory: rags
        .filter((r) => r.project_id === pr.id)
        .map((r) => ({ reviewId: r.review_id, heldOn: reviews.find((v) => v.id === r.review_id)?.held_on ?? '', from: r.rag_from, to: r.rag_to, reason: r.reason }))
        .sort((a, b) => a.heldOn.localeCompare(b.heldOn)),
      canManage: manager,
    };
  }

  async function addMilestone(p: Principal, actor: Actor, projectId: string, input: { title: string; dueOn: string }) {
    const { project: pr, fw } = await projectFor(p, projectId, 'outcome.manage');
    const id = newId();
    await inTx(async (tx) => {
      await tx.insertInto('outcome_milestone').values({ network_id: p.networkId, id, project_id: pr.id, title: input.title, due_on: input.dueOn, created_by_person_id: by(actor) }).execute();
      await audit(tx, actor, fw, 'outcome.milestone.add', 'outcome_project', pr.id, { milestoneId: id, ...input });
    });
    return { id };
  }

  async function setMilestoneDone(p: Principal, actor: Actor, projectId: string, milestoneId: string, input: { done: boolean; doneOn?: string | undefined }) {
    const { project: pr, fw } = await projectFor(p, projectId, 'outcome.manage');
    const m = (await q.milestonesOf(db, p.networkId, pr.id)).find((x) => x.id === milestoneId);
    if (!m) throw notFound('milestone');
    if (!input.done && input.doneOn) throw invalid([field('/body/doneOn', 'a milestone not done has no day it was done')]);
    const doneOn = input.done ? (input.doneOn ?? clock.now().toISOString().slice(0, 10)) : null;
    await inTx(async (tx) => {
      await tx
        .updateTable('outcome_milestone')
        .set({ done: input.done, done_on: doneOn, updated_by_person_id: by(actor) })
        .where('network_id', '=', p.networkId)
        .where('id', '=', m.id)
        .execute();
      await audit(tx, actor, fw, 'outcome.milestone.set', 'outcome_project', pr.id, { milestoneId: m.id, done: input.done, doneOn });
    });
    return { id: m.id, done: input.done, doneOn };
  }

  async function setProjectRag(p: Principal, actor: Actor, projectId: string, input: { rag: Rag; reason: string }) {
    const { project: pr, fw } = await projectFor(p, projectId, 'outcome.manage');
    await inTx(async (tx) => {
      await q.setRag(tx, p.networkId, pr.id, input.rag, input.reason);
      await audit(tx, actor, fw, 'outcome.project.rag', 'outcome_project', pr.id, { from: pr.rag, to: input.rag, reason: input.reason });
    });
    return project(p, pr.id);
  }

  /** A steering review: who met, what they decided, and the status changes they made (each
   * project's status changes in the same transaction). */
  async function addReview(p: Principal, actor: Actor, frameworkId: string, input: NewReview) {
    const { fw } = await frameworkFor(db, p, frameworkId, 'outcome.manage');
    const projects = await q.projectsOf(db, p.networkId, fw.id);
    const changes = input.ragChanges ?? [];
    const seen = new Set<string>();
    const rows = changes.map((c, i) => {
      const pr = projects.find((x) => x.id === c.projectId);
      if (!pr) throw invalid([field(`/body/ragChanges/${i}/projectId`, 'not a project of this framework')]);
      if (seen.has(pr.id)) throw invalid([field(`/body/ragChanges/${i}/projectId`, 'the same project twice')]);
      seen.add(pr.id);
      return { pr, c };
    });
    const id = newId();
    await inTx(async (tx) => {
      await tx
        .insertInto('outcome_review')
        .values({ network_id: p.networkId, id, framework_id: fw.id, held_on: input.heldOn, attendees: input.attendees, decisions: input.decisions, created_by_person_id: by(actor) })
        .execute();
      for (const { pr, c } of rows) {
        await tx
          .insertInto('outcome_review_rag')
          .values({ network_id: p.networkId, framework_id: fw.id, review_id: id, project_id: pr.id, rag_from: pr.rag, rag_to: c.rag, reason: c.reason })
          .execute();
        await q.setRag(tx, p.networkId, pr.id, c.rag, c.reason);
      }
      await audit(tx, actor, fw, 'outcome.review.add', 'outcome_review', id, { heldOn: input.heldOn, ragChanges: changes });
    });
    return { id };
  }

  /** The Co-Production Star modes of an activity or exchange the caller has loaded (so its
   * timebank is known), for those who may set them (coordinators of that timebank); null for
   * anyone else, without a query. */
  async function tagsOf(p: Principal, subject: { kind: 'activity' | 'exchange'; id: string; timebankId: string }): Promise<StarMode[] | null> {
    if (!can(p, 'outcome.manage', { type: 'timebank', networkId: p.networkId, timebankId: subject.timebankId })) return null;
    return (await q.tagsOf(db, p.networkId, subject.kind, subject.id)).map((t) => t.mode);
  }

  /** Sets the Co-Production Star modes of an activity, exchange (coordinators of its timebank)
   * or project (those who manage its framework). */
  async function tag(p: Principal, actor: Actor, kind: TagSubject, id: string, modes: StarMode[]) {
    let timebankId: string | null;
    if (kind === 'project') {
      timebankId = (await projectFor(p, id, 'outcome.manage')).fw.timebank_id;
    } else {
      timebankId = await q.subjectTimebank(db, p.networkId, kind, id);
      if (!timebankId) throw notFound(kind);
      authorize(p, 'outcome.manage', { type: 'timebank', networkId: p.networkId, timebankId });
    }
    const unique = [...new Set(modes)];
    await inTx(async (tx) => {
      await serializeOn(tx, 'star-tags', p.networkId, kind, id);
      await q.replaceTags(tx, p.networkId, kind, id, unique, by(actor));
      await recordAudit(tx, actor, { action: 'outcome.tag.set', subjectType: kind, subjectId: id, timebankId, detail: { modes: unique } });
    });
    return { subjectKind: kind, subjectId: id, modes: unique };
  }

  return { createProject, project, addMilestone, setMilestoneDone, setProjectRag, addReview, tag, tagsOf };
}

export type Projects = ReturnType<typeof createProjects>;
