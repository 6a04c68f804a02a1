// Pages for joining, references and the member agreement. Forms post back and redirect; a
// refused form comes back with its errors in the summary and its values kept.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { PaperSignatureBody, PublishBody } from '../../modules/agreements/routes.ts';
import { BrokerApplicationBody, GuardianBody, OnlineApplicationBody } from '../../modules/joining/routes.ts';
import { can } from '../../modules/policy/policy.ts';
import { AnswersBody, ReferenceRequestBody, VerdictBody } from '../../modules/references/routes.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { type Form, sendPage } from '../forms.ts';
import type { T } from '../i18n/i18n.ts';
import type { FormError } from '../view.ts';
import { answersBody, applicationBody, formErrors, parse, present, unprefix } from './form.ts';
import { AgreementAdminPage, AppliedPage, ApplicationsPage, ApplyPage, MemberJoiningPage, MessagePage, MyMembershipPage, ReferenceAnswerPage } from './pages.tsx';

type Params = Record<string, string>;

/** Ids in a page's path: a malformed one is a page that does not exist. */
function ids(req: FastifyRequest, ...names: string[]): Params {
  const params = req.params as Params;
  for (const n of names) if (!isUuid(params[n] ?? '')) throw new DomainError('not_found', 'page not found');
  return params;
}

export const joiningPages: FastifyPluginAsync<{ services: Services; config: Config }> = async (app, { services, config }) => {
  const { joining, references, agreements, tenancy } = services;
  const publicPage = { config: { access: 'public' as const, rateLimit: { max: 30, timeWindow: '1 minute' } } };

  // --- applying online (no session) ---------------------------------------------------------

  async function applyOnlinePage(req: FastifyRequest, reply: FastifyReply, errors: FormError[], values: Form) {
    const { network, timebank } = req.params as Params;
    const tb = await joining.publicTimebank(network ?? '', timebank ?? '');
    const ctx = await viewContext(req, reply, services);
    const page = <ApplyPage ctx={ctx} mode="online" timebankName={tb.name} action={`/join/${network}/${timebank}`} areas={tb.areas} errors={errors} values={values} />;
    return sendPage(reply, page, errors.length ? 400 : 200);
  }

  app.get('/join/:network/:timebank', publicPage, async (req, reply) => applyOnlinePage(req, reply, [], {}));

  app.post('/join/:network/:timebank', publicPage, async (req, reply) => {
    const { network, timebank } = req.params as Params;
    const values = (req.body ?? {}) as Form;
    try {
      const input = parse(OnlineApplicationBody, { ...applicationBody(values, ['password']), locale: (await viewContext(req, reply, services)).locale });
      const r = await joining.applyOnline(String(req.id), network ?? '', timebank ?? '', input);
      return redirectWithFlash(reply, `/join/${network}/${timebank}/done`, r.timebankName);
    } catch (err) {
      const { t } = await viewContext(req, reply, services);
      return applyOnlinePage(req, reply, formErrors(err, t, 'join'), { ...values, password: undefined });
    }
  });

  app.get('/join/:network/:timebank/done', publicPage, async (req, reply) => {
    const { network, timebank } = req.params as Params;
    const tb = await joining.publicTimebank(network ?? '', timebank ?? '');
    return sendPage(reply, <AppliedPage ctx={await viewContext(req, reply, services)} timebankName={tb.name} />);
  });

  // --- the broker's application form and the queue ------------------------------------------

  async function brokerApplyPage(req: FastifyRequest, reply: FastifyReply, errors: FormError[], values: Form, duplicates: Awaited<ReturnType<typeof joining.duplicates>> = []) {
    const { timebankId } = ids(req, 'timebankId');
    const p = principalOf(req);
    const tb = await tenancy.getTimebank(p, timebankId!);
    const areas = await tenancy.listAreas(p, timebankId!);
    const ctx = await viewContext(req, reply, services);
    const page = (
      <ApplyPage ctx={ctx} mode="broker" timebankName={tb.name} action={`/timebanks/${timebankId}/applications/new`} areas={areas} errors={errors} values={values} duplicates={duplicates} />
    );
    return sendPage(reply, page, errors.length ? 400 : 200);
  }

  app.get('/timebanks/:timebankId/applications/new', async (req, reply) => {
    const { timebankId } = ids(req, 'timebankId');
    await joining.queue(principalOf(req), timebankId!);
    return brokerApplyPage(req, reply, [], {});
  });

  app.post('/timebanks/:timebankId/applications/new', async (req, reply) => {
    const { timebankId } = ids(req, 'timebankId');
    const values = (req.body ?? {}) as Form;
    const p = principalOf(req);
    const { t } = await viewContext(req, reply, services);
    let input: ReturnType<typeof BrokerApplicationBody.parse>;
    try {
      input = parse(BrokerApplicationBody, applicationBody(values, ['source', 'mergeIntoPersonId']));
    } catch (err) {
      return brokerApplyPage(req, reply, formErrors(err, t, 'join'), values);
    }
    try {
      const r = await joining.enter(p, actorFor(req), timebankId!, input);
      return redirectWithFlash(reply, `/timebanks/${timebankId}/members/${r.memberId}/joining`, r.merged ? t('join.merged') : t('join.entered', { name: input.displayName }));
    } catch (err) {
      const duplicates = err instanceof DomainError && err.code === 'duplicate_application' ? await joining.duplicates(p, timebankId!, input) : [];
      return brokerApplyPage(req, reply, formErrors(err, t, 'join'), values, duplicates);
    }
  });

  app.get('/timebanks/:timebankId/applications', async (req, reply) => {
    const { timebankId } = ids(req, 'timebankId');
    const p = principalOf(req);
    const rows = await joining.queue(p, timebankId!);
    const timebank = await tenancy.getTimebank(p, timebankId!);
    return sendPage(reply, <ApplicationsPage ctx={await viewContext(req, reply, services)} timebank={timebank} rows={rows} />);
  });

  // --- a member's joining on one screen -----------------------------------------------------

  async function memberPage(req: FastifyRequest, reply: FastifyReply, errors: FormError[] = [], values: Form = {}) {
    const { timebankId, memberId } = ids(req, 'timebankId', 'memberId');
    const p = principalOf(req);
    const record = await joining.joiningRecord(p, timebankId!, memberId!);
    const [timebank, refs, agreement] = await Promise.all([
      tenancy.getTimebank(p, timebankId!),
      references.listForMember(p, timebankId!, memberId!),
      agreements.memberStatus(p, timebankId!, memberId!),
    ]);
    const ctx = await viewContext(req, reply, services);
    const page = <MemberJoiningPage ctx={ctx} timebank={timebank} record={record} references={refs} agreement={agreement} errors={errors} values={values} />;
    return sendPage(reply, page, errors.length ? 400 : 200);
  }

  app.get('/timebanks/:timebankId/members/:memberId/joining', async (req, reply) => memberPage(req, reply));

  /** A form of the member page: run it, then back to the page (with a message), or the page with its errors. */
  function memberForm(path: string, prefix: string, run: (req: FastifyRequest, body: Form, params: Params, t: T) => Promise<string>, idPrefix: (params: Params) => string) {
    app.post(`/timebanks/:timebankId/members/:memberId/joining${path}`, async (req, reply) => {
      const params = ids(req, 'timebankId', 'memberId', ...Object.keys(req.params as Params).filter((k) => k.endsWith('Id')));
      const body = (req.body ?? {}) as Form;
      const { t } = await viewContext(req, reply, services);
      try {
        const message = await run(req, body, params, t);
        return redirectWithFlash(reply, `/timebanks/${params.timebankId}/members/${params.memberId}/joining`, message);
      } catch (err) {
        return memberPage(req, reply, formErrors(err, t, prefix, idPrefix(params)), body);
      }
    });
  }

  memberForm(
    '/approve/:applicationId',
    'joining',
    async (req, _b, { timebankId, applicationId }, t) => {
      await joining.approve(principalOf(req), actorFor(req), timebankId!, applicationId!);
      return t('joining.approved');
    },
    () => '',
  );

  memberForm(
    '/decline/:applicationId',
    'joining',
    async (req, body, { timebankId, applicationId }, t) => {
      const { reason } = parse(VerdictBody.pick({ reason: true }), present(unprefix(body, 'decline-')));
      await joining.decline(principalOf(req), actorFor(req), timebankId!, applicationId!, reason);
      return t('joining.declined');
    },
    () => 'decline-',
  );

  memberForm(
    '/guardians',
    'join',
    async (req, body, { timebankId, memberId }, t) => {
      const fields: Record<string, unknown> = present(unprefix(body, 'g-'));
      fields.consent = fields.consent === 'yes';
      await joining.linkGuardian(principalOf(req), actorFor(req), timebankId!, memberId!, parse(GuardianBody, fields));
      return t('joining.guardianAdded');
    },
    () => 'g-',
  );

  memberForm(
    '/guardians/:guardianId/consent',
    'joining',
    async (req, body, { timebankId, memberId, guardianId }, t) => {
      const { signedOn } = parse(PaperSignatureBody.pick({ signedOn: true }), present(unprefix(body, `consent-${guardianId}-`)));
      await joining.recordGuardianConsent(principalOf(req), actorFor(req), timebankId!, memberId!, guardianId!, signedOn);
      return t('joining.consentRecorded');
    },
    ({ guardianId }) => `consent-${guardianId}-`,
  );

  memberForm(
    '/references',
    'reference',
    async (req, body, { timebankId, memberId }, t) => {
      const r = await references.request(principalOf(req), actorFor(req), timebankId!, memberId!, parse(ReferenceRequestBody, present(unprefix(body, 'ref-'))));
      // The address people use (TIMEBANK_PUBLIC_URL behind a proxy), else the one of this request.
      const origin = config.publicUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.host}`;
      return t(r.mailed ? 'reference.linkMailed' : 'reference.linkMade', { link: `${origin}${r.path}`, date: r.expiresAt.toISOString().slice(0, 10) });
    },
    () => 'ref-',
  );

  memberForm(
    '/references/:referenceId/verdict',
    'reference',
    async (req, body, { timebankId, referenceId }, t) => {
      await references.decide(principalOf(req), actorFor(req), timebankId!, referenceId!, parse(VerdictBody, present(unprefix(body, `verdict-${referenceId}-`))));
      return t('reference.verdictSaved');
    },
    ({ referenceId }) => `verdict-${referenceId}-`,
  );

  memberForm(
    '/agreement',
    'agreement',
    async (req, body, { timebankId, memberId }, t) => {
      await agreements.recordPaper(principalOf(req), actorFor(req), timebankId!, memberId!, parse(PaperSignatureBody, present(unprefix(body, 'paper-'))));
      return t('agreement.paperRecorded');
    },
    () => 'paper-',
  );

  // --- references: the referee's page, and a broker taking the answers on a call -------------

  async function refereePage(req: FastifyRequest, reply: FastifyReply, errors: FormError[], values: Form) {
    const { token } = req.params as Params;
    const ctx = await viewContext(req, reply, services);
    let r: Awaited<ReturnType<typeof references.forReferee>>;
    try {
      r = await references.forReferee(token ?? '');
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return sendPage(reply, <MessagePage ctx={ctx} title={ctx.t('reference.badLinkTitle')} text={ctx.t('reference.badLink')} />, 404);
    }
    const page = (
      <ReferenceAnswerPage
        ctx={ctx}
        title={ctx.t('reference.refereeTitle', { name: r.subjectName })}
        intro={ctx.t('reference.refereeIntro', { referee: r.refereeName, name: r.subjectName, timebank: r.timebankName })}
        action={`/references/answer/${token}`}
        errors={errors}
        values={values}
      />
    );
    return sendPage(reply, page, errors.length ? 400 : 200);
  }

  app.get('/references/answer/:token', publicPage, async (req, reply) => refereePage(req, reply, [], {}));

  app.post('/references/answer/:token', publicPage, async (req, reply) => {
    const { token } = req.params as Params;
    const values = (req.body ?? {}) as Form;
    const ctx = await viewContext(req, reply, services);
    try {
      await references.answerByLink(token ?? '', String(req.id), parse(AnswersBody, answersBody(values)));
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found') return refereePage(req, reply, [], {});
      return refereePage(req, reply, formErrors(err, ctx.t, 'reference'), values);
    }
    return sendPage(reply, <MessagePage ctx={ctx} title={ctx.t('reference.thanksTitle')} text={ctx.t('reference.thanks')} />);
  });

  async function callPage(req: FastifyRequest, reply: FastifyReply, errors: FormError[], values: Form) {
    const { timebankId, referenceId } = ids(req, 'timebankId', 'referenceId');
    const r = await references.get(principalOf(req), timebankId!, referenceId!);
    const ctx = await viewContext(req, reply, services);
    const page = (
      <ReferenceAnswerPage
        ctx={ctx}
        title={ctx.t('reference.callTitle', { referee: r.referee_name })}
        intro={ctx.t('reference.callIntro', { referee: r.referee_name, phone: r.referee_phone ?? '–' })}
        action={`/timebanks/${timebankId}/references/${referenceId}/answers`}
        errors={errors}
        values={values}
      />
    );
    return sendPage(reply, page, errors.length ? 400 : 200);
  }

  app.get('/timebanks/:timebankId/references/:referenceId/answers', async (req, reply) => callPage(req, reply, [], {}));

  app.post('/timebanks/:timebankId/references/:referenceId/answers', async (req, reply) => {
    const { timebankId, referenceId } = ids(req, 'timebankId', 'referenceId');
    const values = (req.body ?? {}) as Form;
    const p = principalOf(req);
    const ctx = await viewContext(req, reply, services);
    try {
      await references.recordAnswers(p, actorFor(req), timebankId!, referenceId!, parse(AnswersBody, answersBody(values)));
      const r = await references.get(p, timebankId!, referenceId!);
      return redirectWithFlash(reply, `/timebanks/${timebankId}/members/${r.member_id}/joining`, ctx.t('reference.recorded'));
    } catch (err) {
      return callPage(req, reply, formErrors(err, ctx.t, 'reference'), values);
    }
  });

  // --- the member agreement -----------------------------------------------------------------

  async function agreementPage(req: FastifyRequest, reply: FastifyReply, errors: FormError[], values: Form) {
    const { timebankId } = ids(req, 'timebankId');
    const p = principalOf(req);
    const { version, members } = await agreements.unsigned(p, timebankId!);
    const { defaultText } = await agreements.current(p, timebankId!);
    const timebank = await tenancy.getTimebank(p, timebankId!);
    const canPublish = can(p, 'agreement.publish', { type: 'timebank', networkId: p.networkId, timebankId: timebankId! });
    const draft = {
      bodyEn: values.bodyEn ?? version?.body_en ?? defaultText.en,
      bodyPl: values.bodyPl ?? version?.body_pl ?? defaultText.pl,
    };
    const ctx = await viewContext(req, reply, services);
    const page = <AgreementAdminPage ctx={ctx} timebank={timebank} version={version} unsigned={members} canPublish={canPublish} draft={draft} errors={errors} />;
    return sendPage(reply, page, errors.length ? 400 : 200);
  }

  app.get('/timebanks/:timebankId/agreement', async (req, reply) => agreementPage(req, reply, [], {}));

  app.post('/timebanks/:timebankId/agreement', async (req, reply) => {
    const { timebankId } = ids(req, 'timebankId');
    const values = (req.body ?? {}) as Form;
    const ctx = await viewContext(req, reply, services);
    try {
      const r = await agreements.publish(principalOf(req), actorFor(req), timebankId!, parse(PublishBody, present(values)));
      return redirectWithFlash(reply, `/timebanks/${timebankId}/agreement`, ctx.t('agreement.published', { version: r.version }));
    } catch (err) {
      return agreementPage(req, reply, formErrors(err, ctx.t, 'agreement'), values);
    }
  });

  async function myMembershipPage(req: FastifyRequest, reply: FastifyReply, errors: FormError[]) {
    const p = principalOf(req);
    const ctx = await viewContext(req, reply, services);
    const wanted = (req.query as Form).timebank;
    const timebank = ctx.timebanks.find((tb) => tb.id === wanted) ?? ctx.currentTimebank;
    const isMember = timebank && p.memberships.some((m) => m.timebankId === timebank.id && m.status !== 'left');
    const agreement = timebank && isMember && !p.actingFor ? await agreements.myStatus(p, timebank.id) : null;
    const refs = await references.ofPerson(p, p.actingFor?.personId ?? p.personId);
    const page = <MyMembershipPage ctx={ctx} timebank={isMember ? timebank : null} agreement={agreement} references={refs} errors={errors} />;
    return sendPage(reply, page, errors.length ? 400 : 200);
  }

  app.get('/me/membership', async (req, reply) => myMembershipPage(req, reply, []));

  app.post('/me/membership/sign', async (req, reply) => {
    const body = (req.body ?? {}) as Form;
    const ctx = await viewContext(req, reply, services);
    if (!isUuid(body.timebankId ?? '') || !isUuid(body.versionId ?? '')) throw new DomainError('not_found', 'agreement not found');
    try {
      await agreements.signOnline(principalOf(req), actorFor(req), body.timebankId!, body.versionId!);
      return redirectWithFlash(reply, '/me/membership', ctx.t('agreement.thanks'));
    } catch (err) {
      return myMembershipPage(req, reply, formErrors(err, ctx.t, 'agreement'));
    }
  });
};
