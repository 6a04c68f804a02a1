// The social value pages (docs/social-value.md): the SROI calculator posts back and shows the
// result on the same page (it writes nothing); adding a proxy posts and redirects.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { can } from '../../modules/policy/policy.ts';
import { Q } from '../../modules/socialvalue/rational.ts';
import { ProxyBody, proxyOut, SroiBody } from '../../modules/socialvalue/routes.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { formRefusal, sendPage } from '../forms.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { T } from '../i18n/i18n.ts';
import { type FormError, PAGE_ERROR } from '../view.ts';
import { DEFAULTS, SocialValuePage, type Values } from './pages.tsx';

const POUNDS = /^\d{1,11}(\.\d{1,2})?$/;
/** "1250.5" → 125050 pence; anything else is left as it is, for the schema to refuse. */
const pence = (v: string | undefined): unknown => {
  const s = (v ?? '').trim().replace(/^£/, '').replace(/,/g, '');
  return POUNDS.test(s) ? Q.dec(s).mul(Q.of(100n)).round() : s === '' ? undefined : -1;
};
const SHARES = ['deadweight', 'displacement', 'attribution', 'dropOff'] as const;

/** The calculator form as the API's body, and which form prefix each outcome came from. */
function sroiBody(f: Values): { body: Record<string, unknown>; prefixes: string[] } {
  const v = (k: string) => f[k]?.trim() ?? '';
  const outcome = (prefix: string, extra: Record<string, unknown>) => {
    const o: Record<string, unknown> = { ...extra, durationYears: /^\d+$/.test(v(`${prefix}durationYears`)) ? Number(v(`${prefix}durationYears`)) : v(`${prefix}durationYears`) };
    for (const s of SHARES) o[s] = v(`${prefix}${s}`);
    return o;
  };
  const outcomes: Record<string, unknown>[] = [];
  const prefixes: string[] = [];
  if (v('includeWellby') === 'yes') {
    outcomes.push(outcome('w_', { engine: 'wellby' }));
    prefixes.push('w_');
  }
  if (v('p_proxyId')) {
    outcomes.push(outcome('p_', { engine: 'proxy', proxyId: v('p_proxyId'), quantity: v('p_quantity') }));
    prefixes.push('p_');
  }
  const hours = (k: string) => v(k) || '0';
  const memberHours = v('memberHours') || undefined;
  const body = {
    reportYear: /^\d{4}$/.test(v('reportYear')) ? Number(v('reportYear')) : undefined,
    wave: v('wave') || undefined,
    outcomes,
    inputs: { fundingPence: pence(f.fundingPounds) ?? 0, staffHours: hours('staffHours'), staffHourPence: pence(f.staffHourPounds) ?? 0, memberHours, memberHourPence: pence(f.memberHourPounds) ?? 0 },
  };
  return { body, prefixes };
}

const INPUT_FIELDS: Record<string, string> = { fundingPence: 'fundingPounds', staffHourPence: 'staffHourPounds', memberHourPence: 'memberHourPounds', staffHours: 'staffHours', memberHours: 'memberHours' };

/** A schema or domain path of the calculator as the form field it came from, and its message. */
function calculatorError(t: T, path: string[], prefixes: string[], code?: string): FormError {
  const [head, index, name] = path.filter((x) => x !== '' && x !== 'body');
  if (head === 'outcomes' && index === undefined) return { field: 'includeWellby', message: t('socialValue.error.outcomes') };
  if (head === 'outcomes') {
    const prefix = prefixes[Number(index)] ?? 'w_';
    if (code === 'too_few_people') return { field: 'includeWellby', message: t('socialValue.error.tooFewPeople') };
    const key: MessageKey = SHARES.includes(name as never) ? 'socialValue.error.share' : name === 'durationYears' ? 'socialValue.error.durationYears' : name === 'quantity' ? 'socialValue.error.quantity' : 'socialValue.error.proxyId';
    return { field: `${prefix}${name === 'engine' ? 'proxyId' : name}`, message: t(key) };
  }
  if (head === 'inputs' && index) return { field: INPUT_FIELDS[index] ?? PAGE_ERROR, message: t(index.endsWith('Pence') ? 'socialValue.error.pounds' : 'socialValue.error.number') };
  if (head === 'reportYear') return { field: 'reportYear', message: t('socialValue.error.reportYear') };
  return { field: PAGE_ERROR, message: path.join('/') };
}

const firstPerField = (errors: FormError[]) => errors.filter((e, i) => e.field === PAGE_ERROR || errors.findIndex((x) => x.field === e.field) === i);

function proxyErrors(t: T, paths: string[][]): FormError[] {
  return firstPerField(
    paths.map((p) => {
      const name = p.filter((x) => x !== '' && x !== 'body')[0] ?? '';
      const field = name === 'valuePence' ? 'valuePounds' : name;
      const key = `socialValue.error.${name}` as MessageKey;
      return { field: field || PAGE_ERROR, message: name ? t(key) : '' };
    }),
  );
}

export const socialValuePages: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { socialValue, tenancy } = services;

  function timebankOf(req: FastifyRequest): string {
    const { timebankId } = req.params as { timebankId: string };
    if (!isUuid(timebankId)) throw new DomainError('not_found', 'timebank not found');
    return timebankId;
  }

  async function page(req: FastifyRequest, reply: FastifyReply, o: { values?: Values; proxyValues?: Values; errors?: FormError[]; result?: Awaited<ReturnType<typeof socialValue.sroi>> | null }) {
    const p = principalOf(req);
    const timebankId = timebankOf(req);
    const ctx = await viewContext(req, reply, services);
    const [proxies, timebank] = await Promise.all([socialValue.proxies(p, timebankId), tenancy.getTimebank(p, timebankId)]);
    const canManage = can(p, 'socialvalue.manage', { type: 'timebank', networkId: p.networkId, timebankId });
    const errors = o.errors ?? [];
    return sendPage(
      reply,
      <SocialValuePage
        ctx={ctx}
        timebankId={timebankId}
        timebankName={timebank.name}
        proxies={proxies.map(proxyOut)}
        canManage={canManage}
        values={o.values ?? DEFAULTS}
        proxyValues={o.proxyValues ?? {}}
        errors={errors}
        result={o.result ?? null}
      />,
      errors.length ? 400 : 200,
    );
  }

  app.get('/timebanks/:timebankId/social-value', (req, reply) => page(req, reply, {}));

  app.post('/timebanks/:timebankId/social-value', async (req, reply) => {
    const timebankId = timebankOf(req);
    const ctx = await viewContext(req, reply, services);
    const form = (req.body ?? {}) as Values;
    const { body, prefixes } = sroiBody(form);
    const parsed = SroiBody.safeParse(body);
    if (!parsed.success) {
      const errors = firstPerField(parsed.error.issues.map((i) => calculatorError(ctx.t, i.path.map(String), prefixes)));
      return page(req, reply, { values: form, errors });
    }
    try {
      const result = await socialValue.sroi(principalOf(req), timebankId, parsed.data);
      return page(req, reply, { values: form, result });
    } catch (err) {
      const e = formRefusal(err);
      const errors = (e.details.fields ?? []).map((f) => calculatorError(ctx.t, f.path.split('/'), prefixes, e.code));
      return page(req, reply, { values: form, errors: errors.length ? errors : [{ field: PAGE_ERROR, message: e.message }] });
    }
  });

  app.post('/timebanks/:timebankId/social-value/proxies', async (req, reply) => {
    const timebankId = timebankOf(req);
    const ctx = await viewContext(req, reply, services);
    const form = (req.body ?? {}) as Values;
    const v = (k: string) => form[k]?.trim() || undefined;
    const body = { name: v('name') ?? '', unit: v('unit') ?? '', valuePence: pence(form.valuePounds), priceYear: v('priceYear') && /^\d+$/.test(v('priceYear')!) ? Number(v('priceYear')) : v('priceYear'), source: v('source'), sourceUrl: v('sourceUrl'), licence: v('licence') ?? '' };
    const parsed = ProxyBody.safeParse(body);
    if (!parsed.success) return page(req, reply, { proxyValues: form, errors: proxyErrors(ctx.t, parsed.error.issues.map((i) => i.path.map(String))) });
    try {
      await socialValue.addProxy(principalOf(req), actorFor(req), timebankId, parsed.data);
    } catch (err) {
      const e = formRefusal(err);
      const fields = e.details.fields ?? [];
      return page(req, reply, { proxyValues: form, errors: fields.length ? proxyErrors(ctx.t, fields.map((f) => f.path.split('/'))) : [{ field: PAGE_ERROR, message: e.message }] });
    }
    return redirectWithFlash(reply, `/timebanks/${timebankId}/social-value`, ctx.t('socialValue.proxyAdded'));
  });
};
