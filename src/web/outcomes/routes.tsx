// Outcome pages (docs/outcomes.md): the same services and schemas as the API. Each form posts
// back; errors come back beside their fields on the same page, with what was typed.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Principal } from '../../modules/auth/principal.ts';
import {
  ComputeBody,
  FrameworkBody,
  GoalBody,
  IndicatorBody,
  MeasurementBody,
  MilestoneBody,
  MilestoneDoneBody,
  PeriodBody,
  ProjectBody,
  RagBody,
  ReviewBody,
  TagBody,
  TargetBody,
} from '../../modules/outcomes/routes.ts';
import { can } from '../../modules/policy/policy.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { formRefusal, sendPage } from '../forms.ts';
import { isMessageKey, type T } from '../i18n/i18n.ts';
import { type FormError, PAGE_ERROR } from '../view.ts';
import { FrameworkListPage, FrameworkPage, ProgrammePage, ProjectPage, type Returned, type Values } from './pages.tsx';

type Body = Record<string, unknown>;

/** A form field from the path of an error: "/body/queryParams/areaId" → the query field. */
function fieldOf(form: string, path: readonly PropertyKey[]): string {
  const parts = path.map(String).filter((x) => x !== '' && x !== 'body' && !/^\d+$/.test(x));
  const head = parts[0];
  if (!head) return PAGE_ERROR;
  const name = head === 'queryParams' ? 'queryName' : head === 'budgetPence' ? 'budgetPounds' : head === 'ragChanges' ? (parts[1] === 'projectId' ? 'projectId' : parts[1] === 'reason' ? 'ragReason' : 'rag') : head;
  return `${form}-${name}`;
}

function errorsOf(t: T, form: string, issues: { path: readonly PropertyKey[]; message: string }[]): FormError[] {
  const out: FormError[] = [];
  for (const i of issues) {
    const field = fieldOf(form, i.path);
    if (out.some((e) => e.field === field)) continue;
    const key = `outcomes.error.${field.replace(`${form}-`, '')}`;
    out.push({ field, message: field !== PAGE_ERROR && isMessageKey(key) ? t(key) : i.message });
  }
  return out;
}

/** Runs a form's action: its schema, then the service; errors come back as the form's. */
async function attempt<S extends z.ZodType>(t: T, form: string, schema: S, body: Body, act: (b: z.infer<S>) => Promise<unknown>): Promise<FormError[]> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) return errorsOf(t, form, parsed.error.issues);
  try {
    await act(parsed.data);
    return [];
  } catch (err) {
    const e = formRefusal(err);
    const fields = e.details.fields ?? [];
    if (!fields.length) return [{ field: PAGE_ERROR, message: e.message }];
    return errorsOf(
      t,
      form,
      fields.map((f) => ({ path: f.path.split('/'), message: f.message })),
    );
  }
}

const text = (v: Values, k: string) => v[k]?.trim() || undefined;
const num = (s: string | undefined) => (s === undefined ? undefined : /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s);

/** "12.50" → 1250 pence; anything else is passed on as it is, for the schema to refuse. */
function pence(s: string | undefined): unknown {
  if (s === undefined) return undefined;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s.replace(/^£/, '').replace(/,/g, ''));
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : s;
}

function values(req: FastifyRequest): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

function modesOf(req: FastifyRequest): string[] {
  const m = (req.body as Record<string, unknown> | undefined)?.modes;
  return Array.isArray(m) ? m.map(String) : typeof m === 'string' ? [m] : [];
}

const FW_FORMS = ['periods', 'goals', 'indicators', 'targets', 'measurements', 'compute', 'projects', 'reviews'] as const;
const PROJECT_FORMS = ['milestones', 'milestone-done', 'rag', 'tags'] as const;

export const outcomePages: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { outcomes, outcomeProjects, outcomeReports } = services;
  const id = (req: FastifyRequest, key: string) => {
    const v = (req.params as Record<string, string>)[key] ?? '';
    if (!isUuid(v)) throw new DomainError('not_found', 'not found');
    return v;
  };

  /** Where the person may create a framework: the network (its admins) and the timebanks they coordinate. */
  async function scopes(p: Principal, t: T) {
    const out: { value: string; label: string }[] = [];
    if (can(p, 'outcome.manage', { type: 'network', networkId: p.networkId })) out.push({ value: 'network', label: t('outcomes.wholeNetwork') });
    for (const tb of await services.tenancy.listTimebanks(p)) {
      if (can(p, 'outcome.manage', { type: 'timebank', networkId: p.networkId, timebankId: tb.id })) out.push({ value: tb.id, label: tb.name });
    }
    return out;
  }

  async function listPage(req: FastifyRequest, reply: FastifyReply, back: Returned | null) {
    const ctx = await viewContext(req, reply, services);
    const p = principalOf(req);
    return sendPage(reply, <FrameworkListPage ctx={ctx} items={await outcomeReports.list(p)} scopes={await scopes(p, ctx.t)} back={back} />, back ? 400 : 200);
  }
  app.get('/outcomes', async (req, reply) => listPage(req, reply, null));
  app.post('/outcomes', async (req, reply) => {
    const ctx = await viewContext(req, reply, services);
    const v = values(req);
    let made = '';
    const scope = text(v, 'scope');
    const body = { timebankId: scope === 'network' || !scope ? null : scope, name: v.name ?? '', description: v.description ?? '' };
    const errors = await attempt(ctx.t, 'framework', FrameworkBody, body, async (b) => {
      made = (await outcomes.createFramework(principalOf(req), actorFor(req), b)).id;
    });
    if (errors.length) return listPage(req, reply, { form: 'framework', errors, values: v });
    return redirectWithFlash(reply, `/outcomes/frameworks/${made}`, ctx.t('outcomes.saved'));
  });

  async function frameworkPage(req: FastifyRequest, reply: FastifyReply, back: Returned | null) {
    const ctx = await viewContext(req, reply, services);
    const fw = await outcomeReports.framework(principalOf(req), id(req, 'frameworkId'));
    return sendPage(reply, <FrameworkPage ctx={ctx} fw={fw} queries={outcomeReports.queries()} back={back} />, back ? 400 : 200);
  }
  app.get('/outcomes/frameworks/:frameworkId', async (req, reply) => frameworkPage(req, reply, null));
  app.get('/outcomes/frameworks/:frameworkId/report', async (req, reply) => {
    const ctx = await viewContext(req, reply, services);
    const p = principalOf(req);
    const fid = id(req, 'frameworkId');
    const [report, star] = await Promise.all([outcomeReports.programme(p, fid), outcomeReports.star(p, fid, null)]);
    return sendPage(reply, <ProgrammePage ctx={ctx} report={report} star={star} />);
  });

  app.post('/outcomes/frameworks/:frameworkId/:form', async (req, reply) => {
    const form = (req.params as { form: string }).form as (typeof FW_FORMS)[number];
    if (!FW_FORMS.includes(form)) throw new DomainError('not_found', 'no such form');
    const ctx = await viewContext(req, reply, services);
    const fid = id(req, 'frameworkId');
    const p = principalOf(req);
    const fw = await outcomeReports.framework(p, fid);
    const errors = await frameworkForm(ctx.t, form, values(req), p, req, fw.timebankId);
    if (errors.length) return frameworkPage(req, reply, { form, errors, values: values(req) });
    return redirectWithFlash(reply, `/outcomes/frameworks/${fid}`, ctx.t('outcomes.saved'));
  });

  /** One form of the framework page, through the same schema and service as the API. */
  function frameworkForm(t: T, form: (typeof FW_FORMS)[number], v: Values, p: Principal, req: FastifyRequest, timebankId: string | null): Promise<FormError[]> {
    const a = actorFor(req);
    const fid = id(req, 'frameworkId');
    const indicatorId = text(v, 'indicatorId') ?? '';
    switch (form) {
      case 'periods':
        return attempt(t, form, PeriodBody, { label: v.label ?? '', startsOn: v.startsOn ?? '', endsOn: v.endsOn ?? '' }, (b) => outcomes.addPeriod(p, a, fid, b));
      case 'goals':
        return attempt(t, form, GoalBody, { title: v.title ?? '', description: v.description ?? '', coDefinedBy: text(v, 'coDefinedBy') ?? null, coDefinitionEvidence: text(v, 'coDefinitionEvidence') ?? null }, (b) =>
          outcomes.addGoal(p, a, fid, b),
        );
      case 'indicators': {
        const q = text(v, 'queryName');
        const body = {
          goalId: v.goalId ?? '',
          name: v.name ?? '',
          definition: v.definition ?? '',
          unit: text(v, 'unit'),
          direction: v.direction,
          rbaClass: v.rbaClass,
          sourceKind: q ? 'computed' : 'entered',
          queryName: q,
          queryParams: q ? { timebankId } : undefined,
          source: text(v, 'source'),
          suppressBelow: num(text(v, 'suppressBelow')),
          sampleSizeRequired: v.sampleSizeRequired === 'yes',
        };
        return attempt(t, form, IndicatorBody, body, (b) => outcomes.addIndicator(p, a, fid, b));
      }
      case 'targets':
        return attempt(t, form, TargetBody, { periodId: v.periodId ?? '', value: num(text(v, 'value')) }, (b) => outcomes.setTarget(p, a, indicatorId, b));
      case 'measurements':
        return attempt(t, form, MeasurementBody, { periodId: v.periodId ?? '', value: num(text(v, 'value')), sampleSize: num(text(v, 'sampleSize')) ?? null, status: v.status }, (b) =>
          outcomes.addMeasurement(p, a, indicatorId, b),
        );
      case 'compute':
        return attempt(t, form, ComputeBody, { periodId: v.periodId ?? '', status: v.status }, (b) => outcomes.compute(p, a, indicatorId, b));
      case 'projects': {
        const body = { name: v.name ?? '', owner: v.owner ?? '', budgetPence: pence(text(v, 'budgetPounds')), rag: v.rag, ragReason: v.ragReason ?? '', goalIds: text(v, 'goalId') ? [v.goalId] : [] };
        return attempt(t, form, ProjectBody, body, (b) => outcomeProjects.createProject(p, a, fid, b));
      }
      case 'reviews': {
        const change = text(v, 'projectId') ? [{ projectId: v.projectId, rag: v.rag ?? '', reason: v.ragReason ?? '' }] : [];
        return attempt(t, form, ReviewBody, { heldOn: v.heldOn ?? '', attendees: v.attendees ?? '', decisions: v.decisions ?? '', ragChanges: change }, (b) => outcomeProjects.addReview(p, a, fid, b));
      }
    }
  }

  async function projectPage(req: FastifyRequest, reply: FastifyReply, back: Returned | null) {
    const ctx = await viewContext(req, reply, services);
    const pr = await outcomeProjects.project(principalOf(req), id(req, 'projectId'));
    return sendPage(reply, <ProjectPage ctx={ctx} pr={pr} back={back} />, back ? 400 : 200);
  }
  app.get('/outcomes/projects/:projectId', async (req, reply) => projectPage(req, reply, null));
  app.post('/outcomes/projects/:projectId/:form', async (req, reply) => {
    const form = (req.params as { form: string }).form as (typeof PROJECT_FORMS)[number];
    if (!PROJECT_FORMS.includes(form)) throw new DomainError('not_found', 'no such form');
    const ctx = await viewContext(req, reply, services);
    const pid = id(req, 'projectId');
    const p = principalOf(req);
    const a = actorFor(req);
    const v = values(req);
    const errors =
      form === 'milestones'
        ? await attempt(ctx.t, form, MilestoneBody, { title: v.title ?? '', dueOn: v.dueOn ?? '' }, (b) => outcomeProjects.addMilestone(p, a, pid, b))
        : form === 'milestone-done'
          ? await attempt(ctx.t, form, MilestoneDoneBody, { done: v.done === 'yes' }, (b) => outcomeProjects.setMilestoneDone(p, a, pid, v.milestoneId ?? '', b))
          : form === 'rag'
            ? await attempt(ctx.t, form, RagBody, { rag: v.rag, reason: v.reason ?? '' }, (b) => outcomeProjects.setProjectRag(p, a, pid, b))
            : await attempt(ctx.t, form, TagBody, { modes: modesOf(req) }, (b) => outcomeProjects.tag(p, a, 'project', pid, b.modes));
    if (errors.length) return projectPage(req, reply, { form, errors, values: v });
    return redirectWithFlash(reply, `/outcomes/projects/${pid}`, ctx.t('outcomes.saved'));
  });
};
