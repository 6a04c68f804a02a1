// Reading the joining forms: flat field names ("guardian-email") to the API's nested bodies,
// and schema or domain errors back to the ids of the fields, in the page's language.
import { z } from 'zod';
import { DomainError } from '../../lib/errors.ts';
import type { Form } from '../forms.ts';
import { isMessageKey, type T } from '../i18n/i18n.ts';
import { type FormError, PAGE_ERROR } from '../view.ts';

const GUARDIAN_FIELDS = ['displayName', 'email', 'phone', 'relationship', 'consentSignedOn'] as const;
const QUESTION_FIELDS = ['honesty', 'teamwork', 'punctuality', 'gettingOn'] as const;

const given = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

/** Fields of an application form as the API takes them; empty inputs are absent. */
export function applicationBody(f: Form, extra: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['displayName', 'email', 'phone', 'birthDate', 'areaId', 'offer', 'wants', ...extra]) {
    const v = given(f[k]);
    if (v !== undefined) out[k] = v;
  }
  out.dataConsent = f.dataConsent === 'yes';
  const guardian: Record<string, unknown> = {};
  for (const k of GUARDIAN_FIELDS) {
    const v = given(f[`guardian-${k}`]);
    if (v !== undefined) guardian[k] = v;
  }
  if (f['guardian-consent'] === 'yes') guardian.consent = true;
  if (Object.keys(guardian).length) out.guardian = guardian;
  return out;
}

/** The answers of a reference form ("honesty-rating", "honesty-comment", ..., "freeText"). */
export function answersBody(f: Form): Record<string, unknown> {
  const out: Record<string, unknown> = { freeText: given(f.freeText) ?? null };
  for (const q of QUESTION_FIELDS) out[q] = { rating: f[`${q}-rating`] ?? '', comment: given(f[`${q}-comment`]) ?? null };
  return out;
}

function message(t: T, prefix: string, code: string, name: string, fallback: string): string {
  for (const key of [`${prefix}.error.${code}.${name}`, `${prefix}.error.${name}`]) if (isMessageKey(key)) return t(key);
  return fallback;
}

function byField(issues: { name: string; message: string }[], t: T, prefix: string, code: string, idPrefix: string): FormError[] {
  const out: FormError[] = [];
  for (const { name, message: m } of issues) {
    const field = idPrefix + name.replace(/[./]/g, '-');
    if (!name) out.push({ field: PAGE_ERROR, message: m });
    else if (!out.some((e) => e.field === field)) out.push({ field, message: message(t, prefix, code, name.replace(/\//g, '.'), m) });
  }
  return out;
}

/**
 * Errors of a form: a zod error or a DomainError with fields, else one message for the page.
 * idPrefix tells apart the fields of several forms on one page ("decline-reason").
 */
export function formErrors(err: unknown, t: T, prefix: string, idPrefix = ''): FormError[] {
  if (err instanceof z.ZodError) {
    return byField(err.issues.map((i) => ({ name: i.path.join('.'), message: i.message })), t, prefix, 'validation_failed', idPrefix);
  }
  if (!(err instanceof DomainError)) throw err;
  // A refusal of the policy, or an id that is not there, is no error of the form: the page
  // answers 403 or 404 as the API does, and shows nothing of the form (issue 4).
  if ((err.code === 'forbidden' || err.code === 'not_found') && !err.details.fields?.length) throw err;
  if (!err.details.fields?.length) {
    const key = `${prefix}.error.${err.code}`;
    return [{ field: PAGE_ERROR, message: isMessageKey(key) ? t(key) : err.message }];
  }
  return byField(err.details.fields.map((f) => ({ name: f.path.replace(/^\/body\//, ''), message: f.message })), t, prefix, err.code, idPrefix);
}

/** Parses a body with a schema, throwing its zod error for formErrors. */
export function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body);
  if (!r.success) throw r.error;
  return r.data;
}

/** The fields of one form of a page with several: "g-email" → "email" for the prefix "g-". */
export function unprefix(f: Form, prefix: string): Form {
  const out: Form = {};
  for (const [k, v] of Object.entries(f)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

/** Present, trimmed values only (what the API's optional fields expect). */
export function present(f: Form): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v.trim() !== '') out[k] = v.trim();
  return out;
}
