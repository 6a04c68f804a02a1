import type { MemberStatus } from '../../db/schema.ts';
import { Button, PostForm, SelectField, TextField } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';

const STATUSES: MemberStatus[] = ['applied', 'active', 'paused', 'left', 'suspended'];

export interface MemberListRow {
  memberId: string;
  personId: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  status: MemberStatus;
  areaName: string | null;
}

export function MembersPage(props: {
  ctx: ViewContext;
  timebank: { id: string; name: string };
  rows: MemberListRow[];
  total: number;
  query: { q?: string | undefined; status?: string | undefined; offset: number; limit: number };
}) {
  const { ctx, timebank, rows, total, query } = props;
  const { t } = ctx;
  const base = `/timebanks/${timebank.id}/members`;
  const qs = (offset: number) =>
    `${base}?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), ...(query.status ? { status: query.status } : {}), offset: String(offset) })}`;
  const hasPrevious = query.offset > 0;
  const hasNext = query.offset + query.limit < total;
  return (
    <Layout ctx={ctx} title={t('members.title', { timebank: timebank.name })}>
      <h1>{t('members.title', { timebank: timebank.name })}</h1>
      <search aria-label={t('members.searchLabel')}>
        <form method="get" action={base} className="filters">
          <TextField id="q" label={t('members.search')} value={query.q} errors={[]} />
          <SelectField
            id="status"
            label={t('members.status')}
            value={query.status ?? ''}
            errors={[]}
            options={[{ value: '', label: t('members.any') }, ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
          />
          <Button secondary>{t('members.filter')}</Button>
        </form>
      </search>
      <p>{t('members.count', { count: total })}</p>
      {rows.length === 0 ? (
        <p>{t('members.none')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('members.name')}</th>
              <th scope="col">{t('members.contact')}</th>
              <th scope="col">{t('members.area')}</th>
              <th scope="col">{t('members.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('members.actFor')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.memberId}>
                <td>
                  <a href={`/people/${r.personId}`}>{r.displayName}</a>
                </td>
                <td>{r.email ?? r.phone ?? '–'}</td>
                <td>{r.areaName ?? '–'}</td>
                <td>{t(`status.${r.status}`)}</td>
                <td>
                  <PostForm action="/acting-for" ctx={ctx} className="inline-form">
                    <input type="hidden" name="personId" value={r.personId} />
                    <button type="submit" className="link-button">
                      {t('members.actFor')}
                      <span className="visually-hidden"> {r.displayName}</span>
                    </button>
                  </PostForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hasPrevious || hasNext ? (
        <nav className="pagination" aria-label={t('members.pages')}>
          {hasPrevious ? <a href={qs(Math.max(0, query.offset - query.limit))}>{t('members.previous')}</a> : null}
          {hasNext ? <a href={qs(query.offset + query.limit)}>{t('members.next')}</a> : null}
        </nav>
      ) : null}
    </Layout>
  );
}

export function RegisterPage(props: {
  ctx: ViewContext;
  timebank: { id: string; name: string };
  areas: { id: string; name: string }[];
  errors: FormError[];
  values: Record<string, string>;
}) {
  const { ctx, timebank, areas, errors, values } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('register.title')} errors={errors}>
      <h1>{t('register.title')}</h1>
      <p className="hint">{t('register.hint')}</p>
      <PostForm action={`/timebanks/${timebank.id}/members/new`} ctx={ctx}>
        <TextField id="displayName" label={t('register.name')} value={values.displayName} errors={errors} autoComplete="off" />
        <TextField id="email" label={t('register.email')} type="email" value={values.email} errors={errors} autoComplete="off" />
        <TextField id="phone" label={t('register.phone')} type="tel" value={values.phone} errors={errors} autoComplete="off" />
        <TextField id="birthYear" label={t('register.birthYear')} inputMode="numeric" width="short" value={values.birthYear} errors={errors} />
        <SelectField
          id="areaId"
          label={t('register.area')}
          value={values.areaId ?? ''}
          errors={errors}
          options={[{ value: '', label: t('register.noArea') }, ...areas.map((a) => ({ value: a.id, label: a.name }))]}
        />
        <SelectField
          id="status"
          label={t('register.status')}
          value={values.status ?? 'active'}
          errors={errors}
          options={[
            { value: 'active', label: t('status.active') },
            { value: 'applied', label: t('status.applied') },
          ]}
        />
        <Button>{t('register.submit')}</Button>
      </PostForm>
    </Layout>
  );
}
