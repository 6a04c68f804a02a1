// Organisations of a timebank, and the people who act for each in a role (admin, member, contact).
import { Button, PostForm, SelectField } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';

const ROLES = ['admin', 'member', 'contact'] as const;
type Role = (typeof ROLES)[number];

export function OrganisationsPage({ ctx, timebankName, items }: { ctx: ViewContext; timebankName: string; items: { id: string; name: string; kind: string; people: number }[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('orgs.title', { timebank: timebankName })}>
      <h1>{t('orgs.title', { timebank: timebankName })}</h1>
      {items.length ? (
        <ul className="list">
          {items.map((o) => (
            <li key={o.id}>
              <a href={`/organisations/${o.id}`}>{o.name}</a> – {t(`orgs.kind.${o.kind as 'voluntary'}`)} – {t('orgs.peopleCount', { count: o.people })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('orgs.none')}</p>
      )}
    </Layout>
  );
}

export interface OrganisationScreen {
  id: string;
  name: string;
  people: { personId: string; displayName: string; role: Role }[];
  canManage: boolean;
  /** Active members who could be added (coordinators only); null: no add form. */
  candidates: { personId: string; displayName: string }[] | null;
}

export function OrganisationPage({ ctx, org, errors, values }: { ctx: ViewContext; org: OrganisationScreen; errors: FormError[]; values?: Record<string, string | undefined> }) {
  const { t } = ctx;
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`orgs.role.${r}`) }));
  return (
    <Layout ctx={ctx} title={org.name} errors={errors}>
      <h1>{org.name}</h1>
      <p>{t('orgs.rolesHint')}</p>
      <h2>{t('orgs.people')}</h2>
      {org.people.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('orgs.person')}</th>
              <th scope="col">{t('orgs.roleLabel')}</th>
              {org.canManage ? <th scope="col">{t('orgs.change')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {org.people.map((x) => (
              <tr key={x.personId}>
                <td>{x.displayName}</td>
                <td>{t(`orgs.role.${x.role}`)}</td>
                {org.canManage ? (
                  <td>
                    <PostForm action={`/organisations/${org.id}/people/${x.personId}`} ctx={ctx}>
                      <SelectField id={`role-${x.personId}`} name="role" label={t('orgs.roleFor', { name: x.displayName })} value={x.role} errors={errors} options={roleOptions} />
                      <Button secondary>{t('orgs.saveRole')}</Button>
                    </PostForm>
                    <PostForm action={`/organisations/${org.id}/people/${x.personId}/remove`} ctx={ctx}>
                      <Button secondary>{t('orgs.remove', { name: x.displayName })}</Button>
                    </PostForm>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('orgs.nobody')}</p>
      )}
      {org.canManage && org.candidates ? (
        <>
          <h2>{t('orgs.add')}</h2>
          <PostForm action={`/organisations/${org.id}/people`} ctx={ctx}>
            <SelectField
              id="personId"
              label={t('orgs.person')}
              value={values?.personId}
              errors={errors}
              options={org.candidates.map((c) => ({ value: c.personId, label: c.displayName }))}
            />
            <SelectField id="role" label={t('orgs.roleLabel')} value={values?.role ?? 'member'} errors={errors} options={roleOptions} />
            <Button>{t('orgs.addSubmit')}</Button>
          </PostForm>
        </>
      ) : null}
    </Layout>
  );
}
