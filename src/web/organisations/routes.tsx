// Pages of organisations: the list of a timebank's organisations and, for each, who acts for
// it in which role, with the forms coordinators and the organisation's admins use.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { AddPersonBody, RoleBody } from '../../modules/organisations/routes.ts';
import { can } from '../../modules/policy/policy.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { domainErrors, type Form, formValues, sendPage, zodErrors } from '../forms.ts';
import type { FormError } from '../view.ts';
import { OrganisationPage, OrganisationsPage } from './pages.tsx';

function ids(req: FastifyRequest, names: string[]): Record<string, string> {
  const params = req.params as Record<string, string>;
  for (const n of names) if (!isUuid(params[n] ?? '')) throw new DomainError('not_found', 'not found');
  return params;
}

export const organisationPages: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { organisations, tenancy, people } = services;

  app.get('/timebanks/:timebankId/organisations', async (req, reply) => {
    const timebankId = ids(req, ['timebankId']).timebankId as string;
    const p = principalOf(req);
    const rows = await organisations.list(p, timebankId);
    const timebank = await tenancy.getTimebank(p, timebankId);
    const ctx = await viewContext(req, reply, services);
    const items = rows.map((o) => ({ id: o.id, name: o.name, kind: o.kind, people: Number(o.people ?? 0) }));
    return sendPage(reply, <OrganisationsPage ctx={ctx} timebankName={timebank.name} items={items} />);
  });

  async function page(req: FastifyRequest, reply: FastifyReply, id: string, errors: FormError[] = [], values?: Form) {
    const p = principalOf(req);
    const r = await organisations.people(p, id);
    const tb = { type: 'timebank' as const, networkId: p.networkId, timebankId: r.organisation.timebank_id };
    let candidates = null;
    if (r.canManage && can(p, 'member.list', tb)) {
      const linked = new Set(r.people.map((x) => x.person_id));
      const list = await people.list(p, r.organisation.timebank_id, { status: 'active', limit: 200, offset: 0 });
      candidates = list.rows.filter((m) => !linked.has(m.person_id)).map((m) => ({ personId: m.person_id, displayName: m.display_name }));
    }
    const ctx = await viewContext(req, reply, services);
    const org = {
      id,
      name: r.organisation.name,
      people: r.people.map((x) => ({ personId: x.person_id, displayName: x.display_name, role: x.role })),
      canManage: r.canManage,
      candidates,
    };
    return sendPage(reply, <OrganisationPage ctx={ctx} org={org} errors={errors} values={values} />, errors.length ? 400 : 200);
  }

  app.get('/organisations/:id', async (req, reply) => page(req, reply, ids(req, ['id']).id as string));

  /** A form of the organisation page: back to it with a message, or the page with the errors. */
  async function post(req: FastifyRequest, reply: FastifyReply, id: string, suffix: string, run: () => Promise<unknown>, parsedError: Parameters<typeof zodErrors>[0] | null) {
    const ctx = await viewContext(req, reply, services);
    // Only someone who may see the organisation's people gets its page back.
    await organisations.people(principalOf(req), id);
    if (parsedError) return page(req, reply, id, zodErrors(parsedError, ctx.t, 'organisation', suffix), req.body as Form);
    try {
      await run();
      return redirectWithFlash(reply, `/organisations/${id}`, ctx.t('orgs.saved'));
    } catch (err) {
      return page(req, reply, id, domainErrors(err, ctx.t, 'organisation', suffix), req.body as Form);
    }
  }

  app.post('/organisations/:id/people', async (req, reply) => {
    const id = ids(req, ['id']).id as string;
    const parsed = AddPersonBody.safeParse(formValues(req.body));
    return post(req, reply, id, '', () => organisations.addPerson(principalOf(req), actorFor(req), id, parsed.data!.personId, parsed.data!.role), parsed.error ?? null);
  });

  app.post('/organisations/:id/people/:personId', async (req, reply) => {
    const { id, personId } = ids(req, ['id', 'personId']) as { id: string; personId: string };
    const parsed = RoleBody.safeParse(formValues(req.body));
    return post(req, reply, id, `-${personId}`, () => organisations.setRole(principalOf(req), actorFor(req), id, personId, parsed.data!.role), parsed.error ?? null);
  });

  app.post('/organisations/:id/people/:personId/remove', async (req, reply) => {
    const { id, personId } = ids(req, ['id', 'personId']) as { id: string; personId: string };
    return post(req, reply, id, `-${personId}`, () => organisations.removePerson(principalOf(req), actorFor(req), id, personId), null);
  });
};
