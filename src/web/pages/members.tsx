import type { MemberStatus } from '../../db/schema.ts';
import type { CategoryTree } from '../../modules/categories/service.ts';
import { Button, PostForm, SelectField, TextField } from '../components.tsx';
import { MemberSearch, type MemberSearchProps, toRow } from '../../client/member-search.tsx';
import { pluralForms } from '../i18n/i18n.ts';
import { Island } from '../island.tsx';
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
  lastActivityAt: string | null;
}

export function MembersPage(props: {
  ctx: ViewContext;
  timebank: { id: string; name: string };
  rows: MemberListRow[];
  total: number;
  query: { q?: string | undefined; status?: string | undefined; areaId?: string | undefined; category?: string | undefined; inactiveSince?: string | undefined; checkDue?: boolean | undefined; offset: number; limit: number };
  areas: { id: string; name: string }[];
  categories: CategoryTree[];
}) {
  const { ctx, timebank, rows, total, query, areas, categories } = props;
  const { t } = ctx;
  const island: MemberSearchProps = {
    timebankId: timebank.id,
    csrfToken: ctx.principal?.csrfToken ?? '',
    locale: ctx.locale,
    query: query.q ?? '',
    status: query.status ?? '',
    areaId: query.areaId ?? '',
    category: query.category ?? '',
    inactiveSince: query.inactiveSince ?? '',
    checkDue: query.checkDue ? 'yes' : '',
    offset: query.offset,
    limit: query.limit,
    rows: rows.map(toRow),
    total,
    statusOptions: [{ value: '', label: t('members.any') }, ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))],
    areaOptions: [{ value: '', label: t('members.any') }, ...areas.map((a) => ({ value: a.id, label: a.name }))],
    categoryOptions: [
      { value: '', label: t('members.any') },
      ...categories.flatMap((top) => [{ value: top.slug, label: top.name }, ...top.subs.map((s) => ({ value: s.slug, label: `— ${s.name}` }))]),
    ],
    labels: {
      searchLandmark: t('members.searchLabel'),
      search: t('members.search'),
      status: t('members.status'),
      filter: t('members.filter'),
      name: t('members.name'),
      contact: t('members.contact'),
      area: t('members.area'),
      actFor: t('members.actFor'),
      none: t('members.none'),
      previous: t('members.previous'),
      next: t('members.next'),
      pages: t('members.pages'),
      skill: t('members.skill'),
      lastActivity: t('members.lastActivity'),
      inactiveSince: t('members.inactiveSince'),
      never: t('members.never'),
      profile: t('members.profile'),
      checkDue: t('members.checkDue'),
    },
    countForms: pluralForms(ctx.locale, (count) => t('members.count', { count })),
  };
  return (
    <Layout ctx={ctx} title={t('members.title', { timebank: timebank.name })}>
      <h1>{t('members.title', { timebank: timebank.name })}</h1>
      <Island name="member-search" Component={MemberSearch} props={island} />
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
