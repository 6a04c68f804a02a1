// Pages for hours: what a member sees and does, what a broker records, what a coordinator
// reverses and what a network admin reads. Handlers call the ledger through access.ts.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { v5 as uuidv5 } from 'uuid';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { type Principal, subjectPersonId } from '../../modules/auth/principal.ts';
import type { StatementEntry, TransferKind } from '../../modules/ledger/types.ts';
import { can, staffTimebankIds } from '../../modules/policy/policy.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { type Form, formRefusal, sendPage } from '../forms.ts';
import { isMessageKey } from '../i18n/i18n.ts';
import type { FormError } from '../view.ts';
import { CATEGORIES, KINDS } from './format.ts';
import { type AccountSummary, type Choice, GivePage, HoursPage, RecordHoursPage, SHEET_LINES, SheetPage, TransferPage } from './pages.tsx';

type Ctx = Awaited<ReturnType<typeof viewContext>>;

interface Duration {
  minutes: number;
  errors: FormError[];
}

/** Hours and minutes as typed: whole numbers, 0..24 and 0..59, more than zero in all. */
export function readDuration(ctx: Ctx, body: Form, suffix = ''): Duration {
  const errors: FormError[] = [];
  const h = (body[`hours${suffix}`] ?? '').trim() || '0';
  const m = (body[`minutes${suffix}`] ?? '').trim() || '0';
  if (!/^\d{1,2}$/.test(h) || Number(h) > 24) errors.push({ field: `hours${suffix}`, message: ctx.t('hours.error.hours') });
  if (!/^\d{1,2}$/.test(m) || Number(m) > 59) errors.push({ field: `minutes${suffix}`, message: ctx.t('hours.error.minutes') });
  const minutes = errors.length ? 0 : Number(h) * 60 + Number(m);
  if (!errors.length && minutes <= 0) errors.push({ field: `hours${suffix}`, message: ctx.t('hours.error.duration') });
  return { minutes, errors };
}

function readCategory(ctx: Ctx, body: Form, suffix = ''): { category: string; errors: FormError[] } {
  const category = body[`category${suffix}`] ?? '';
  return (CATEGORIES as readonly string[]).includes(category)
    ? { category, errors: [] }
    : { category, errors: [{ field: `category${suffix}`, message: ctx.t('hours.error.category') }] };
}

/** A refusal of the ledger as the page says it (overdraft, limits...), else its own message. */
function ledgerError(ctx: Ctx, error: unknown): FormError[] {
  const err = formRefusal(error);
  const key = `hours.error.${err.code}`;
  return [{ field: 'main-content', message: isMessageKey(key) ? ctx.t(key) : err.message }];
}

const isStaffIn = (p: Principal, timebankId: string | undefined) => !!timebankId && staffTimebankIds(p).includes(timebankId);

export const hoursRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { ledgerAccess: access, people } = services;

  async function accountsOf(req: FastifyRequest) {
    const p = principalOf(req);
    const items = await access.myAccounts(p, actorFor(req));
    return items.map(
      (a): AccountSummary & { timebankId: string } => ({
        id: a.id,
        timebankId: a.timebankId,
        timebankName: a.timebankName,
        organisationName: a.organisationName,
        balanceMinutes: a.balance.balanceMinutes,
        availableMinutes: a.balance.availableMinutes,
      }),
    );
  }

  async function currentAccount(req: FastifyRequest, ctx: Ctx, wanted?: string) {
    const accounts = await accountsOf(req);
    const current =
      accounts.find((a) => a.id === wanted) ??
      accounts.find((a) => a.timebankId === ctx.currentTimebank?.id && !a.organisationName) ??
      accounts[0] ??
      null;
    return { accounts, current };
  }

  /** Members of the current timebank (for staff), or the people one has exchanged with. */
  async function peopleChoices(req: FastifyRequest, ctx: Ctx, accountId: string | undefined): Promise<Choice[]> {
    const p = principalOf(req);
    const tb = ctx.currentTimebank?.id;
    if (tb && isStaffIn(p, tb)) {
      const { rows } = await people.list(p, tb, { status: 'active', limit: 1000, offset: 0 });
      const subject = subjectPersonId(p);
      return rows.filter((r) => r.person_id !== subject).map((r) => ({ value: `m:${r.member_id}`, label: r.display_name }));
    }
    if (!accountId) return [];
    const page = await access.statement(p, accountId, { limit: 500 });
    const seen = new Map<string, string>();
    for (const e of page.entries) {
      if ((e.counterpartyOwnerKind === 'member' || e.counterpartyOwnerKind === 'organisation') && !seen.has(e.counterpartyAccountId)) {
        seen.set(e.counterpartyAccountId, e.counterpartyName);
      }
    }
    return [...seen].map(([id, name]) => ({ value: `a:${id}`, label: name })).sort((a, b) => a.label.localeCompare(b.label));
  }

  async function resolveChoice(req: FastifyRequest, ctx: Ctx, value: string): Promise<string | null> {
    const [kind, id] = value.split(':');
    if (!id || !isUuid(id)) return null;
    if (kind === 'a') return id;
    if (kind === 'm' && ctx.currentTimebank) {
      return (await access.memberAccount(principalOf(req), actorFor(req), ctx.currentTimebank.id, id)).accountId;
    }
    return null;
  }

  app.get('/hours', async (req, reply) => {
    const q = req.query as Form;
    const p = principalOf(req);
    const ctx = await viewContext(req, reply, services);
    const { accounts, current } = await currentAccount(req, ctx, q.account);
    const title = p.actingFor ? ctx.t('hours.titleFor', { name: p.actingFor.displayName }) : ctx.t('hours.title');
    if (!current) {
      return sendPage(reply, <HoursPage ctx={ctx} title={title} accounts={[]} current={null} given={0} received={0} pending={[]} entries={[]} nextBefore={null} kind="" canOpenTransfers={false} />);
    }
    const kind = q.kind && (KINDS as readonly string[]).includes(q.kind) ? q.kind : '';
    const before = q.before && /^\d+$/.test(q.before) ? Number(q.before) : undefined;
    const [detail, pendingTransfers, page] = await Promise.all([
      access.account(p, current.id),
      access.pending(p, current.id),
      access.statement(p, current.id, { limit: 50, ...(kind ? { kinds: [kind as TransferKind] } : {}), ...(before ? { before } : {}) }),
    ]);
    const otherIds = pendingTransfers.map((t) => (t.debitAccountId === current.id ? t.creditAccountId : t.debitAccountId));
    const names = await access.counterpartyNames(p, current.id, otherIds);
    const pending = pendingTransfers.map((t) => {
      const other = t.debitAccountId === current.id ? t.creditAccountId : t.debitAccountId;
      return { transfer: t, otherName: names.get(other) ?? '', toConfirm: t.debitAccountId === current.id };
    });
    const entries: StatementEntry[] = page.entries;
    return sendPage(
      reply,
      <HoursPage
        ctx={ctx}
        title={title}
        accounts={accounts}
        current={current}
        given={detail.given.givenMinutes}
        received={detail.given.receivedMinutes}
        pending={pending}
        entries={entries}
        nextBefore={page.nextBefore}
        kind={kind}
        canOpenTransfers
        canSetLimits={can(p, 'ledger.configure', { type: 'timebank', networkId: p.networkId, timebankId: current.timebankId })}
      />,
    );
  });

  for (const action of ['confirm', 'decline'] as const) {
    app.post(`/hours/pending/:id/${action}`, async (req, reply) => {
      const { id } = req.params as { id: string };
      const resolveId = String((req.body as Form)?.resolveId ?? '');
      if (!isUuid(id) || !isUuid(resolveId)) throw new DomainError('not_found', 'pending hours not found');
      const ctx = await viewContext(req, reply, services);
      await access.resolvePending(principalOf(req), actorFor(req), action === 'confirm', { id: resolveId, pendingId: id });
      return redirectWithFlash(reply, '/hours', ctx.t(action === 'confirm' ? 'hours.confirmed' : 'hours.declined'));
    });
  }

  async function recordPage(req: FastifyRequest, reply: FastifyReply, errors: FormError[], values: Form, status = 200) {
    const ctx = await viewContext(req, reply, services);
    const { current } = await currentAccount(req, ctx);
    const choices = await peopleChoices(req, ctx, current?.id);
    const forStaff = isStaffIn(principalOf(req), ctx.currentTimebank?.id);
    return sendPage(reply, <RecordHoursPage ctx={ctx} people={choices} errors={errors} values={values} forStaff={forStaff} />, status);
  }

  app.get('/hours/record', async (req, reply) => recordPage(req, reply, [], {}));

  app.post('/hours/record', async (req, reply) => {
    const body = (req.body ?? {}) as Form;
    const ctx = await viewContext(req, reply, services);
    const { current } = await currentAccount(req, ctx);
    const { minutes, errors } = readDuration(ctx, body);
    const cat = readCategory(ctx, body);
    const other = body.counterparty ? await resolveChoice(req, ctx, body.counterparty) : null;
    const all = [...(other ? [] : [{ field: 'counterparty', message: ctx.t('hours.error.counterparty') }]), ...errors, ...cat.errors];
    if (all.length || !current || !other || !isUuid(body.id ?? '')) return recordPage(req, reply, all, body, 400);
    try {
      const r = await access.transfer(principalOf(req), actorFor(req), {
        id: body.id!,
        debitAccountId: other,
        creditAccountId: current.id,
        minutes,
        kind: 'exchange',
        category: cat.category,
        memo: body.memo?.trim() || null,
      });
      const pending = r.transfers.some((t) => t.phase === 'pending');
      const label = (await peopleChoices(req, ctx, current.id)).find((c) => c.value === body.counterparty)?.label ?? '';
      return redirectWithFlash(reply, '/hours', pending ? ctx.t('record.hours.donePending', { name: label }) : ctx.t('record.hours.done'));
    } catch (err) {
      return recordPage(req, reply, ledgerError(ctx, err), body, 422);
    }
  });

  async function givePage(req: FastifyRequest, reply: FastifyReply, errors: FormError[], values: Form, status = 200) {
    const ctx = await viewContext(req, reply, services);
    const { current } = await currentAccount(req, ctx);
    const pots: Choice[] = [];
    for (const tb of ctx.timebanks) {
      const pot = await access.communityPot(principalOf(req), tb.id).catch(() => null);
      if (pot) pots.push({ value: `a:${pot.accountId}`, label: ctx.t('give.pot', { timebank: tb.name }) });
    }
    const choices = [...pots, ...(await peopleChoices(req, ctx, current?.id))];
    return sendPage(reply, <GivePage ctx={ctx} choices={choices} errors={errors} values={values} />, status);
  }

  app.get('/hours/give', async (req, reply) => givePage(req, reply, [], {}));

  app.post('/hours/give', async (req, reply) => {
    const body = (req.body ?? {}) as Form;
    const ctx = await viewContext(req, reply, services);
    const { current } = await currentAccount(req, ctx);
    const { minutes, errors } = readDuration(ctx, body);
    const cat = readCategory(ctx, body);
    const other = body.counterparty ? await resolveChoice(req, ctx, body.counterparty) : null;
    const all = [...(other ? [] : [{ field: 'counterparty', message: ctx.t('hours.error.counterparty') }]), ...errors, ...cat.errors];
    if (all.length || !current || !other || !isUuid(body.id ?? '')) return givePage(req, reply, all, body, 400);
    const toPot = (await Promise.all(ctx.timebanks.map((tb) => access.communityPot(principalOf(req), tb.id).catch(() => null)))).some(
      (pot) => pot?.accountId === other,
    );
    try {
      await access.transfer(principalOf(req), actorFor(req), {
        id: body.id!,
        debitAccountId: current.id,
        creditAccountId: other,
        minutes,
        kind: toPot ? 'donation' : 'gift',
        category: cat.category,
        memo: body.memo?.trim() || null,
      });
      return redirectWithFlash(reply, '/hours', ctx.t('give.done'));
    } catch (err) {
      return givePage(req, reply, ledgerError(ctx, err), body, 422);
    }
  });

  async function sheetPage(req: FastifyRequest, reply: FastifyReply, timebankId: string, errors: FormError[], values: Form, status = 200) {
    const p = principalOf(req);
    const ctx = await viewContext(req, reply, services);
    const { rows } = await people.list(p, timebankId, { status: 'active', limit: 1000, offset: 0 });
    const members = rows.map((r) => ({ value: r.member_id, label: r.display_name }));
    return sendPage(reply, <SheetPage ctx={ctx} timebankId={timebankId} members={members} errors={errors} values={values} />, status);
  }

  app.get('/timebanks/:timebankId/sheet', async (req, reply) => {
    const { timebankId } = req.params as { timebankId: string };
    if (!isUuid(timebankId)) throw new DomainError('not_found', 'timebank not found');
    return sheetPage(req, reply, timebankId, [], {});
  });

  app.post('/timebanks/:timebankId/sheet', async (req, reply) => {
    const { timebankId } = req.params as { timebankId: string };
    const body = (req.body ?? {}) as Form;
    if (!isUuid(timebankId) || !isUuid(body.batchId ?? '')) throw new DomainError('not_found', 'timebank not found');
    const ctx = await viewContext(req, reply, services);
    const errors: FormError[] = [];
    const lines: { n: number; giver: string; receiver: string; minutes: number; category: string }[] = [];
    for (let n = 1; n <= SHEET_LINES; n++) {
      const s = `-${n}`;
      const filled = [`giver${s}`, `receiver${s}`, `hours${s}`, `minutes${s}`, `category${s}`].some((k) => (body[k] ?? '').trim() !== '');
      if (!filled) continue;
      const giver = body[`giver${s}`] ?? '';
      const receiver = body[`receiver${s}`] ?? '';
      if (!isUuid(giver)) errors.push({ field: `giver${s}`, message: ctx.t('hours.error.counterparty') });
      if (!isUuid(receiver)) errors.push({ field: `receiver${s}`, message: ctx.t('hours.error.counterparty') });
      if (giver && giver === receiver) errors.push({ field: `receiver${s}`, message: ctx.t('sheet.same') });
      const d = readDuration(ctx, body, s);
      const c = readCategory(ctx, body, s);
      errors.push(...d.errors, ...c.errors);
      lines.push({ n, giver, receiver, minutes: d.minutes, category: c.category });
    }
    if (lines.length === 0) errors.push({ field: 'giver-1', message: ctx.t('sheet.empty') });
    if (errors.length) return sheetPage(req, reply, timebankId, errors, body, 400);
    try {
      const p = principalOf(req);
      const actor = actorFor(req);
      const inputs = [];
      for (const line of lines) {
        const giver = await access.memberAccount(p, actor, timebankId, line.giver);
        const receiver = await access.memberAccount(p, actor, timebankId, line.receiver);
        inputs.push({
          // Derived from the form's batch id: sending the same sheet twice records it once.
          id: uuidv5(`line-${line.n}`, body.batchId!),
          debitAccountId: receiver.accountId,
          creditAccountId: giver.accountId,
          minutes: line.minutes,
          kind: 'exchange' as const,
          category: line.category,
        });
      }
      await access.transferBatch(p, actor, inputs);
      return redirectWithFlash(reply, `/timebanks/${timebankId}/sheet`, ctx.t('sheet.done', { count: inputs.length }));
    } catch (err) {
      return sheetPage(req, reply, timebankId, ledgerError(ctx, err), body, 422);
    }
  });

  async function transferPage(req: FastifyRequest, reply: FastifyReply, id: string, errors: FormError[], status = 200) {
    const p = principalOf(req);
    const detail = await access.transferDetail(p, id);
    const ctx = await viewContext(req, reply, services);
    const transfer = detail.transfer;
    const canReverse =
      (transfer.phase === 'posted' || transfer.phase === 'post_pending') &&
      transfer.kind !== 'reversal' &&
      can(p, 'ledger.reverse', { type: 'timebank', networkId: p.networkId, timebankId: transfer.timebankId });
    return sendPage(reply, <TransferPage ctx={ctx} detail={detail} canReverse={canReverse} errors={errors} />, status);
  }

  app.get('/transfers/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!isUuid(id)) throw new DomainError('not_found', 'transfer not found');
    return transferPage(req, reply, id, []);
  });

  app.post('/transfers/:id/reverse', async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as Form;
    if (!isUuid(id) || !isUuid(body.id ?? '')) throw new DomainError('not_found', 'transfer not found');
    const ctx = await viewContext(req, reply, services);
    const reason = body.reason?.trim() ?? '';
    if (!reason) return transferPage(req, reply, id, [{ field: 'reason', message: ctx.t('transfer.error.reason') }], 400);
    try {
      await access.reverse(principalOf(req), actorFor(req), { id: body.id!, transferId: id, reason });
      return redirectWithFlash(reply, `/transfers/${id}`, ctx.t('transfer.reversed'));
    } catch (err) {
      return transferPage(req, reply, id, ledgerError(ctx, err), 422);
    }
  });
};
