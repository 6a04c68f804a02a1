// Pages for the ledger's settings: a timebank's defaults (coordinator), one account's own
// limits (coordinator), and clearing between linked timebanks (network admin). The handlers
// read the form, then call the same access layer as the API, which authorizes.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Principal } from '../../modules/auth/principal.ts';
import type { LedgerSettingsPatch } from '../../modules/ledger/types.ts';
import { authorize } from '../../modules/policy/policy.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { type Form, formRefusal, sendPage } from '../forms.ts';
import { isMessageKey } from '../i18n/i18n.ts';
import type { FormError } from '../view.ts';
import { hoursText, readHours } from './hours-input.ts';
import { AccountLimitsPage, ClearingPage, LedgerSettingsPage, type LimitsView, settingsValues } from './pages.tsx';

type Ctx = Awaited<ReturnType<typeof viewContext>>;

/** The most hours a limit may be typed as (the API's bounds are wider; nobody needs more). */
const LIMIT_HOURS_MAX = 100_000;
const STARTER_HOURS_MAX = 100;
const REASON_CHARS_MAX = 1000;

/** A refusal of the ledger as the page says it, else the service's own message. */
function refusal(ctx: Ctx, error: unknown, field = 'main-content'): FormError[] {
  const err = formRefusal(error);
  const key = `ledgerSettings.error.${err.code}`;
  return [{ field, message: isMessageKey(key) ? ctx.t(key) : err.message }];
}

/** Hours typed in `field` ("" allowed when `optional`), or an error naming the field. */
function hoursField(ctx: Ctx, body: Form, field: string, maxHours: number, optional: boolean, errors: FormError[]) {
  const text = (body[field] ?? '').trim();
  if (text === '' && optional) return null;
  const minutes = readHours(text, maxHours);
  if (minutes === null) errors.push({ field, message: ctx.t('ledgerSettings.error.hours', { max: maxHours }) });
  return minutes;
}

function reasonField(ctx: Ctx, body: Form, field: string, errors: FormError[]): string {
  const reason = (body[field] ?? '').trim();
  if (!reason) errors.push({ field, message: ctx.t('accountLimits.error.reason') });
  else if (reason.length > REASON_CHARS_MAX) errors.push({ field, message: ctx.t('accountLimits.error.reasonLong', { max: REASON_CHARS_MAX }) });
  return reason;
}

function readSettings(ctx: Ctx, body: Form): { patch: LedgerSettingsPatch; errors: FormError[] } {
  const errors: FormError[] = [];
  const floor = hoursField(ctx, body, 'floor', LIMIT_HOURS_MAX, false, errors);
  const ceiling = hoursField(ctx, body, 'ceiling', LIMIT_HOURS_MAX, true, errors);
  const starter = hoursField(ctx, body, 'starter', STARTER_HOURS_MAX, false, errors);
  const daysText = (body.timeoutDays ?? '').trim();
  const days = daysText === '' ? null : /^\d{1,3}$/.test(daysText) && Number(daysText) >= 1 && Number(daysText) <= 365 ? Number(daysText) : undefined;
  if (days === undefined) errors.push({ field: 'timeoutDays', message: ctx.t('ledgerSettings.error.days') });
  if (!['yes', 'no'].includes(body.confirmation ?? '')) errors.push({ field: 'confirmation', message: ctx.t('ledgerSettings.error.choose') });
  if (!['post', 'void'].includes(body.timeoutAction ?? '')) errors.push({ field: 'timeoutAction', message: ctx.t('ledgerSettings.error.choose') });
  if (errors.length) return { patch: {}, errors };
  return {
    patch: {
      balanceMinutesMin: -floor!,
      balanceMinutesMax: ceiling,
      confirmationRequired: body.confirmation === 'yes',
      pendingTimeoutDays: days!,
      pendingTimeoutAction: body.timeoutAction as 'post' | 'void',
      starterMinutes: starter!,
    },
    errors,
  };
}

const timebankOf = (p: Principal, timebankId: string) => ({ type: 'timebank' as const, networkId: p.networkId, timebankId });

export const ledgerAdminRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { ledgerAccess: access, tenancy } = services;

  async function timebankName(p: Principal, timebankId: string) {
    return (await tenancy.listTimebanks(p)).find((tb) => tb.id === timebankId)?.name ?? '';
  }

  // ---- a timebank's defaults ----

  async function settingsPage(req: FastifyRequest, reply: FastifyReply, timebankId: string, form: Form | null, errors: FormError[], status = 200) {
    const p = principalOf(req);
    const settings = await access.settings(p, timebankId);
    authorize(p, 'ledger.configure', timebankOf(p, timebankId));
    const ctx = await viewContext(req, reply, services);
    const values = form ?? settingsValues(settings);
    return sendPage(reply, <LedgerSettingsPage ctx={ctx} timebankId={timebankId} timebankName={await timebankName(p, timebankId)} values={values} errors={errors} />, status);
  }

  app.get('/timebanks/:timebankId/ledger-settings', async (req, reply) => {
    const { timebankId } = req.params as { timebankId: string };
    if (!isUuid(timebankId)) throw new DomainError('not_found', 'timebank not found');
    return settingsPage(req, reply, timebankId, null, []);
  });

  app.post('/timebanks/:timebankId/ledger-settings', async (req, reply) => {
    const { timebankId } = req.params as { timebankId: string };
    if (!isUuid(timebankId)) throw new DomainError('not_found', 'timebank not found');
    const body = (req.body ?? {}) as Form;
    const ctx = await viewContext(req, reply, services);
    const { patch, errors } = readSettings(ctx, body);
    if (errors.length) return settingsPage(req, reply, timebankId, body, errors, 400);
    try {
      await access.updateSettings(principalOf(req), actorFor(req), timebankId, patch);
    } catch (err) {
      return settingsPage(req, reply, timebankId, body, refusal(ctx, err), 422);
    }
    return redirectWithFlash(reply, `/timebanks/${timebankId}/ledger-settings`, ctx.t('ledgerSettings.saved'));
  });

  // ---- one account's own limits ----

  async function limitsView(p: Principal, accountId: string): Promise<LimitsView> {
    const { account, balance } = await access.account(p, accountId);
    authorize(p, 'ledger.configure', timebankOf(p, account.timebankId));
    const names = await access.counterpartyNames(p, accountId, [accountId]);
    return {
      accountId,
      holderName: names.get(accountId) ?? '',
      balanceMinutes: balance.balanceMinutes,
      limits: balance.limits,
      reason: account.limitReason,
      timebankId: account.timebankId,
    };
  }

  async function limitsPage(req: FastifyRequest, reply: FastifyReply, accountId: string, form: Form | null, errors: FormError[], status = 200) {
    const view = await limitsView(principalOf(req), accountId);
    const ctx = await viewContext(req, reply, services);
    const values = form ?? {
      floor: view.limits.balanceMinutesMin === null ? '' : hoursText(-view.limits.balanceMinutesMin),
      ceiling: view.limits.balanceMinutesMax === null ? '' : hoursText(view.limits.balanceMinutesMax),
    };
    return sendPage(reply, <AccountLimitsPage ctx={ctx} view={view} values={values} errors={errors} />, status);
  }

  const accountIdOf = (req: FastifyRequest) => {
    const { id } = req.params as { id: string };
    if (!isUuid(id)) throw new DomainError('not_found', 'account not found');
    return id;
  };

  app.get('/accounts/:id/limits', async (req, reply) => limitsPage(req, reply, accountIdOf(req), null, []));

  app.post('/accounts/:id/limits', async (req, reply) => {
    const id = accountIdOf(req);
    const body = (req.body ?? {}) as Form;
    const ctx = await viewContext(req, reply, services);
    const errors: FormError[] = [];
    const floor = hoursField(ctx, body, 'floor', LIMIT_HOURS_MAX, true, errors);
    const ceiling = hoursField(ctx, body, 'ceiling', LIMIT_HOURS_MAX, true, errors);
    const reason = reasonField(ctx, body, 'reason', errors);
    if (errors.length) return limitsPage(req, reply, id, body, errors, 400);
    try {
      await access.setAccountLimits(principalOf(req), actorFor(req), id, {
        balanceMinutesMin: floor === null ? null : -floor,
        balanceMinutesMax: ceiling,
        reason,
      });
    } catch (err) {
      return limitsPage(req, reply, id, body, refusal(ctx, err), 422);
    }
    return redirectWithFlash(reply, `/accounts/${id}/limits`, ctx.t('accountLimits.saved'));
  });

  app.post('/accounts/:id/limits/reset', async (req, reply) => {
    const id = accountIdOf(req);
    const body = (req.body ?? {}) as Form;
    const ctx = await viewContext(req, reply, services);
    const errors: FormError[] = [];
    const reason = reasonField(ctx, body, 'resetReason', errors);
    if (errors.length) return limitsPage(req, reply, id, body, errors, 400);
    try {
      await access.resetAccountLimits(principalOf(req), actorFor(req), id, reason);
    } catch (err) {
      return limitsPage(req, reply, id, body, refusal(ctx, err, 'resetReason'), 422);
    }
    return redirectWithFlash(reply, `/accounts/${id}/limits`, ctx.t('accountLimits.resetDone'));
  });

  // ---- clearing between linked timebanks ----

  async function clearingPage(req: FastifyRequest, reply: FastifyReply, form: Form, errors: FormError[], status = 200) {
    const p = principalOf(req);
    const flows = await access.flows(p);
    const ctx = await viewContext(req, reply, services);
    const timebanks = (await tenancy.listTimebanks(p)).map((tb) => ({ id: tb.id, name: tb.name }));
    return sendPage(reply, <ClearingPage ctx={ctx} flows={flows} timebanks={timebanks} values={form} errors={errors} />, status);
  }

  app.get('/network/flows', async (req, reply) => clearingPage(req, reply, {}, []));

  app.post('/network/links/clearing-limit', async (req, reply) => {
    const body = (req.body ?? {}) as Form;
    const ctx = await viewContext(req, reply, services);
    const errors: FormError[] = [];
    const [a, b] = (body.link ?? '').split(':');
    if (!a || !b || !isUuid(a) || !isUuid(b)) errors.push({ field: 'link', message: ctx.t('clearing.error.link') });
    const limit = hoursField(ctx, body, 'limit', LIMIT_HOURS_MAX, false, errors);
    const reason = reasonField(ctx, body, 'reason', errors);
    if (errors.length) return clearingPage(req, reply, body, errors, 400);
    try {
      await access.setClearingLimit(principalOf(req), actorFor(req), { timebankIds: [a!, b!], clearingLimitMinutes: limit!, reason });
    } catch (err) {
      return clearingPage(req, reply, body, refusal(ctx, err, 'limit'), 422);
    }
    return redirectWithFlash(reply, '/network/flows', ctx.t('clearing.saved'));
  });

  app.post('/network/links', async (req, reply) => {
    const body = (req.body ?? {}) as Form;
    const ctx = await viewContext(req, reply, services);
    const errors: FormError[] = [];
    const first = body.first ?? '';
    const second = body.second ?? '';
    if (!isUuid(first)) errors.push({ field: 'first', message: ctx.t('clearing.error.timebank') });
    if (!isUuid(second)) errors.push({ field: 'second', message: ctx.t('clearing.error.timebank') });
    else if (second === first) errors.push({ field: 'second', message: ctx.t('clearing.error.same') });
    const limit = hoursField(ctx, body, 'newLimit', LIMIT_HOURS_MAX, false, errors);
    if (errors.length) return clearingPage(req, reply, body, errors, 400);
    try {
      await access.linkTimebanks(principalOf(req), actorFor(req), { timebankIds: [first, second], clearingLimitMinutes: limit! });
    } catch (err) {
      return clearingPage(req, reply, body, refusal(ctx, err, 'second'), 422);
    }
    return redirectWithFlash(reply, '/network/flows', ctx.t('clearing.linked'));
  });
};
