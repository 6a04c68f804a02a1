// One way to handle a form post on the safeguarding and availability pages: read it with the
// API's schema, run the service, then redirect with a message (post/redirect/get) or show the
// page again with the errors by their fields and the values given.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { DomainError } from '../../lib/errors.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { domainErrors, type FormName, zodErrors } from '../forms.ts';
import type { MessageKey } from '../i18n/en.ts';
import { type FormError, PAGE_ERROR } from '../view.ts';
import type { Posted } from './forms.ts';
import type { Failed } from './pages.tsx';

/**
 * Field ids as the pages have them: the first box of a list, the first cell of the grid, the
 * date of a pause refused by the status rules, the notice date of one check; an error about
 * the address itself (a check that takes no notice) goes in the summary only.
 */
function onPage(errors: FormError[], suffix: string): FormError[] {
  return errors.map((e) => {
    if (e.field.startsWith('/')) return { ...e, field: PAGE_ERROR };
    const field = e.field.replace(/\/.*$/, '');
    if (field === 'windows') return { ...e, field: 'w-1-morning' };
    if (field === 'status') return { ...e, field: 'pausedUntil' };
    return { ...e, field: field === 'sentOn' ? `sentOn${suffix}` : field };
  });
}

export async function submit<T>(o: {
  req: FastifyRequest;
  reply: FastifyReply;
  services: Services;
  form: Failed['form'];
  formName: FormName;
  parsed: z.ZodSafeParseResult<T>;
  run: (data: T) => Promise<unknown>;
  done: MessageKey;
  back: string;
  render: (failed: Failed) => Promise<FastifyReply>;
  suffix?: string;
}): Promise<FastifyReply> {
  const { t } = await viewContext(o.req, o.reply, o.services);
  const values = (o.req.body ?? {}) as Posted;
  const suffix = o.suffix ?? '';
  if (!o.parsed.success) return o.render({ form: o.form, errors: onPage(zodErrors(o.parsed.error, t, o.formName), suffix), values });
  try {
    await o.run(o.parsed.data);
  } catch (err) {
    if (err instanceof DomainError && (err.code === 'not_found' || err.code === 'forbidden')) throw err;
    return o.render({ form: o.form, errors: onPage(domainErrors(err, t, o.formName), suffix), values });
  }
  return redirectWithFlash(o.reply, o.back, t(o.done));
}
