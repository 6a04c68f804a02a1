// Pages for activities and the calendar feed. Handlers call the same services and schemas as
// the API (ActivityBody); forms post back and redirect, or come back with their errors.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid, newId } from '../../lib/ids.ts';
import { ActivityBody, SeriesEditBody } from '../../modules/activities/routes.ts';
import type { RepeatInput } from '../../modules/activities/series.ts';
import { TagBody } from '../../modules/outcomes/routes.ts';
import { instantOf, wallOf } from '../../lib/zone.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { formRefusal, sendPage } from '../forms.ts';
import { hoursText, readHours } from '../ledger-admin/hours-input.ts';
import { isMessageKey, type T } from '../i18n/i18n.ts';
import { type FormError, PAGE_ERROR, type ViewContext } from '../view.ts';
import { ActivitiesPage, ActivityFormPage, ActivityPage, CalendarPage, ClosePage, type FormValues, SeriesEditPage } from './pages.tsx';

type Form = Record<string, string | undefined>;

/** The form field an API path is about ("/body/endsAt" → "endTime"); '' for the page as a whole. */
const FIELD_OF: Record<string, string> = { startsAt: 'startTime', endsAt: 'endTime', minutesPerAttendee: 'hours', organisationId: 'payer', items: 'attendance' };
/** The repeat rule's parts ("/body/repeat/until" → "repeatUntil"); the rest is the "repeat" choice. */
const REPEAT_FIELD_OF: Record<string, string> = { weekdays: 'repeatWeekdays', until: 'repeatUntil', count: 'repeatCount' };
function fieldOf(path: string): string {
  const parts = path.split('/').filter((x) => x && x !== 'body');
  if (parts[0] === 'params' || parts.length === 0) return '';
  const name = parts[0]!;
  if (name === 'repeat') return REPEAT_FIELD_OF[parts[1] ?? ''] ?? 'repeat';
  return FIELD_OF[name] ?? name;
}

function formErrors(t: T, issues: { field: string; message: string; code?: string }[]): FormError[] {
  const out: FormError[] = [];
  for (const { field, message, code } of issues) {
    if (!field) out.push({ field: PAGE_ERROR, message });
    else if (!out.some((e) => e.field === field)) {
      // A refusal with its own words (capacity below those registered), else the field's.
      const refusal = `activities.refusal.${code}`;
      const key = `activities.error.${field}`;
      out.push({ field, message: isMessageKey(refusal) ? t(refusal) : isMessageKey(key) ? t(key) : message });
    }
  }
  return out;
}

/** A service's refusal shown on the form (access refusals answer as a whole page). */
const refusalIssues = (err: unknown) => {
  const e = formRefusal(err);
  return e.details.fields?.length ? e.details.fields.map((f) => ({ field: fieldOf(f.path), message: f.message, code: e.code })) : [{ field: '', message: e.message }];
};

/** The weekdays ticked on the form (one value, several, or none). */
const weekdaysOf = (f: Form) => {
  const raw = (f as Record<string, unknown>).repeatWeekdays;
  return (Array.isArray(raw) ? raw : raw === undefined || raw === '' ? [] : [raw]).map(Number);
};

/** The repeat fields of the new-activity form as the API's rule (null: it does not repeat). */
function readRepeat(f: Form, issues: { field: string; message: string }[]): RepeatInput | null {
  const kind = (f.repeat ?? '').trim();
  if (!kind) return null;
  const until = (f.repeatUntil ?? '').trim();
  const count = (f.repeatCount ?? '').trim();
  if (count !== '' && !/^\d{1,3}$/.test(count)) issues.push({ field: 'repeatCount', message: 'count' });
  // Both or neither given: the rule's own check says "one of the two".
  const end = { ...(until ? { until } : {}), ...(count && /^\d{1,3}$/.test(count) ? { count: Number(count) } : {}) };
  if (kind === 'weekly') return { frequency: 'weekly', weekdays: weekdaysOf(f), ...end };
  if (kind === 'monthly_day') return { frequency: 'monthly', monthlyBy: 'day_of_month', ...end };
  if (kind === 'monthly_weekday') return { frequency: 'monthly', monthlyBy: 'weekday', ...end };
  issues.push({ field: 'repeat', message: 'repeat' });
  return null;
}

/** The activity form as the API's body, in the timebank's zone; or the fields that are wrong. */
export function readActivityForm(f: Form, zone: string) {
  const issues: { field: string; message: string }[] = [];
  const repeat = readRepeat(f, issues);
  const date = f.date ?? '';
  const startsAt = instantOf(zone, date, f.startTime ?? '');
  const endsAt = instantOf(zone, date, f.endTime ?? '');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date.trim())) issues.push({ field: 'date', message: 'date' });
  else if (!startsAt) issues.push({ field: instantOf(zone, date, '12:00') ? 'startTime' : 'date', message: 'time' });
  else if (!endsAt) issues.push({ field: 'endTime', message: 'time' });
  const minutes = readHours(f.hours ?? '', 24);
  if (minutes === null || minutes === 0) issues.push({ field: 'hours', message: 'hours' });
  const cap = (f.capacity ?? '').trim();
  if (cap !== '' && !/^\d{1,5}$/.test(cap)) issues.push({ field: 'capacity', message: 'capacity' });
  const payer = f.payer ?? '';
  const org = payer.startsWith('organisation:') ? payer.slice('organisation:'.length) : null;
  const parsed = ActivityBody.safeParse({
    title: f.title ?? '',
    description: f.description ?? '',
    categorySlug: f.categorySlug ?? '',
    areaId: f.areaId || null,
    place: f.place?.trim() || null,
    startsAt: (startsAt ?? new Date(0)).toISOString(),
    endsAt: (endsAt ?? new Date(1)).toISOString(),
    capacity: cap === '' ? null : Number(cap),
    payer: org ? 'organisation' : payer,
    organisationId: org,
    minutesPerAttendee: minutes ?? 1,
    visibility: f.visibility || 'timebank',
    ...(repeat ? { repeat } : {}),
  });
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const field = fieldOf(`/body/${i.path.join('/')}`);
      // A field already found wrong above (or the end, when the date or times are) says it once.
      if (issues.some((x) => x.field === field || (field === 'endTime' && ['date', 'startTime'].includes(x.field)))) continue;
      issues.push({ field, message: i.message });
    }
  }
  return issues.length || !parsed.success ? { issues } : { body: parsed.data, issues };
}

export const activityPages: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { activities, categories, tenancy, calendar } = services;

  const idParam = (req: FastifyRequest, name = 'id') => {
    const v = (req.params as Record<string, string>)[name] ?? '';
    if (!isUuid(v)) throw new DomainError('not_found', 'not found');
    return v;
  };
  const localeOf = (ctx: ViewContext) => (ctx.locale === 'pl' ? 'pl' : 'en');
  const currentTimebank = (ctx: ViewContext) => {
    if (!ctx.currentTimebank) throw new DomainError('not_found', 'no timebank');
    return ctx.currentTimebank.id;
  };

  app.get('/activities', async (req, reply) => {
    const ctx = await viewContext(req, reply, services);
    const p = principalOf(req);
    const tb = currentTimebank(ctx);
    const [items, payers, zone] = await Promise.all([activities.list(p, tb), activities.payerChoices(p, tb), activities.zoneOf(p, tb)]);
    const mayCreate = payers.communityPot || payers.organisations.length > 0;
    return sendPage(reply, <ActivitiesPage ctx={ctx} timebankId={tb} items={items} zone={zone} mayCreate={mayCreate} />);
  });

  async function formPage(
    req: FastifyRequest,
    reply: FastifyReply,
    o: { timebankId: string; title: string; action: string; submit: string; values: FormValues; errors: FormError[]; repeatable?: boolean },
  ) {
    const ctx = await viewContext(req, reply, services);
    const p = principalOf(req);
    const [tree, areas, payers, zone] = await Promise.all([
      categories.list(p, o.timebankId, localeOf(ctx)),
      tenancy.listAreas(p, o.timebankId),
      activities.payerChoices(p, o.timebankId),
      activities.zoneOf(p, o.timebankId),
    ]);
    if (!payers.communityPot && payers.organisations.length === 0) throw new DomainError('forbidden', 'you may not organise activities here');
    const options = [
      ...(payers.communityPot ? [{ value: 'community_pot', label: ctx.t('activities.payer.community_pot', { timebank: ctx.currentTimebank?.name ?? '' }) }] : []),
      ...payers.organisations.map((org) => ({ value: `organisation:${org.id}`, label: ctx.t('activities.payer.organisation', { name: org.name }) })),
    ];
    const page = <ActivityFormPage ctx={ctx} {...o} tree={tree} areas={areas.map((a) => ({ id: a.id, name: a.name }))} payers={options} zone={zone} />;
    return sendPage(reply, page, o.errors.length ? 400 : 200);
  }

  app.get('/activities/new', async (req, reply) => {
    const ctx = await viewContext(req, reply, services);
    const tb = currentTimebank(ctx);
    return formPage(req, reply, {
      timebankId: tb,
      title: ctx.t('activities.new'),
      action: '/activities/new',
      submit: ctx.t('activities.create'),
      values: { hours: '2' },
      errors: [],
      repeatable: true,
    });
  });

  app.post('/activities/new', async (req, reply) => {
    const ctx = await viewContext(req, reply, services);
    const p = principalOf(req);
    const tb = currentTimebank(ctx);
    const form = (req.body ?? {}) as Form;
    const again = (issues: { field: string; message: string }[]) =>
      formPage(req, reply, {
        timebankId: tb,
        title: ctx.t('activities.new'),
        action: '/activities/new',
        submit: ctx.t('activities.create'),
        values: form,
        errors: formErrors(ctx.t, issues),
        repeatable: true,
      });
    const read = readActivityForm(form, await activities.zoneOf(p, tb));
    if (!read.body) return again(read.issues);
    try {
      const a = await activities.create(p, actorFor(req), tb, read.body);
      return redirectWithFlash(reply, `/activities/${a.id}`, ctx.t(a.series_id ? 'activities.series.created' : 'activities.created'));
    } catch (err) {
      return again(refusalIssues(err));
    }
  });

  async function activityPage(req: FastifyRequest, reply: FastifyReply, id: string, errors: FormError[] = []) {
    const ctx = await viewContext(req, reply, services);
    const p = principalOf(req);
    const view = await activities.get(p, id);
    const a = view.activity;
    const [zone, tree, candidates, star] = await Promise.all([
      activities.zoneOf(p, a.timebank_id),
      categories.list(p, a.timebank_id, localeOf(ctx)).catch(() => []),
      view.mayKeepRoster && a.status === 'open' ? activities.candidates(p, id) : Promise.resolve([]),
      services.outcomeProjects.tagsOf(p, { kind: 'activity', id, timebankId: a.timebank_id }),
    ]);
    const names = new Map(tree.flatMap((top) => [[top.slug, top.name] as const, ...top.subs.map((s) => [s.slug, `${top.name} – ${s.name}`] as const)]));
    const page = <ActivityPage ctx={ctx} view={view} zone={zone} categoryName={names.get(a.category_slug) ?? a.category_slug} candidates={candidates} starModes={star} errors={errors} />;
    return sendPage(reply, page, errors.length ? 400 : 200);
  }

  app.get('/activities/:id', async (req, reply) => activityPage(req, reply, idParam(req)));

  // The Co-Production Star modes of the activity (coordinators of its timebank; docs/outcomes.md).
  pageAction('/activities/:id/star', async (req, id, form) => {
    const raw = (form as Record<string, unknown>).modes;
    const parsed = TagBody.safeParse({ modes: Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [] });
    if (!parsed.success) throw new DomainError('validation_failed', 'not a way of co-producing', { fields: [{ path: '/body/modes', message: 'not a way of co-producing' }] });
    await services.outcomeProjects.tag(principalOf(req), actorFor(req), 'activity', id, parsed.data.modes);
    return 'activities.starSaved';
  });

  /** A form on the activity's page: done → back to it with a message; refused → the page with the errors. */
  function pageAction(path: string, run: (req: FastifyRequest, id: string, form: Form, t: T) => Promise<string | { text: string }>) {
    app.post(path, async (req, reply) => {
      const id = idParam(req);
      const ctx = await viewContext(req, reply, services);
      try {
        const message = await run(req, id, (req.body ?? {}) as Form, ctx.t);
        return redirectWithFlash(reply, `/activities/${id}`, typeof message === 'string' ? ctx.t(message as never) : message.text);
      } catch (err) {
        return activityPage(req, reply, id, formErrors(ctx.t, refusalIssues(err)));
      }
    });
  }

  pageAction('/activities/:id/register', async (req, id, form) => {
    const memberId = form.memberId?.trim();
    if (memberId !== undefined && !isUuid(memberId)) {
      throw new DomainError('validation_failed', 'choose a member', { fields: [{ path: '/body/memberId', message: 'choose a member' }] });
    }
    await activities.register(principalOf(req), actorFor(req), id, memberId || undefined);
    return memberId ? 'activities.registeredOther' : 'activities.registered';
  });

  pageAction('/activities/:id/registrations/:registrationId/cancel', async (req, id) => {
    await activities.cancelRegistration(principalOf(req), actorFor(req), id, idParam(req, 'registrationId'));
    return 'activities.registrationCancelled';
  });

  pageAction('/activities/:id/attendance', async (req, id, form) => {
    const items = Object.entries(form)
      .filter(([k, v]) => k.startsWith('attended-') && (v === 'yes' || v === 'no') && isUuid(k.slice('attended-'.length)))
      .map(([k, v]) => ({ registrationId: k.slice('attended-'.length), attended: v === 'yes' }));
    if (items.length) await activities.markAttendance(principalOf(req), actorFor(req), id, items);
    return 'activities.attendanceSaved';
  });

  pageAction('/activities/:id/cancel', async (req, id, form) => {
    const reason = (form.reason ?? '').trim();
    if (reason.length < 1 || reason.length > 500) {
      throw new DomainError('validation_failed', 'a reason', { fields: [{ path: '/body/reason', message: 'a reason of up to 500 characters' }] });
    }
    await activities.cancel(principalOf(req), actorFor(req), id, reason);
    return 'activities.cancelledDone';
  });

  // ---- series: all future dates of a repeating activity
  pageAction('/activities/:id/series/register', async (req, id, _form, t) => {
    const p = principalOf(req);
    const r = await activities.registerSeries(p, actorFor(req), id);
    const done = t('activities.series.registeredAll', { count: r.registered.length });
    if (r.full.length === 0) return { text: done };
    const zone = await activities.zoneOf(p, (await activities.get(p, id)).activity.timebank_id);
    const dates = r.full.map((x) => wallOf(zone, x.startsAt).date).join(', ');
    return { text: `${done} ${t('activities.series.fullDates', { dates })}` };
  });

  pageAction('/activities/:id/series/registrations/cancel', async (req, id, _form, t) => {
    const r = await activities.cancelSeriesRegistrations(principalOf(req), actorFor(req), id);
    return { text: t('activities.series.cancelledMine', { count: r.cancelled.length }) };
  });

  pageAction('/activities/:id/series/cancel', async (req, id, form, t) => {
    const reason = (form.seriesReason ?? '').trim();
    if (reason.length < 1 || reason.length > 500) {
      throw new DomainError('validation_failed', 'a reason', { fields: [{ path: '/body/seriesReason', message: 'a reason of up to 500 characters' }] });
    }
    const r = await activities.cancelSeries(principalOf(req), actorFor(req), id, reason);
    return { text: t('activities.series.cancelledAll', { count: r.activityIds.length }) };
  });

  async function seriesEditPage(req: FastifyRequest, reply: FastifyReply, id: string, failed?: { values: FormValues; errors: FormError[] }) {
    const ctx = await viewContext(req, reply, services);
    const view = await activities.get(principalOf(req), id);
    if (!view.mayManage) throw new DomainError('forbidden', 'only its organisers change a series');
    if (!view.series) throw new DomainError('not_found', 'not part of a series');
    const a = view.activity;
    const values = failed?.values ?? { title: a.title, description: a.description, place: a.place ?? '', capacity: a.capacity === null ? '' : String(a.capacity) };
    const coming = view.series.dates.filter((d) => d.ahead).length;
    return sendPage(reply, <SeriesEditPage ctx={ctx} a={a} coming={coming} values={values} errors={failed?.errors ?? []} />, failed ? 400 : 200);
  }

  app.get('/activities/:id/series/edit', async (req, reply) => seriesEditPage(req, reply, idParam(req)));
  app.post('/activities/:id/series/edit', async (req, reply) => {
    const id = idParam(req);
    const ctx = await viewContext(req, reply, services);
    const form = (req.body ?? {}) as Form;
    const cap = (form.capacity ?? '').trim();
    const parsed = SeriesEditBody.safeParse({
      title: form.title ?? '',
      description: form.description ?? '',
      place: form.place?.trim() || null,
      capacity: cap === '' ? null : /^\d{1,5}$/.test(cap) ? Number(cap) : -1,
    });
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ field: fieldOf(`/body/${i.path.join('/')}`), message: i.message }));
      return seriesEditPage(req, reply, id, { values: form, errors: formErrors(ctx.t, issues) });
    }
    try {
      const r = await activities.updateSeries(principalOf(req), actorFor(req), id, parsed.data);
      return redirectWithFlash(reply, `/activities/${id}`, ctx.t('activities.series.saved', { count: r.activityIds.length }));
    } catch (err) {
      return seriesEditPage(req, reply, id, { values: form, errors: formErrors(ctx.t, refusalIssues(err)) });
    }
  });

  /** The form's values of a saved activity, in its timebank's zone. */
  const valuesOf = (a: Awaited<ReturnType<typeof activities.get>>['activity'], zone: string): FormValues => {
    const s = wallOf(zone, a.starts_at);
    return {
      title: a.title,
      description: a.description,
      categorySlug: a.category_slug,
      areaId: a.area_id ?? '',
      place: a.place ?? '',
      date: s.date,
      startTime: s.time,
      endTime: wallOf(zone, a.ends_at).time,
      capacity: a.capacity === null ? '' : String(a.capacity),
      hours: hoursText(a.minutes_per_attendee),
      payer: a.payer === 'organisation' ? `organisation:${a.organisation_id}` : 'community_pot',
      visibility: a.visibility,
    };
  };

  async function editPage(req: FastifyRequest, reply: FastifyReply, id: string, failed?: { values: FormValues; errors: FormError[] }) {
    const ctx = await viewContext(req, reply, services);
    const p = principalOf(req);
    const view = await activities.get(p, id);
    if (!view.mayManage) throw new DomainError('forbidden', 'only its organisers change an activity');
    const a = view.activity;
    const zone = await activities.zoneOf(p, a.timebank_id);
    return formPage(req, reply, {
      timebankId: a.timebank_id,
      title: ctx.t('activities.editTitle', { title: a.title }),
      action: `/activities/${id}/edit`,
      submit: ctx.t('activities.save'),
      values: failed?.values ?? valuesOf(a, zone),
      errors: failed?.errors ?? [],
    });
  }

  app.get('/activities/:id/edit', async (req, reply) => editPage(req, reply, idParam(req)));
  app.post('/activities/:id/edit', async (req, reply) => {
    const id = idParam(req);
    const ctx = await viewContext(req, reply, services);
    const p = principalOf(req);
    const view = await activities.get(p, id);
    const form = (req.body ?? {}) as Form;
    const read = readActivityForm(form, await activities.zoneOf(p, view.activity.timebank_id));
    if (!read.body) return editPage(req, reply, id, { values: form, errors: formErrors(ctx.t, read.issues) });
    try {
      await activities.update(p, actorFor(req), id, read.body);
    } catch (err) {
      return editPage(req, reply, id, { values: form, errors: formErrors(ctx.t, refusalIssues(err)) });
    }
    return redirectWithFlash(reply, `/activities/${id}`, ctx.t('activities.saved'));
  });

  async function closePage(req: FastifyRequest, reply: FastifyReply, id: string, errors: FormError[] = [], batchId = newId()) {
    const ctx = await viewContext(req, reply, services);
    const p = principalOf(req);
    const preview = await activities.preview(p, id);
    const { activity } = await activities.get(p, id);
    return sendPage(reply, <ClosePage ctx={ctx} a={activity} preview={preview} batchId={batchId} errors={errors} />, errors.length ? 400 : 200);
  }

  app.get('/activities/:id/close', async (req, reply) => closePage(req, reply, idParam(req)));
  app.post('/activities/:id/close', async (req, reply) => {
    const id = idParam(req);
    const ctx = await viewContext(req, reply, services);
    const batchId = ((req.body ?? {}) as Form).id ?? '';
    if (!isUuid(batchId)) return closePage(req, reply, id, [{ field: PAGE_ERROR, message: 'the form is out of date: try again' }]);
    try {
      await activities.close(principalOf(req), actorFor(req), id, batchId);
    } catch (err) {
      return closePage(req, reply, id, formErrors(ctx.t, refusalIssues(err)));
    }
    return redirectWithFlash(reply, `/activities/${id}`, ctx.t('activities.closedDone'));
  });

  // ---- the calendar feed
  app.get('/calendar', async (req, reply) => {
    const ctx = await viewContext(req, reply, services);
    const s = await calendar.status(principalOf(req));
    return sendPage(reply, <CalendarPage ctx={ctx} active={s.active} createdAt={s.createdAt} />);
  });
  // The new URL is shown in the answer itself, once: it is stored nowhere but in the person's calendar.
  app.post('/calendar', async (req, reply) => {
    const ctx = await viewContext(req, reply, services);
    const made = await calendar.regenerate(principalOf(req), actorFor(req));
    return sendPage(reply, <CalendarPage ctx={ctx} active createdAt={made.createdAt} newUrl={made.url} />);
  });
  app.post('/calendar/off', async (req, reply) => {
    const ctx = await viewContext(req, reply, services);
    await calendar.revoke(principalOf(req), actorFor(req));
    return redirectWithFlash(reply, '/calendar', ctx.t('calendar.turnedOff'));
  });
};
