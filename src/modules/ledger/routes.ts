// /api/v1 ledger routes: accounts, statements, transfers, pending hours, reversals, limits,
// links between timebanks and their flows. Thin: access.ts authorizes, service.ts posts.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { IdParams, problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';
import type { Account, PostResult, Transfer } from './types.ts';

const Kind = z.enum([
  'exchange',
  'activity',
  'donation',
  'gift',
  'starter',
  'reversal',
  'clearing',
  'adjustment',
]);
const KIND_NAMES = Kind.options.join('|');
const NewKind = z.enum(['exchange', 'activity', 'donation', 'gift', 'starter', 'adjustment']);
/** Whole minutes above zero; more than 24 hours needs a reason (checked by the ledger). */
const Minutes = z.number().int().positive().max(1_000_000).describe('whole minutes, above 0');
const Memo = z.string().trim().max(500).nullable().optional();
const Category = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .describe('what the hours were for, e.g. gardening');

export const TransferBody = z.strictObject({
  id: Uuid.describe('chosen by the client and kept before sending: the idempotency key'),
  debitAccountId: Uuid,
  creditAccountId: Uuid,
  minutes: Minutes,
  kind: NewKind,
  category: Category,
  memo: Memo,
  reason: z.string().trim().min(1).max(1000).nullable().optional(),
  exchangeId: Uuid.nullable().optional(),
  activityId: Uuid.nullable().optional(),
  pending: z.boolean().optional().describe('record as pending hours for the other side to confirm'),
});

const TransferOut = z.object({
  id: z.string(),
  timebankId: z.string(),
  debitAccountId: z.string(),
  creditAccountId: z.string(),
  minutes: z.number(),
  kind: Kind,
  phase: z.enum(['posted', 'pending', 'post_pending', 'void_pending']),
  pendingId: z.string().nullable(),
  reversesTransferId: z.string().nullable(),
  batchId: z.string().nullable(),
  category: z.string(),
  memo: z.string().nullable(),
  reason: z.string().nullable(),
  recordedByPersonId: z.string().nullable(),
  onBehalfOfPersonId: z.string().nullable(),
  createdAt: z.string(),
  debitBalanceAfterMinutes: z.number(),
  creditBalanceAfterMinutes: z.number(),
});
const PostOut = z.object({ hit: z.boolean(), transfers: z.array(TransferOut) });

export function transferOut(t: Transfer): z.infer<typeof TransferOut> {
  return {
    id: t.id,
    timebankId: t.timebankId,
    debitAccountId: t.debitAccountId,
    creditAccountId: t.creditAccountId,
    minutes: t.minutes,
    kind: t.kind,
    phase: t.phase,
    pendingId: t.pendingId,
    reversesTransferId: t.reversesTransferId,
    batchId: t.batchId,
    category: t.category,
    memo: t.memo,
    reason: t.reason,
    recordedByPersonId: t.recordedByPersonId,
    onBehalfOfPersonId: t.onBehalfOfPersonId,
    createdAt: t.createdAt.toISOString(),
    debitBalanceAfterMinutes: t.debitBalanceAfterMinutes,
    creditBalanceAfterMinutes: t.creditBalanceAfterMinutes,
  };
}

const postOut = (r: PostResult) => ({ hit: r.hit, transfers: r.transfers.map(transferOut) });

/** 201 for what was written now; 200 and Idempotency-Hit: true for a replay of the same ids. */
function sendPosted(reply: FastifyReply, r: PostResult) {
  if (r.hit) reply.header('idempotency-hit', 'true');
  return reply.code(r.hit ? 200 : 201).send(postOut(r));
}

const Limits = z.object({
  balanceMinutesMin: z.number().nullable(),
  balanceMinutesMax: z.number().nullable(),
  source: z.enum(['account', 'timebank', 'clearing_link', 'none']),
});
const AccountLimitsOut = z.object({
  id: z.string(),
  limitOverride: z.boolean(),
  limitReason: z.string().nullable(),
});
const limitsOut = (a: Account) => ({ id: a.id, limitOverride: a.limitOverride, limitReason: a.limitReason });
const BalanceOut = z.object({
  accountId: z.string(),
  balanceMinutes: z.number(),
  debitsPendingMinutes: z.number(),
  creditsPendingMinutes: z.number(),
  availableMinutes: z.number().nullable(),
  limits: Limits,
});
const StatementQuery = z.strictObject({
  kind: z
    .string()
    .regex(
      new RegExp(`^(${KIND_NAMES})(,(${KIND_NAMES}))*$`),
      'comma-separated kinds: exchange, gift, …',
    )
    .optional()
    .describe('comma-separated kinds'),
  from: z.iso.date().optional(),
  to: z.iso.date().optional().describe('exclusive'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe('cursor: nextBefore of the previous page'),
});
const SettingsOut = z.object({
  timebankId: z.string(),
  balanceMinutesMin: z.number(),
  balanceMinutesMax: z.number().nullable(),
  confirmationRequired: z.boolean(),
  pendingTimeoutDays: z.number().nullable(),
  pendingTimeoutAction: z.enum(['post', 'void']),
  starterMinutes: z.number(),
});

function statementQuery(q: z.infer<typeof StatementQuery>) {
  const kinds = q.kind ? (q.kind.split(',') as z.infer<typeof Kind>[]) : undefined;
  return {
    ...(kinds ? { kinds } : {}),
    ...(q.from ? { from: new Date(`${q.from}T00:00:00Z`) } : {}),
    ...(q.to ? { to: new Date(`${q.to}T00:00:00Z`) } : {}),
    limit: q.limit,
    ...(q.before ? { before: q.before } : {}),
  };
}

export const ledgerRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (
  app,
  { services },
) => {
  const { ledgerAccess: access } = services;

  app.get(
    '/accounts',
    {
      schema: {
        tags: ['ledger'],
        summary: 'My accounts (or those of the member I act for), with balances',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                timebankId: z.string(),
                timebankName: z.string(),
                ownerKind: z.string(),
                organisationName: z.string().nullable(),
                balance: BalanceOut,
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => ({ items: await access.myAccounts(principalOf(req), actorFor(req)) }),
  );

  app.get(
    '/timebanks/:timebankId/members/:memberId/account',
    {
      schema: {
        tags: ['ledger'],
        summary:
          "A member's account (the member, or brokers and coordinators of their timebank); opened on first use",
        params: z.strictObject({ timebankId: Uuid, memberId: Uuid }),
        response: {
          200: z.object({ accountId: z.string(), balance: BalanceOut }),
          ...problemResponses,
        },
      },
    },
    async (req) =>
      access.memberAccount(
        principalOf(req),
        actorFor(req),
        req.params.timebankId,
        req.params.memberId,
      ),
  );

  app.get(
    '/timebanks/:timebankId/community-pot',
    {
      schema: {
        tags: ['ledger'],
        summary: "The timebank's community pot (members donate to it; starter hours come from it)",
        params: TimebankParams,
        response: { 200: z.object({ accountId: z.string() }), ...problemResponses },
      },
    },
    async (req) => access.communityPot(principalOf(req), req.params.timebankId),
  );

  app.get(
    '/accounts/:id',
    {
      schema: {
        tags: ['ledger'],
        summary: 'An account: balance, limits, hours given and received',
        params: IdParams,
        response: {
          200: z.object({
            id: z.string(),
            timebankId: z.string(),
            ownerKind: z.string(),
            balance: BalanceOut,
            givenMinutes: z.number(),
            receivedMinutes: z.number(),
            limitReason: z.string().nullable(),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const r = await access.account(principalOf(req), req.params.id);
      return {
        id: r.account.id,
        timebankId: r.account.timebankId,
        ownerKind: r.account.ownerKind,
        balance: r.balance,
        givenMinutes: r.given.givenMinutes,
        receivedMinutes: r.given.receivedMinutes,
        limitReason: r.account.limitReason,
      };
    },
  );

  app.get(
    '/accounts/:id/statement',
    {
      schema: {
        tags: ['ledger'],
        summary: 'Statement, newest first, with the running balance; page with `before`',
        params: IdParams,
        querystring: StatementQuery,
        response: {
          200: z.object({
            entries: z.array(
              z.object({
                entrySeq: z.number(),
                transferId: z.string(),
                createdAt: z.string(),
                kind: Kind,
                phase: z.string(),
                category: z.string(),
                memo: z.string().nullable(),
                reason: z.string().nullable(),
                changeMinutes: z.number(),
                balanceAfterMinutes: z.number(),
                counterpartyAccountId: z.string(),
                counterpartyName: z.string(),
                reversesTransferId: z.string().nullable(),
              }),
            ),
            nextBefore: z.number().nullable(),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const page = await access.statement(
        principalOf(req),
        req.params.id,
        statementQuery(req.query),
      );
      return {
        ...page,
        entries: page.entries.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
      };
    },
  );

  app.get(
    '/accounts/:id/statement.csv',
    {
      schema: {
        tags: ['ledger'],
        summary: 'The statement as CSV',
        params: IdParams,
        querystring: StatementQuery.omit({ limit: true, before: true }),
      },
    },
    async (req, reply) => {
      const { limit: _l, before: _b, ...range } = statementQuery({ ...req.query, limit: 1 });
      const csv = await access.statementCsv(principalOf(req), req.params.id, range);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="statement-${req.params.id}.csv"`)
        .send(csv);
    },
  );

  app.get(
    '/accounts/:id/pending',
    {
      schema: {
        tags: ['ledger'],
        summary: 'Pending hours on an account',
        params: IdParams,
        response: { 200: z.object({ items: z.array(TransferOut) }), ...problemResponses },
      },
    },
    async (req) => ({
      items: (await access.pending(principalOf(req), req.params.id)).map(transferOut),
    }),
  );

  app.put(
    '/accounts/:id/limits',
    {
      schema: {
        tags: ['ledger'],
        summary: "Override an account's overdraft floor and ceiling, with a reason (coordinator)",
        params: IdParams,
        body: z.strictObject({
          balanceMinutesMin: z.number().int().max(0).nullable(),
          balanceMinutesMax: z.number().int().min(0).nullable(),
          reason: z.string().trim().min(1).max(1000),
        }),
        response: { 200: AccountLimitsOut, ...problemResponses },
      },
    },
    async (req) => {
      const a = await access.setAccountLimits(
        principalOf(req),
        actorFor(req),
        req.params.id,
        req.body,
      );
      return limitsOut(a);
    },
  );

  app.post(
    '/accounts/:id/limits/reset',
    {
      schema: {
        tags: ['ledger'],
        summary: "End an account's override: back to the timebank's limits, with a reason (coordinator)",
        params: IdParams,
        body: z.strictObject({ reason: z.string().trim().min(1).max(1000) }),
        response: { 200: AccountLimitsOut, ...problemResponses },
      },
    },
    async (req) => {
      const a = await access.resetAccountLimits(
        principalOf(req),
        actorFor(req),
        req.params.id,
        req.body.reason,
      );
      return limitsOut(a);
    },
  );

  app.post(
    '/transfers',
    {
      schema: {
        tags: ['ledger'],
        summary:
          'Move minutes. Same id and content again: the first result with Idempotency-Hit: true; same id, other content: 409',
        body: TransferBody,
        response: { 200: PostOut, 201: PostOut, ...problemResponses },
      },
    },
    async (req, reply) => {
      const r = await access.transfer(principalOf(req), actorFor(req), req.body);
      return sendPosted(reply, r);
    },
  );

  app.post(
    '/transfers/batch',
    {
      schema: {
        tags: ['ledger'],
        summary: 'A paper sheet of exchanges recorded by a broker: posts whole or not at all',
        body: z.strictObject({
          transfers: z
            .array(TransferBody.omit({ pending: true }))
            .min(1)
            .max(200),
        }),
        response: { 200: PostOut, 201: PostOut, ...problemResponses },
      },
    },
    async (req, reply) => {
      const r = await access.transferBatch(principalOf(req), actorFor(req), req.body.transfers);
      return sendPosted(reply, r);
    },
  );

  app.get(
    '/transfers/:id',
    {
      schema: {
        tags: ['ledger'],
        params: IdParams,
        response: { 200: TransferOut, ...problemResponses },
      },
    },
    async (req) => transferOut(await access.getTransfer(principalOf(req), req.params.id)),
  );

  const Resolve = z.strictObject({
    id: Uuid.describe('client-chosen id of the resolving transfer'),
    memo: Memo,
    reason: z.string().trim().max(1000).nullable().optional(),
  });
  for (const [path, confirm, summary] of [
    ['confirm', true, 'Confirm pending hours (the other party or a broker): they post'],
    ['decline', false, 'Decline pending hours (the other party or a broker): they are voided'],
  ] as const) {
    app.post(
      `/transfers/:id/${path}`,
      {
        schema: {
          tags: ['ledger'],
          summary,
          params: IdParams,
          body: Resolve,
          response: { 200: PostOut, 201: PostOut, ...problemResponses },
        },
      },
      async (req, reply) => {
        const r = await access.resolvePending(principalOf(req), actorFor(req), confirm, {
          ...req.body,
          pendingId: req.params.id,
        });
        return sendPosted(reply, r);
      },
    );
  }

  app.post(
    '/transfers/:id/reverse',
    {
      schema: {
        tags: ['ledger'],
        summary: 'Reverse a posted transfer with a reason (coordinator); the original stays',
        params: IdParams,
        body: z.strictObject({ id: Uuid, reason: z.string().trim().min(1).max(1000) }),
        response: { 200: PostOut, 201: PostOut, ...problemResponses },
      },
    },
    async (req, reply) => {
      const r = await access.reverse(principalOf(req), actorFor(req), {
        id: req.body.id,
        transferId: req.params.id,
        reason: req.body.reason,
      });
      return sendPosted(reply, r);
    },
  );

  app.get(
    '/timebanks/:timebankId/ledger-settings',
    {
      schema: {
        tags: ['ledger'],
        params: TimebankParams,
        response: { 200: SettingsOut, ...problemResponses },
      },
    },
    async (req) => access.settings(principalOf(req), req.params.timebankId),
  );

  app.patch(
    '/timebanks/:timebankId/ledger-settings',
    {
      schema: {
        tags: ['ledger'],
        summary:
          "Set the timebank's overdraft floor, ceiling, confirmation rule and starter hours (coordinator)",
        params: TimebankParams,
        body: z.strictObject({
          balanceMinutesMin: z.number().int().max(0).optional(),
          balanceMinutesMax: z.number().int().min(0).nullable().optional(),
          confirmationRequired: z.boolean().optional(),
          pendingTimeoutDays: z.number().int().min(1).max(365).nullable().optional(),
          pendingTimeoutAction: z.enum(['post', 'void']).optional(),
          starterMinutes: z.number().int().min(0).max(6000).optional(),
        }),
        response: { 200: SettingsOut, ...problemResponses },
      },
    },
    async (req) =>
      access.updateSettings(principalOf(req), actorFor(req), req.params.timebankId, req.body),
  );

  app.get(
    '/timebanks/:timebankId/ledger-totals',
    {
      schema: {
        tags: ['ledger'],
        summary:
          'Totals of a timebank: balances, pending, minutes by kind and category (aggregates)',
        params: TimebankParams,
        querystring: z.strictObject({ from: z.iso.date().optional(), to: z.iso.date().optional() }),
        response: {
          200: z.object({
            timebankId: z.string(),
            accountCount: z.number(),
            balanceSumMinutes: z.number(),
            positiveBalanceMinutes: z.number(),
            negativeBalanceMinutes: z.number(),
            pendingMinutes: z.number(),
            byKind: z.record(z.string(), z.number()),
            byCategory: z.record(z.string(), z.number()),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) =>
      access.totals(principalOf(req), req.params.timebankId, {
        ...(req.query.from ? { from: new Date(`${req.query.from}T00:00:00Z`) } : {}),
        ...(req.query.to ? { to: new Date(`${req.query.to}T00:00:00Z`) } : {}),
      }),
  );

  const Pair = z.tuple([Uuid, Uuid]);
  const LinkOut = z.object({
    timebankIds: z.tuple([z.string(), z.string()]),
    clearingLimitMinutes: z.number(),
    clearingAccountIds: z.tuple([z.string(), z.string()]),
  });

  app.post(
    '/network/links',
    {
      schema: {
        tags: ['ledger'],
        summary: 'Link two timebanks with a clearing limit (network admin)',
        body: z.strictObject({
          timebankIds: Pair,
          clearingLimitMinutes: z.number().int().min(0).max(10_000_000),
        }),
        response: { 201: LinkOut, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await access.linkTimebanks(principalOf(req), actorFor(req), req.body)),
  );

  app.put(
    '/network/links/clearing-limit',
    {
      schema: {
        tags: ['ledger'],
        summary: 'Change the clearing limit between two linked timebanks (network admin)',
        body: z.strictObject({
          timebankIds: Pair,
          clearingLimitMinutes: z.number().int().min(0).max(10_000_000),
          reason: z.string().trim().max(1000).nullable().optional(),
        }),
        response: { 200: LinkOut, ...problemResponses },
      },
    },
    async (req) => access.setClearingLimit(principalOf(req), actorFor(req), req.body),
  );

  app.get(
    '/network/flows',
    {
      schema: {
        tags: ['ledger'],
        summary: 'Flows and the net position between every two linked timebanks (network admin)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                timebankAId: z.string(),
                timebankAName: z.string(),
                timebankBId: z.string(),
                timebankBName: z.string(),
                clearingLimitMinutes: z.number(),
                paidFromAToBMinutes: z.number(),
                paidFromBToAMinutes: z.number(),
                netOwedByBToAMinutes: z.number(),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => ({ items: await access.flows(principalOf(req)) }),
  );
};
