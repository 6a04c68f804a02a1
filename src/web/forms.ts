// Helpers every page plugin shares: sending a page, reading a form, and turning schema and
// domain errors into the messages a form shows.
import type { FastifyReply } from 'fastify';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { z } from 'zod';
import { DomainError } from '../lib/errors.ts';
import type { MessageKey } from './i18n/en.ts';
import { isMessageKey, type T } from './i18n/i18n.ts';
import { type FormError, PAGE_ERROR } from './view.ts';

export function sendPage(reply: FastifyReply, element: ReactElement, status = 200): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html>${renderToStaticMarkup(element)}`);
}

export type Form = Record<string, string | undefined>;

/** Empty inputs are absent values; numeric inputs become numbers when they look like one. */
export function formValues(body: unknown, numeric: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Form)) {
    if (typeof v !== 'string' || v.trim() === '') continue;
    out[k] = numeric.includes(k) && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v;
  }
  return out;
}

export type FormName =
  | 'register'
  | 'record'
  | 'hours'
  | 'safeguarding'
  | 'preferences'
  // my record, broker notes, erasure (feat/record)
  | 'remark'
  | 'note'
  | 'erase'
  | 'organisation';

/** Error messages of a form's fields, keyed `<form>.error.<field>`, with a few by domain code. */
const MESSAGE_BY_CODE: Record<string, Partial<Record<string, MessageKey>>> = {
  conflict: { email: 'register.error.emailTaken' },
  status_transition: { status: 'record.error.transition' },
};

function fieldMessage(t: T, form: FormName, name: string, code: string, fallback: string): string {
  const key = MESSAGE_BY_CODE[code]?.[name] ?? `${form}.error.${name}`;
  return isMessageKey(key) ? t(key) : fallback;
}

/**
 * Field errors as a form shows them: the first for each field, in the page's language and in
 * the GOV.UK style ("Enter the full name"), with the field's id (name + suffix) to link to.
 */
function fieldErrors(issues: { name: string; message: string }[], t: T, form: FormName, code: string, suffix: string): FormError[] {
  const out: FormError[] = [];
  for (const { name, message } of issues) {
    if (!name) out.push({ field: PAGE_ERROR, message });
    else if (!out.some((e) => e.field === `${name}${suffix}`)) {
      out.push({ field: `${name}${suffix}`, message: fieldMessage(t, form, name, code, message) });
    }
  }
  return out;
}

export function zodErrors(error: z.ZodError, t: T, form: FormName, suffix = ''): FormError[] {
  const issues = error.issues.map((i) => ({ name: String(i.path[0] ?? ''), message: i.message }));
  return fieldErrors(issues, t, form, 'validation_failed', suffix);
}

/** Domain errors shown on a form: field errors by their field, the rest in the summary. */
/** Refusals a form cannot show as its own errors: the page answers them as a whole (403, 404,
 * sign in). Throws them (and anything that is not a DomainError); returns the others. */
export function formRefusal(err: unknown): DomainError {
  if (!(err instanceof DomainError) || ACCESS_REFUSALS.has(err.code)) throw err;
  return err;
}
const ACCESS_REFUSALS = new Set(['forbidden', 'not_found', 'unauthenticated']);

export function domainErrors(error: unknown, t: T, form: FormName, suffix = ''): FormError[] {
  const err = formRefusal(error);
  if (!err.details.fields?.length) return [{ field: PAGE_ERROR, message: err.message }];
  const issues = err.details.fields.map((f) => ({ name: f.path.replace(/^\/body\//, ''), message: f.message }));
  return fieldErrors(issues, t, form, err.code, suffix);
}

