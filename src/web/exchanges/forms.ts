// Form posts of the exchange pages, read into the API's own request bodies (so a form and its
// route cannot drift), and the errors of a refused step put by the fields of the form that
// sent it. Money is typed as money ("4.50") and kept in minor units; durations as hours and
// minutes; nothing here guesses at a fraction of an hour.
import type { z } from 'zod';
import { type T, isMessageKey } from '../i18n/i18n.ts';
import { AgreeBody, CancelBody, ChangeBody, DisputeBody, HoursBody, NoShowBody, ProposeBody, ResolveBody, ThankBody } from '../../modules/exchanges/routes.ts';
import { TagBody } from '../../modules/outcomes/routes.ts';
import type { StarMode } from '../../modules/outcomes/tables.ts';
import { formRefusal } from '../forms.ts';
import { type FormError, PAGE_ERROR } from '../view.ts';

export type Posted = Record<string, string | string[] | undefined>;
export type ExchangeForm = 'propose' | 'agree' | 'change' | 'cancel' | 'done' | 'noShow' | 'hours' | 'confirm' | 'dispute' | 'resolve' | 'thank' | 'star';

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const text = (v: string | string[] | undefined): string | undefined => {
  const s = Array.isArray(v) ? v[0] : v;
  return s?.trim() ? s.trim() : undefined;
};

export type Read<B> = { ok: true; body: B } | { ok: false; errors: FormError[] };

/** Field ids of each form by the API's field path (after /body/); a suffix tells occurrences apart. */
const FIELDS: Record<ExchangeForm, Record<string, string>> = {
  star: { modes: PAGE_ERROR },
  propose: { receiverMemberId: 'receiver', 'giverMemberIds/0': 'giver1', 'giverMemberIds/1': 'giver2', giverMemberIds: 'giver1', note: 'note', listingId: PAGE_ERROR },
  agree: {
    date: 'date',
    time: 'time',
    durationMinutes: 'hours',
    place: 'place',
    'giverMemberIds/0': 'giver1',
    'giverMemberIds/1': 'giver2',
    giverMemberIds: 'giver1',
    'expenses/amountMinor': 'expensesAmount',
    'expenses/currency': 'expensesCurrency',
    'expenses/what': 'expensesFor',
    'expenses/payer': 'expensesPayer',
    expenses: 'expensesAmount',
    'repeat/weekdays': 'repeatWeekdays',
    'repeat/until': 'repeatUntil',
    'repeat/count': 'repeatCount',
    repeat: 'repeatUntil',
  },
  change: {
    place: 'changePlace',
    'giverMemberIds/0': 'changeGiver1',
    'giverMemberIds/1': 'changeGiver2',
    giverMemberIds: 'changeGiver1',
    'expenses/amountMinor': 'changeExpensesAmount',
    'expenses/currency': 'changeExpensesCurrency',
    'expenses/what': 'changeExpensesFor',
    'expenses/payer': 'changeExpensesPayer',
    expenses: 'changeExpensesAmount',
    'occurrence/occurrenceId': 'moveOccurrence',
    'occurrence/date': 'moveDate',
    'occurrence/time': 'moveTime',
    occurrence: 'moveDate',
    reason: 'changeReason',
  },
  cancel: { reason: 'cancelReason', occurrenceId: 'cancelOccurrence' },
  done: {},
  noShow: { memberId: 'noShowMember', reason: 'noShowReason' },
  hours: { minutes: 'hours', id: PAGE_ERROR },
  confirm: {},
  dispute: { reason: 'disputeReason' },
  resolve: { outcome: 'outcome', minutes: 'resolveHours', reason: 'resolveReason' },
  thank: { toMemberId: 'toMemberId', text: 'thanksText', showOnProfile: 'showOnProfile' },
};

/** The id of a field of a form on the page ("" for an occurrence-less form). */
export function fieldId(form: ExchangeForm, apiField: string, suffix = ''): string {
  const id = FIELDS[form][apiField] ?? FIELDS[form][apiField.replace(/\/.*$/, '')];
  if (!id || id === PAGE_ERROR) return PAGE_ERROR;
  return `${id}${suffix}`;
}

function message(t: T, form: ExchangeForm, field: string, fallback: string): string {
  const key = `exchange.error.${FIELDS[form][field] ?? field.replace(/\/.*$/, '')}`;
  return isMessageKey(key) ? t(key) : fallback;
}

/** Schema errors by their fields, in the page's language. */
export function schemaErrors(error: z.ZodError, t: T, form: ExchangeForm, suffix = ''): FormError[] {
  const out: FormError[] = [];
  for (const i of error.issues) {
    const field = i.path.join('/');
    const id = fieldId(form, field, suffix);
    if (!out.some((e) => e.field === id)) out.push({ field: id, message: id === PAGE_ERROR ? i.message : message(t, form, field, i.message) });
  }
  return out;
}

/** A refusal by the service, by its fields (its own message: it names the giver and why). */
export function refusalErrors(err: unknown, form: ExchangeForm, suffix = ''): FormError[] {
  const e = formRefusal(err);
  const fields = e.details.fields ?? [];
  if (!fields.length) return [{ field: PAGE_ERROR, message: e.message }];
  // A field of the form gets the field's message; anything else (the exchange's or the
  // occurrence's state) the whole message, once.
  const out: FormError[] = [];
  for (const f of fields) {
    const field = f.path.startsWith('/body/') ? fieldId(form, f.path.slice(6), suffix) : PAGE_ERROR;
    const message = field === PAGE_ERROR ? e.message : f.message;
    if (!out.some((x) => x.field === field && x.message === message)) out.push({ field, message });
  }
  return out;
}

function parse<B>(schema: z.ZodType<B>, value: unknown, t: T, form: ExchangeForm, suffix = '', extra: FormError[] = []): Read<B> {
  const r = schema.safeParse(value);
  const errors = [...extra, ...(r.success ? [] : schemaErrors(r.error, t, form, suffix))];
  return errors.length || !r.success ? { ok: false, errors } : { ok: true, body: r.data };
}

/** "2" and "30" as 150 minutes; nothing given is undefined; anything but whole numbers is an error. */
function minutesOf(b: Posted, hoursField: string, minutesField: string): number | 'bad' | undefined {
  const h = text(b[hoursField]);
  const m = text(b[minutesField]);
  if (h === undefined && m === undefined) return undefined;
  if ((h !== undefined && !/^\d{1,2}$/.test(h)) || (m !== undefined && !/^\d{1,2}$/.test(m))) return 'bad';
  return Number(h ?? 0) * 60 + Number(m ?? 0);
}

/** Money typed as "4.50" (or "4") into minor units of the currency; hours ("1:30", "2h") are not money. */
export function moneyToMinor(amount: string, currency: string): number | null {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // an unknown currency: the service names it
  }
  const m = new RegExp(`^(\\d{1,9})(?:[.,](\\d{1,${Math.max(digits, 1)}}))?$`).exec(amount.replace(/^[£$€]|\s*(zł|pln|gbp|eur)$/gi, '').trim());
  if (!m || (digits === 0 && m[2])) return null;
  return Number(m[1]) * 10 ** digits + Number((m[2] ?? '').padEnd(digits, '0') || 0);
}

function readExpenses(b: Posted, prefix: string, t: T, form: ExchangeForm): { value: unknown; errors: FormError[] } {
  const amount = text(b[`${prefix}Amount`]);
  const currency = (text(b[`${prefix}Currency`]) ?? 'GBP').toUpperCase();
  const what = text(b[`${prefix}For`]);
  if (amount === undefined && what === undefined) return { value: null, errors: [] };
  const minor = amount === undefined ? undefined : moneyToMinor(amount, currency);
  if (minor === null) return { value: undefined, errors: [{ field: fieldId(form, 'expenses/amountMinor'), message: t('exchange.error.expensesMoney') }] };
  return { value: { amountMinor: minor, currency, what, payer: text(b[`${prefix}Payer`]) }, errors: [] };
}

const givers = (b: Posted, a: string, c: string) => {
  const ids = [text(b[a]), text(b[c])].filter((x): x is string => x !== undefined);
  return ids.length ? ids : undefined;
};

export function readPropose(b: Posted, t: T, defaults: { receiverMemberId?: string | undefined; giverMemberIds?: string[] | undefined }) {
  return parse(ProposeBody, {
    listingId: text(b.listingId),
    receiverMemberId: text(b.receiver) ?? defaults.receiverMemberId,
    giverMemberIds: givers(b, 'giver1', 'giver2') ?? defaults.giverMemberIds,
    note: text(b.note) ?? null,
  }, t, 'propose');
}

export function readAgree(b: Posted, t: T) {
  const duration = minutesOf(b, 'hours', 'minutes');
  const expenses = readExpenses(b, 'expenses', t, 'agree');
  const weekdays = list(b.repeatWeekdays).map(Number);
  const until = text(b.repeatUntil);
  const count = text(b.repeatCount);
  const repeat = weekdays.length || until || count ? { weekdays, ...(until ? { until } : {}), ...(count ? { count: /^\d+$/.test(count) ? Number(count) : count } : {}) } : null;
  return parse(
    AgreeBody,
    {
      date: text(b.date),
      time: text(b.time),
      durationMinutes: duration === 'bad' ? -1 : duration,
      place: text(b.place),
      giverMemberIds: givers(b, 'giver1', 'giver2'),
      expenses: expenses.value,
      repeat,
    },
    t,
    'agree',
    '',
    expenses.errors,
  );
}

export function readChange(b: Posted, t: T) {
  const expenses = readExpenses(b, 'changeExpenses', t, 'change');
  const move = text(b.moveOccurrence);
  return parse(
    ChangeBody,
    {
      place: text(b.changePlace),
      giverMemberIds: givers(b, 'changeGiver1', 'changeGiver2'),
      ...(b.changeExpensesAmount !== undefined || b.changeExpensesFor !== undefined ? { expenses: expenses.value } : {}),
      ...(move ? { occurrence: { occurrenceId: move, date: text(b.moveDate), time: text(b.moveTime) } } : {}),
      reason: text(b.changeReason) ?? null,
    },
    t,
    'change',
    '',
    expenses.errors,
  );
}

export const readCancel = (b: Posted, t: T) => parse(CancelBody, { reason: text(b.reason), ...(text(b.occurrenceId) ? { occurrenceId: text(b.occurrenceId) } : {}) }, t, 'cancel');
export const readNoShow = (b: Posted, t: T, suffix: string) => parse(NoShowBody, { memberId: text(b.memberId), reason: text(b.reason) }, t, 'noShow', suffix);
export const readDispute = (b: Posted, t: T, suffix: string) => parse(DisputeBody, { reason: text(b.reason) }, t, 'dispute', suffix);

export function readHours(b: Posted, t: T, suffix: string) {
  const m = minutesOf(b, 'hours', 'minutes');
  return parse(HoursBody, { id: text(b.id), minutes: m === 'bad' ? -1 : m }, t, 'hours', suffix);
}

export function readResolve(b: Posted, t: T, suffix: string) {
  const m = minutesOf(b, 'hours', 'minutes');
  return parse(ResolveBody, { outcome: text(b.outcome), ...(m === undefined ? {} : { minutes: m === 'bad' ? -1 : m }), reason: text(b.reason) }, t, 'resolve', suffix);
}

export const readThank = (b: Posted, t: T) =>
  parse(ThankBody, { toMemberId: text(b.toMemberId), text: text(b.text), showOnProfile: list(b.showOnProfile).includes('yes') }, t, 'thank');

/** The Co-Production Star modes ticked (docs/outcomes.md). */
export function readStar(b: Posted, t: T): Read<{ modes: StarMode[] }> {
  const r = TagBody.safeParse({ modes: list(b.modes) });
  return r.success ? { ok: true, body: r.data } : { ok: false, errors: [{ field: PAGE_ERROR, message: t('exchange.error.star') }] };
}
