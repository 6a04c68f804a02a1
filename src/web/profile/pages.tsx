// Profile pages: a member's profile and its form (the member's own, or a broker's for them),
// the coordinator's categories page and the member directory. Plain forms: they work with
// JavaScript off; long category lists fold into <details> per top level.
import type { ReactNode } from 'react';
import type { CategoryTree } from '../../modules/categories/service.ts';
import type { DirectoryEntry } from '../../modules/directory/service.ts';
import type { ProfileView } from '../../modules/profiles/service.ts';
import { PROFILE_KINDS, type DirectoryVisibility, type ProfileKind } from '../../modules/profiles/tables.ts';
import { Button, PostForm, SelectField, TextArea, TextField } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';

export type FormValues = Record<string, string | string[] | undefined>;

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** The form's values of a saved profile (what the edit page starts from). */
export function profileFormValues(p: ProfileView): FormValues {
  const v: FormValues = { languages: p.languages.join(', '), areaIds: p.areas.map((a) => a.id), directoryOptOut: p.directoryOptOut ? 'yes' : undefined };
  for (const kind of PROFILE_KINDS) {
    v[`${kind}-categories`] = p.sections[kind].categories.map((c) => c.slug);
    v[`${kind}-text`] = p.sections[kind].text ?? undefined;
  }
  return v;
}

function ErrorText({ errors, field }: { errors: FormError[]; field: string }) {
  const e = errors.find((x) => x.field === field);
  return e ? (
    <p id={`${field}-error`} className="error-message">
      {e.message}
    </p>
  ) : null;
}

/** Checkboxes in a fieldset; the first box carries the group's id so the error summary can link to it. */
function Checkboxes(props: { id: string; name?: string; legend: string; options: { value: string; label: string }[]; checked: string[]; errors: FormError[]; children?: ReactNode }) {
  const error = props.errors.some((e) => e.field === props.id);
  return (
    <fieldset className={`fieldset checkboxes${error ? ' form-group--error' : ''}`} aria-describedby={error ? `${props.id}-error` : undefined}>
      <legend>{props.legend}</legend>
      <ErrorText errors={props.errors} field={props.id} />
      {props.options.map((o, i) => (
        <div className="checkbox" key={o.value}>
          <input type="checkbox" id={i === 0 ? props.id : `${props.id}-${i}`} name={props.name ?? props.id} value={o.value} defaultChecked={props.checked.includes(o.value)} />
          <label htmlFor={i === 0 ? props.id : `${props.id}-${i}`}>{o.label}</label>
        </div>
      ))}
      {props.children}
    </fieldset>
  );
}


/** One section of the form: its categories, folded per top level, and its free text. */
function SectionFields({ ctx, kind, tree, values, errors }: { ctx: ViewContext; kind: ProfileKind; tree: CategoryTree[]; values: FormValues; errors: FormError[] }) {
  const { t } = ctx;
  const checked = list(values[`${kind}-categories`]);
  const id = `${kind}-categories`;
  const error = errors.some((e) => e.field === id);
  return (
    <section className="profile-section">
      <h2>{t(`profile.section.${kind}`)}</h2>
      <p className="hint">{t(`profile.hint.${kind}`)}</p>
      <div className={error ? 'form-group--error' : undefined}>
        <ErrorText errors={errors} field={id} />
        {tree.map((top, n) => (
          <details key={top.slug} className="details" open={top.subs.some((s) => checked.includes(s.slug)) || checked.includes(top.slug) ? true : undefined}>
            <summary>{top.name}</summary>
            <Checkboxes
              id={n === 0 ? id : `${id}-${top.slug}`}
              name={id}
              legend={top.name}
              options={top.subs.map((s) => ({ value: s.slug, label: s.name }))}
              checked={checked}
              errors={[]}
            />
          </details>
        ))}
      </div>
      <TextArea id={`${kind}-text`} label={t('profile.text')} value={one(values[`${kind}-text`])} errors={errors} />
    </section>
  );
}

export function ProfileEditPage(props: {
  ctx: ViewContext;
  title: string;
  action: string;
  tree: CategoryTree[];
  areas: { id: string; name: string }[];
  values: FormValues;
  errors: FormError[];
}) {
  const { ctx, title, action, tree, areas, values, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={title} errors={errors}>
      <h1>{title}</h1>
      <p className="hint">{t('profile.editHint')}</p>
      <PostForm action={action} ctx={ctx}>
        {PROFILE_KINDS.map((kind) => (
          <SectionFields key={kind} ctx={ctx} kind={kind} tree={tree} values={values} errors={errors} />
        ))}
        <TextField id="languages" label={t('profile.languages')} hint={t('profile.languagesHint')} value={one(values.languages)} errors={errors} />
        {areas.length ? (
          <Checkboxes id="areaIds" legend={t('profile.areas')} options={areas.map((a) => ({ value: a.id, label: a.name }))} checked={list(values.areaIds)} errors={errors} />
        ) : null}
        <Checkboxes id="directoryOptOut" legend={t('profile.directory')} options={[{ value: 'yes', label: t('profile.optOut') }]} checked={list(values.directoryOptOut)} errors={errors} />
        <Button>{t('profile.save')}</Button>
      </PostForm>
    </Layout>
  );
}

export function ProfilePage(props: { ctx: ViewContext; title: string; profile: ProfileView; editHref: string; after?: ReactNode }) {
  const { ctx, title, profile, editHref } = props;
  const { t } = ctx;
  const empty = t('profile.empty');
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={editHref} className="button">
          {t('profile.edit')}
        </a>
      </p>
      <dl className="summary-list">
        {PROFILE_KINDS.map((kind) => {
          const s = profile.sections[kind];
          const parts = [s.categories.map((c) => c.name).join(', '), s.text ?? ''].filter(Boolean);
          return (
            <div key={kind}>
              <dt>{t(`profile.section.${kind}`)}</dt>
              <dd>{parts.length ? parts.join(' — ') : empty}</dd>
            </div>
          );
        })}
        <div>
          <dt>{t('profile.languages')}</dt>
          <dd>{profile.languages.length ? profile.languages.join(', ') : empty}</dd>
        </div>
        <div>
          <dt>{t('profile.areas')}</dt>
          <dd>{profile.areas.length ? profile.areas.map((a) => a.name).join(', ') : empty}</dd>
        </div>
        <div>
          <dt>{t('profile.directory')}</dt>
          <dd>{profile.directoryOptOut ? t('profile.optedOut') : t('profile.listed')}</dd>
        </div>
      </dl>
      {props.after}
    </Layout>
  );
}

/** A choice of two, sent as "no" or "yes". */
function TwoWay(props: { id: string; name: string; label: string; value: string; errors: FormError[]; no: string; yes: string }) {
  const options = [
    { value: 'no', label: props.no },
    { value: 'yes', label: props.yes },
  ];
  return <SelectField id={props.id} name={props.name} label={props.label} value={props.value} errors={props.errors} options={options} />;
}

/** One category's settings: names in both languages, hidden, minimum age, check. */
function CategoryForm({ ctx, timebankId, c, errors, values }: { ctx: ViewContext; timebankId: string; c: CategoryTree['subs'][number]; errors: FormError[]; values: FormValues | undefined }) {
  const { t } = ctx;
  const sfx = `-${c.slug.replace('.', '--')}`;
  const v = (k: string, d: string) => one(values?.[k]) ?? d;
  return (
    <details className="details" open={values ? true : undefined}>
      <summary>
        {t('categories.change', { name: c.name })}
        {c.hidden ? ` (${t('categories.hidden')})` : ''}
      </summary>
      <PostForm action={`/timebanks/${timebankId}/categories/${c.slug}`} ctx={ctx}>
        <TextField id={`nameEn${sfx}`} name="nameEn" label={t('categories.nameEn')} value={v('nameEn', c.nameEn)} errors={errors} />
        <TextField id={`namePl${sfx}`} name="namePl" label={t('categories.namePl')} value={v('namePl', c.namePl)} errors={errors} />
        <TextField id={`minimumAge${sfx}`} name="minimumAge" label={t('categories.minimumAge')} hint={t('categories.minimumAgeHint')} inputMode="numeric" width="short" value={v('minimumAge', c.minimumAge === null ? '' : String(c.minimumAge))} errors={errors} />
        <TwoWay id={`checkNeeded${sfx}`} name="checkNeeded" label={t('categories.checkNeeded')} value={v('checkNeeded', c.checkNeeded ? 'yes' : 'no')} errors={errors} no={t('categories.no')} yes={t('categories.yes')} />
        <TwoWay id={`hidden${sfx}`} name="hidden" label={t('categories.visibility')} value={v('hidden', c.hidden ? 'yes' : 'no')} errors={errors} no={t('categories.shown')} yes={t('categories.hidden')} />
        <Button secondary>{t('categories.save')}</Button>
      </PostForm>
    </details>
  );
}

export function CategoriesPage(props: {
  ctx: ViewContext;
  timebank: { id: string; name: string };
  tree: CategoryTree[];
  errors: FormError[];
  /** The form that came back with errors: a slug, or "new". */
  failed?: { slug: string; values: FormValues } | undefined;
}) {
  const { ctx, timebank, tree, errors, failed } = props;
  const { t } = ctx;
  const title = t('categories.title', { timebank: timebank.name });
  const valuesFor = (slug: string) => (failed?.slug === slug ? failed.values : undefined);
  const nv = failed?.slug === 'new' ? failed.values : {};
  return (
    <Layout ctx={ctx} title={title} errors={errors}>
      <h1>{title}</h1>
      <p className="hint">{t('categories.hint')}</p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('categories.category')}</th>
            <th scope="col">{t('categories.minimumAge')}</th>
            <th scope="col">{t('categories.checkNeeded')}</th>
            <th scope="col">{t('categories.visibility')}</th>
          </tr>
        </thead>
        <tbody>
          {tree.flatMap((top) => [top, ...top.subs]).map((c) => (
            <tr key={c.slug}>
              <td>
                {c.parentSlug ? '— ' : ''}
                {c.parentSlug ? c.name : <strong>{c.name}</strong>}
                {c.custom ? ` (${t('categories.added')})` : ''}
                <CategoryForm ctx={ctx} timebankId={timebank.id} c={c} errors={errors} values={valuesFor(c.slug)} />
              </td>
              <td>{c.minimumAge ?? '–'}</td>
              <td>{c.checkNeeded ? t('categories.yes') : t('categories.no')}</td>
              <td>{c.hidden ? t('categories.hidden') : t('categories.shown')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('categories.add')}</h2>
      <PostForm action={`/timebanks/${timebank.id}/categories`} ctx={ctx}>
        <SelectField id="parentSlug" label={t('categories.parent')} value={one(nv.parentSlug)} errors={errors} options={tree.map((top) => ({ value: top.slug, label: top.name }))} />
        <TextField id="nameEn" label={t('categories.nameEn')} value={one(nv.nameEn)} errors={errors} />
        <TextField id="namePl" label={t('categories.namePl')} value={one(nv.namePl)} errors={errors} />
        <TextField id="minimumAge" label={t('categories.minimumAge')} hint={t('categories.minimumAgeHint')} inputMode="numeric" width="short" value={one(nv.minimumAge)} errors={errors} />
        <Button>{t('categories.addSubmit')}</Button>
      </PostForm>
    </Layout>
  );
}

export function DirectoryPage(props: {
  ctx: ViewContext;
  timebank: { id: string; name: string };
  visibility: DirectoryVisibility;
  items: DirectoryEntry[];
  total: number;
  query: { q?: string | undefined; areaId?: string | undefined; category?: string | undefined; offset: number; limit: number };
  areas: { id: string; name: string }[];
  tree: CategoryTree[];
  canConfigure: boolean;
}) {
  const { ctx, timebank, visibility, items, total, query, areas, tree, canConfigure } = props;
  const { t } = ctx;
  const title = t('directory.title', { timebank: timebank.name });
  const base = `/timebanks/${timebank.id}/directory`;
  const page = (offset: number) => {
    const ps = new URLSearchParams();
    for (const [k, v] of Object.entries({ q: query.q, areaId: query.areaId, category: query.category })) if (v) ps.set(k, v);
    if (offset) ps.set('offset', String(offset));
    const s = ps.toString();
    return s ? `${base}?${s}` : base;
  };
  const withOffers = visibility === 'names_areas_offers';
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {canConfigure ? (
        <PostForm action={`${base}/settings`} ctx={ctx} className="filters">
          <SelectField
            id="visibility"
            label={t('directory.setting')}
            value={visibility}
            errors={[]}
            options={(['off', 'names_areas', 'names_areas_offers'] as const).map((v) => ({ value: v, label: t(`directory.visibility.${v}`) }))}
          />
          <Button secondary>{t('directory.saveSetting')}</Button>
        </PostForm>
      ) : null}
      {visibility === 'off' ? (
        <p>{t('directory.off')}</p>
      ) : (
        <>
          <p className="hint">{t('directory.hint')}</p>
          <search aria-label={t('directory.searchLabel')}>
            <form method="get" action={base} className="filters">
              <TextField id="q" label={t('directory.name')} value={query.q} errors={[]} />
              <SelectField id="areaId" label={t('directory.area')} value={query.areaId ?? ''} errors={[]} options={[{ value: '', label: t('directory.any') }, ...areas.map((a) => ({ value: a.id, label: a.name }))]} />
              {withOffers ? (
                <SelectField
                  id="category"
                  label={t('directory.offers')}
                  value={query.category ?? ''}
                  errors={[]}
                  options={[{ value: '', label: t('directory.any') }, ...tree.flatMap((top) => [{ value: top.slug, label: top.name }, ...top.subs.map((s) => ({ value: s.slug, label: `— ${s.name}` }))])]}
                />
              ) : null}
              <button type="submit" className="button button--secondary">
                {t('directory.filter')}
              </button>
            </form>
          </search>
          <p>{t('directory.count', { count: total })}</p>
          {items.length ? (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('directory.name')}</th>
                  <th scope="col">{t('directory.area')}</th>
                  {withOffers ? <th scope="col">{t('directory.offers')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.memberId}>
                    <td>{i.displayName}</td>
                    <td>{i.areas.join(', ') || '–'}</td>
                    {withOffers ? <td>{[i.offers?.categories.map((c) => c.name).join(', '), i.offers?.text].filter(Boolean).join(' — ') || '–'}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t('directory.none')}</p>
          )}
          {query.offset > 0 || query.offset + query.limit < total ? (
            <nav className="pagination" aria-label={t('members.pages')}>
              {query.offset > 0 ? <a href={page(Math.max(0, query.offset - query.limit))}>{t('members.previous')}</a> : null}
              {query.offset + query.limit < total ? <a href={page(query.offset + query.limit)}>{t('members.next')}</a> : null}
            </nav>
          ) : null}
        </>
      )}
    </Layout>
  );
}
