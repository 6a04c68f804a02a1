// Pages of "my record" and broker notes: the forms of the record page post here. On success
// back to the record (post/redirect/get); refused, the form alone with its errors.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ReactElement } from 'react';
import type { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { EraseBody } from '../../modules/datarights/routes.ts';
import { NoteBody, RemarkBody, RestrictBody } from '../../modules/record/routes.ts';
import type { RemarkItem } from '../../modules/record/tables.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { domainErrors, type Form, formValues, sendPage, zodErrors } from '../forms.ts';
import { type FormError, PAGE_ERROR, type ViewContext } from '../view.ts';
import { ErasePage, FormPage } from './pages.tsx';
import { NoteForm, RemarkForm, RestrictForm } from './sections.tsx';

function uuids(req: FastifyRequest, names: string[]): Record<string, string> {
  const params = req.params as Record<string, string>;
  for (const n of names) if (!isUuid(params[n] ?? '')) throw new DomainError('not_found', 'not found');
  return params;
}

/** A note form as posted: "yes" restricts. */
export function noteFromForm(body: Form) {
  const v = formValues(body);
  return { ...v, restricted: v.restricted === 'yes' };
}

export const recordPages: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { record, people } = services;

  /** Where a person's record page is for the caller: /me for themself. */
  const recordPath = (req: FastifyRequest, personId: string) => (principalOf(req).personId === personId ? '/me' : `/people/${personId}`);

  app.post('/people/:id/remarks', async (req, reply) => {
    const id = uuids(req, ['id']).id as string;
    const values = (req.body ?? {}) as Form;
    const parsed = RemarkBody.safeParse(formValues(values));
    const ctx = await viewContext(req, reply, services);
    let errors: FormError[];
    if (parsed.success) {
      try {
        await record.addRemark(principalOf(req), actorFor(req), id, parsed.data);
        return redirectWithFlash(reply, recordPath(req, id), ctx.t('my.remark.done'));
      } catch (err) {
        errors = domainErrors(err, ctx.t, 'remark');
      }
    } else errors = zodErrors(parsed.error, ctx.t, 'remark');
    // Only someone who may add a remark sees the form again.
    await record.remarks(principalOf(req), id);
    const itemType = (RemarkBody.shape.itemType.safeParse(values.itemType).data ?? 'other') as RemarkItem;
    const itemId = isUuid(values.itemId ?? '') ? (values.itemId as string) : null;
    const page = (
      <FormPage ctx={ctx} title={ctx.t('my.remark.title')} errors={errors} back={recordPath(req, id)}>
        <RemarkForm ctx={ctx} personId={id} itemType={itemType} itemId={itemId} errors={errors} values={values} suffix="" />
      </FormPage>
    );
    return sendPage(reply, page, 400);
  });

  const notes = '/timebanks/:timebankId/members/:memberId/notes';

  /** A notes form: staff of the timebank only (anyone else is refused before a form is shown). */
  async function notePost<T>(
    req: FastifyRequest,
    reply: FastifyReply,
    o: {
      parsed: z.ZodSafeParseResult<T>;
      run: (data: T) => Promise<unknown>;
      done: 'notes.done' | 'notes.restricted';
      suffix: string;
      form: (ctx: ViewContext, errors: FormError[]) => ReactElement;
    },
  ) {
    const { timebankId, memberId } = uuids(req, ['timebankId', 'memberId']);
    const member = await people.memberPerson(principalOf(req), timebankId as string, memberId as string);
    const ctx = await viewContext(req, reply, services);
    let errors: FormError[];
    if (o.parsed.success) {
      try {
        await o.run(o.parsed.data);
        return redirectWithFlash(reply, `/people/${member.personId}`, ctx.t(o.done));
      } catch (err) {
        errors = domainErrors(err, ctx.t, 'note', o.suffix);
      }
    } else errors = zodErrors(o.parsed.error, ctx.t, 'note', o.suffix);
    const page = (
      <FormPage ctx={ctx} title={ctx.t(o.done === 'notes.done' ? 'notes.add' : 'notes.restrict')} errors={errors} back={`/people/${member.personId}`}>
        {o.form(ctx, errors)}
      </FormPage>
    );
    return sendPage(reply, page, 400);
  }

  app.post(notes, async (req, reply) => {
    const { timebankId, memberId } = uuids(req, ['timebankId', 'memberId']) as { timebankId: string; memberId: string };
    const values = (req.body ?? {}) as Form;
    return notePost(req, reply, {
      parsed: NoteBody.safeParse(noteFromForm(values)),
      run: (data) => record.addNote(principalOf(req), actorFor(req), timebankId, memberId, data),
      done: 'notes.done',
      suffix: `-note-${memberId}`,
      form: (ctx, errors) => <NoteForm ctx={ctx} timebankId={timebankId} memberId={memberId} errors={errors} values={values} />,
    });
  });

  app.post(`${notes}/:noteId/restrict`, async (req, reply) => {
    const { timebankId, memberId, noteId } = uuids(req, ['timebankId', 'memberId', 'noteId']) as { timebankId: string; memberId: string; noteId: string };
    const values = (req.body ?? {}) as Form;
    return notePost(req, reply, {
      parsed: RestrictBody.safeParse(formValues(values)),
      run: (data) => record.restrictNote(principalOf(req), actorFor(req), timebankId, memberId, noteId, data.reason),
      done: 'notes.restricted',
      suffix: `-${noteId}`,
      form: (ctx, errors) => <RestrictForm ctx={ctx} timebankId={timebankId} memberId={memberId} noteId={noteId} errors={errors} values={values} />,
    });
  });

  // ---- erasing a person (coordinators of their timebank)
  async function erasePage(req: FastifyRequest, reply: FastifyReply, id: string, errors: FormError[], values: Form, status: number) {
    const e = await services.dataRights.erasable(principalOf(req), id);
    const ctx = await viewContext(req, reply, services);
    const all = e.refusal && !errors.length ? [{ field: PAGE_ERROR, message: ctx.t('erase.error.refused', { reason: e.refusal }) }] : errors;
    return sendPage(reply, <ErasePage ctx={ctx} personId={id} displayName={e.displayName} errors={all} values={values} />, status);
  }

  app.get('/people/:id/erase', async (req, reply) => erasePage(req, reply, uuids(req, ['id']).id as string, [], {}, 200));

  app.post('/people/:id/erase', async (req, reply) => {
    const id = uuids(req, ['id']).id as string;
    const values = (req.body ?? {}) as Form;
    const parsed = EraseBody.safeParse(formValues(values));
    const ctx = await viewContext(req, reply, services);
    let errors: FormError[];
    if (parsed.success) {
      try {
        const r = await services.dataRights.erase(principalOf(req), actorFor(req), id, parsed.data);
        return redirectWithFlash(reply, `/people/${id}`, ctx.t('erase.done', { name: r.displayName }));
      } catch (err) {
        errors = domainErrors(err, ctx.t, 'erase');
        const code = err instanceof DomainError ? err.code : '';
        if (code !== 'validation_failed') errors = [{ field: PAGE_ERROR, message: ctx.t('erase.error.refused', { reason: (err as Error).message }) }];
      }
    } else errors = zodErrors(parsed.error, ctx.t, 'erase');
    return erasePage(req, reply, id, errors, values, 400);
  });
};
