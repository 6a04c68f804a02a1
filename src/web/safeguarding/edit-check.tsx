// Changing a recorded safeguarding check on its own page (the API's PUT …/checks/{checkId}):
// the form comes filled with what is held; the number is never shown, and left empty it keeps
// the one held. Reading the check to fill the form goes through the service, which logs it.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { checkOut } from '../../modules/safeguarding/routes.ts';
import { type Posted, readCheck } from '../availability/forms.ts';
import { Button, PostForm } from '../components.tsx';
import { redirectWithFlash, viewContext } from '../context.ts';
import { domainErrors, sendPage, zodErrors } from '../forms.ts';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';
import { CheckFields, type MemberScreen } from './pages.tsx';

type Check = ReturnType<typeof checkOut>;

/** The form's values of a check as held (the number is never put back in the form). */
export function valuesOf(c: Check): Record<string, string | undefined> {
  return {
    scheme: c.scheme,
    level: c.level,
    workforce: c.workforce,
    roleTitle: c.roleTitle,
    regulatedWork: c.regulatedWork ? 'yes' : undefined,
    issuedOn: c.issuedOn,
    updateService: c.updateService ? 'yes' : undefined,
    statusCheckedOn: c.statusCheckedOn ?? undefined,
    statusCheckResult: c.statusCheckResult ?? undefined,
    reviewOn: c.reviewOn,
    decision: c.decision ?? undefined,
    decidedByPersonId: c.decidedBy?.personId,
    decidedOn: c.decidedOn ?? undefined,
  };
}

export function EditCheckPage(props: {
  ctx: ViewContext;
  action: string;
  back: string;
  displayName: string;
  check: Check;
  deciders: MemberScreen['deciders'];
  values: Record<string, string | undefined>;
  errors: FormError[];
}) {
  const { ctx, check, errors } = props;
  const { t } = ctx;
  const title = t('safeguarding.editTitle', { name: props.displayName, role: check.roleTitle });
  return (
    <Layout ctx={ctx} title={title} errors={errors}>
      <p>
        <a href={props.back} className="back-link">
          {t('screen.title', { name: props.displayName })}
        </a>
      </p>
      <h1>{title}</h1>
      <p className="hint">{t('safeguarding.editHint')}</p>
      <p className="hint">{t('safeguarding.metadataOnly')}</p>
      <PostForm action={props.action} ctx={ctx}>
        <CheckFields
          ctx={ctx}
          values={props.values}
          errors={errors}
          deciders={props.deciders}
          numberHint={t('safeguarding.numberKeep', { masked: check.numberMasked ?? 'none' })}
        />
        <Button>{t('safeguarding.editSave')}</Button>
      </PostForm>
    </Layout>
  );
}

export const editCheckPages: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { safeguarding, people } = services;
  const path = '/timebanks/:timebankId/members/:memberId/safeguarding/checks/:checkId/edit';

  function ids(req: FastifyRequest) {
    const p = req.params as { timebankId: string; memberId: string; checkId: string };
    if (!isUuid(p.timebankId) || !isUuid(p.memberId) || !isUuid(p.checkId)) throw new DomainError('not_found', 'check not found');
    return p;
  }

  async function page(req: FastifyRequest, reply: FastifyReply, opts: { errors: FormError[]; values?: Record<string, string | undefined> }) {
    const { timebankId, memberId, checkId } = ids(req);
    const p = principalOf(req);
    const held = await safeguarding.memberChecks(p, actorFor(req), timebankId, memberId);
    const found = held.checks.find((c) => c.id === checkId);
    if (!found) throw new DomainError('not_found', 'check not found');
    const check = checkOut(found);
    const [record, deciders] = await Promise.all([people.record(p, held.personId), safeguarding.deciders(p, timebankId)]);
    const ctx = await viewContext(req, reply, services);
    const base = `/timebanks/${timebankId}/members/${memberId}/safeguarding`;
    return sendPage(
      reply,
      <EditCheckPage
        ctx={ctx}
        action={`${base}/checks/${checkId}/edit`}
        back={base}
        displayName={record.person.display_name}
        check={check}
        deciders={deciders}
        values={opts.values ?? valuesOf(check)}
        errors={opts.errors}
      />,
      opts.errors.length ? 400 : 200,
    );
  }

  app.get(path, async (req, reply) => page(req, reply, { errors: [] }));

  app.post(path, async (req, reply) => {
    const { timebankId, memberId, checkId } = ids(req);
    const body = (req.body ?? {}) as Posted;
    const values = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])) as Record<string, string | undefined>;
    const parsed = readCheck(body);
    const ctx = await viewContext(req, reply, services);
    if (!parsed.success) return page(req, reply, { errors: zodErrors(parsed.error, ctx.t, 'safeguarding'), values });
    try {
      await safeguarding.updateCheck(principalOf(req), actorFor(req), timebankId, memberId, checkId, parsed.data);
    } catch (err) {
      return page(req, reply, { errors: domainErrors(err, ctx.t, 'safeguarding'), values });
    }
    return redirectWithFlash(reply, `/timebanks/${timebankId}/members/${memberId}/safeguarding`, ctx.t('safeguarding.updated'));
  });
};
