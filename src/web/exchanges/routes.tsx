// The exchange pages: /exchanges (mine), /exchanges/new?listingId= (propose), /exchanges/:id
// (the story and a form per step), /exchanges/:id/sheet (printable), and a form post per step.
// Each post reads the form into the API's body, runs the service, then redirects with a
// message, or shows the page again with the errors by the fields of the form that was sent.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { Uuid } from '../../http/schemas.ts';
import { notFound } from '../../lib/errors.ts';
import { staffTimebankIds } from '../../modules/policy/policy.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { sendPage } from '../forms.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { T } from '../i18n/i18n.ts';
import { PAGE_ERROR } from '../view.ts';
import {
  type ExchangeForm,
  readStar,
  type Posted,
  type Read,
  readAgree,
  readCancel,
  readChange,
  readDispute,
  readHours,
  readNoShow,
  readPropose,
  readResolve,
  readThank,
  refusalErrors,
} from './forms.ts';
import { ExchangeListPage, ExchangePage, type Failed, ProposePage, SheetPage } from './pages.tsx';

const IdParams = z.strictObject({ id: Uuid });
const OccParams = z.strictObject({ id: Uuid, occurrenceId: Uuid });

export const exchangePages: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { exchanges } = services;

  app.get('/exchanges', async (req, reply) => {
    const p = principalOf(req);
    const ctx = await viewContext(req, reply, services);
    const tb = ctx.currentTimebank?.id;
    const r = await exchanges.list(p, { timebankId: tb });
    const row = (x: (typeof r.mine)[number]) => ({
      id: x.exchange.id,
      what: x.exchange.what,
      organisationName: x.organisationName,
      status: x.exchange.state === 'agreed' && x.next?.count === 1 ? x.next.state : x.exchange.state,
      next: x.next?.starts_at ?? null,
      occurrences: x.next?.count ?? 0,
      timeZone: x.exchange.time_zone,
    });
    const staff = tb !== undefined && staffTimebankIds(p).includes(tb);
    return sendPage(reply, <ExchangeListPage ctx={ctx} mine={r.mine.map(row)} timebank={staff ? r.timebank.map(row) : null} />);
  });

  async function proposePage(req: FastifyRequest, reply: FastifyReply, listingId: string, failed?: Failed) {
    const ctx = await viewContext(req, reply, services);
    const r = await exchanges.proposalFor(principalOf(req), listingId);
    const listing = { id: r.listing.id, title: r.listing.title, kind: r.listing.kind, ownerName: r.ownerName, organisation: r.listing.organisation_id !== null };
    const members = r.members?.map((m) => ({ id: m.id, name: m.name })) ?? null;
    return sendPage(reply, <ProposePage ctx={ctx} listing={listing} members={members} failed={failed} />, failed ? 400 : 200);
  }

  app.get('/exchanges/new', { schema: { querystring: z.strictObject({ listingId: Uuid }) } }, async (req, reply) => proposePage(req, reply, (req.query as { listingId: string }).listingId));

  app.post('/exchanges/new', async (req, reply) => {
    const b = (req.body ?? {}) as Posted;
    const listingId = Uuid.safeParse(b.listingId);
    if (!listingId.success) throw notFound('listing');
    const p = principalOf(req);
    const { t } = await viewContext(req, reply, services);
    const r = await exchanges.proposalFor(p, listingId.data);
    // A member proposes for themself: the receiver of an offer, or the giver for a request.
    const own = r.ownMemberId ?? undefined;
    const defaults =
      r.listing.kind === 'request'
        ? { receiverMemberId: r.listing.member_id ?? undefined, giverMemberIds: own ? [own] : undefined }
        : { receiverMemberId: own, giverMemberIds: r.listing.member_id ? [r.listing.member_id] : undefined };
    const read = readPropose(b, t, defaults);
    if (!read.ok) return proposePage(req, reply, listingId.data, { form: 'propose', errors: read.errors, values: b });
    try {
      const v = await exchanges.propose(p, actorFor(req), read.body);
      return redirectWithFlash(reply, `/exchanges/${v.exchange.id}`, t('exchange.proposed'));
    } catch (err) {
      return proposePage(req, reply, listingId.data, { form: 'propose', errors: refusalErrors(err, 'propose'), values: b });
    }
  });

  async function exchangePage(req: FastifyRequest, reply: FastifyReply, id: string, failed?: Failed) {
    const p = principalOf(req);
    const ctx = await viewContext(req, reply, services);
    const v = await exchanges.get(p, id);
    const members = (await exchanges.memberChoicesFor(p, v))?.map((m) => ({ id: m.id, name: m.name })) ?? null;
    const starModes = await services.outcomeProjects.tagsOf(p, { kind: 'exchange', id, timebankId: v.exchange.timebank_id });
    // Only a broker's forms choose givers: for anyone else a refusal about a giver is about the page.
    const shown = failed && !members ? { ...failed, errors: failed.errors.map((e) => (/^(change)?[gG]iver/.test(e.field) ? { ...e, field: PAGE_ERROR } : e)) } : failed;
    return sendPage(reply, <ExchangePage ctx={ctx} v={v} now={exchanges.now()} members={members} starModes={starModes} failed={shown} />, failed ? 400 : 200);
  }

  app.get('/exchanges/:id', { schema: { params: IdParams } }, async (req, reply) => exchangePage(req, reply, (req.params as { id: string }).id));

  app.get('/exchanges/:id/sheet', { schema: { params: IdParams } }, async (req, reply) => {
    const ctx = await viewContext(req, reply, services);
    const v = await exchanges.get(principalOf(req), (req.params as { id: string }).id);
    return sendPage(reply, <SheetPage ctx={ctx} v={v} />);
  });

  /** A step's form post: read, run, redirect back to the exchange with a message. */
  function step<B>(
    path: string,
    form: ExchangeForm,
    read: (b: Posted, t: T, suffix: string) => Read<B>,
    run: (req: FastifyRequest, id: string, occurrenceId: string | undefined, body: B) => Promise<unknown>,
    done: MessageKey,
  ) {
    const params = path.includes(':occurrenceId') ? OccParams : IdParams;
    app.post(path, { schema: { params } }, async (req, reply) => {
      const { id, occurrenceId } = req.params as { id: string; occurrenceId?: string };
      const b = (req.body ?? {}) as Posted;
      const { t } = await viewContext(req, reply, services);
      const suffix = occurrenceId ? await suffixOf(req, id, occurrenceId) : '';
      const r = read(b, t, suffix);
      if (!r.ok) return exchangePage(req, reply, id, { form, occurrenceId, errors: r.errors, values: b });
      try {
        await run(req, id, occurrenceId, r.body);
      } catch (err) {
        return exchangePage(req, reply, id, { form, occurrenceId, errors: refusalErrors(err, form, suffix), values: b });
      }
      return redirectWithFlash(reply, `/exchanges/${id}`, t(done));
    });
  }

  /** The suffix of an occurrence's field ids on the page: "-<its number>". */
  async function suffixOf(req: FastifyRequest, id: string, occurrenceId: string) {
    const v = await exchanges.get(principalOf(req), id);
    const o = v.occurrences.find((x) => x.id === occurrenceId);
    return o ? `-${o.seq}` : '';
  }

  const none = () => ({ ok: true as const, body: {} });
  const occ = '/exchanges/:id/occurrences/:occurrenceId';

  step('/exchanges/:id/agree', 'agree', readAgree, (req, id, _o, body) => exchanges.agree(principalOf(req), actorFor(req), id, body), 'exchange.saved');
  step('/exchanges/:id/change', 'change', readChange, (req, id, _o, body) => exchanges.change(principalOf(req), actorFor(req), id, body), 'exchange.saved');
  step('/exchanges/:id/cancel', 'cancel', readCancel, (req, id, _o, body) => exchanges.cancel(principalOf(req), actorFor(req), id, body), 'exchange.saved');
  step(`${occ}/done`, 'done', none, (req, id, o) => exchanges.done(principalOf(req), actorFor(req), id, o!), 'exchange.saved');
  step(`${occ}/no-show`, 'noShow', readNoShow, (req, id, o, body) => exchanges.noShow(principalOf(req), actorFor(req), id, o!, body), 'exchange.saved');
  step(`${occ}/hours`, 'hours', readHours, (req, id, o, body) => exchanges.recordHours(principalOf(req), actorFor(req), id, o!, body), 'exchange.hoursRecorded');
  step(`${occ}/confirm`, 'confirm', none, (req, id, o) => exchanges.confirm(principalOf(req), actorFor(req), id, o!), 'exchange.saved');
  step(`${occ}/dispute`, 'dispute', readDispute, (req, id, o, body) => exchanges.dispute(principalOf(req), actorFor(req), id, o!, body), 'exchange.saved');
  step(`${occ}/resolve`, 'resolve', readResolve, (req, id, o, body) => exchanges.resolve(principalOf(req), actorFor(req), id, o!, body), 'exchange.saved');
  // Its Co-Production Star modes: coordinators of its timebank (docs/outcomes.md).
  step('/exchanges/:id/star', 'star', readStar, (req, id, _o, body) => services.outcomeProjects.tag(principalOf(req), actorFor(req), 'exchange', id, body.modes), 'exchange.starSaved');
  step('/exchanges/:id/thanks', 'thank', readThank, (req, id, _o, body) => exchanges.thank(principalOf(req), actorFor(req), id, body), 'exchange.thanksSaved');

  /** The recipient hides a thank-you from their profile, or shows it again. */
  app.post('/thank-yous/:id/hidden', { schema: { params: IdParams } }, async (req, reply) => {
    const b = (req.body ?? {}) as Posted;
    const hidden = b.hidden === 'yes';
    const { t } = await viewContext(req, reply, services);
    await exchanges.setHidden(principalOf(req), actorFor(req), (req.params as { id: string }).id, hidden);
    const back = typeof b.back === 'string' && /^\/[a-z0-9/-]*$/.test(b.back) ? b.back : '/exchanges';
    return redirectWithFlash(reply, back, t(hidden ? 'exchange.hidden' : 'exchange.shown'));
  });
};
