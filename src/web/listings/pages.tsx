// Listing pages: browse and search, a listing, posting and editing, my listings, the
// categories I follow, and the broker's form for a request taken by phone. Plain forms and
// links: they work with JavaScript off.
import type { CategoryTree } from '../../modules/categories/service.ts';
import { TEXT_LANGUAGES } from '../../modules/listings/rules.ts';
import { can, staffTimebankIds } from '../../modules/policy/policy.ts';
import type { ListingView, When } from '../../modules/listings/service.ts';
import type { SearchItem, SearchResult } from '../../modules/search/service.ts';
import { Button, PostForm, SelectField, TextArea, TextField } from '../components.tsx';
import type { T } from '../i18n/i18n.ts';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';

export type FormValues = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const KINDS = ['request', 'offer', 'lend'] as const;
const MODES = ['home', 'outside', 'online'] as const;
const PARTS = ['morning', 'afternoon', 'evening'] as const;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** A language's name in the page's language ("Polish", "polski"). */
export function languageName(locale: string, code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

const weekdayName = (locale: string, d: number) => new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, d)));
const dayText = (locale: string, day: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

/** "Every Tuesday, morning", "On 3 March", "Flexible". */
export function whenText(t: T, locale: string, w: { kind: string; on?: string | null; weekday?: number | null; everyWeeks?: number | null; part?: string | null; note?: string | null }): string {
  const base =
    w.kind === 'one_off' && w.on
      ? t('listings.when.onDay', { day: dayText(locale, w.on) })
      : w.kind === 'recurring' && w.weekday
        ? t('listings.when.every', { weeks: w.everyWeeks ?? 1, weekday: weekdayName(locale, w.weekday) })
        : t('listings.when.flexible');
  const part = w.part ? t(`listings.part.${w.part as (typeof PARTS)[number]}`) : '';
  return [base, part, w.note ?? ''].filter(Boolean).join(', ');
}

const categoryOptions = (t: T, tree: CategoryTree[], any: boolean) => [
  ...(any ? [{ value: '', label: t('listings.any') }] : [{ value: '', label: t('listings.chooseCategory') }]),
  ...tree.flatMap((top) => [{ value: top.slug, label: top.name }, ...top.subs.map((s) => ({ value: s.slug, label: `— ${s.name}` }))]),
];

/** The fields of a listing, for posting, editing and the phone form. */
function ListingFields(props: {
  ctx: ViewContext;
  tree: CategoryTree[];
  areas: { id: string; name: string }[];
  values: FormValues;
  errors: FormError[];
  staff: boolean;
  withExpiry: boolean;
}) {
  const { ctx, tree, areas, values, errors, staff, withExpiry } = props;
  const { t, locale } = ctx;
  const v = (k: string) => one(values[k]);
  return (
    <>
      <SelectField id="kind" label={t('listings.kind')} value={v('kind') ?? 'request'} errors={errors} options={KINDS.map((k) => ({ value: k, label: t(`listings.kind.${k}`) }))} />
      <TextField id="title" label={t('listings.titleField')} hint={t('listings.titleHint')} value={v('title')} errors={errors} />
      <TextArea id="description" label={t('listings.description')} value={v('description')} rows={5} errors={errors} />
      <SelectField id="categorySlug" label={t('listings.category')} value={v('categorySlug') ?? ''} errors={errors} options={categoryOptions(t, tree, false)} />
      <SelectField id="areaId" label={t('listings.area')} value={v('areaId') ?? ''} errors={errors} options={[{ value: '', label: t('listings.anyArea') }, ...areas.map((a) => ({ value: a.id, label: a.name }))]} />
      <SelectField id="mode" label={t('listings.mode')} value={v('mode') ?? 'home'} errors={errors} options={MODES.map((m) => ({ value: m, label: t(`listings.mode.${m}`) }))} />
      <fieldset className="fieldset">
        <legend>{t('listings.when')}</legend>
        <SelectField
          id="whenKind"
          label={t('listings.whenKind')}
          value={v('whenKind') ?? 'flexible'}
          errors={errors}
          options={(['flexible', 'one_off', 'recurring'] as const).map((k) => ({ value: k, label: t(`listings.whenKind.${k}`) }))}
        />
        <TextField id="whenOn" type="date" label={t('listings.whenOn')} hint={t('listings.whenOnHint')} value={v('whenOn')} errors={errors} width="short" />
        <SelectField id="whenWeekday" label={t('listings.whenWeekday')} hint={t('listings.whenWeekdayHint')} value={v('whenWeekday') ?? '1'} errors={errors} options={WEEKDAYS.map((d) => ({ value: String(d), label: weekdayName(locale, d) }))} />
        <SelectField id="whenEveryWeeks" label={t('listings.whenEveryWeeks')} value={v('whenEveryWeeks') ?? '1'} errors={errors} options={[1, 2, 3, 4].map((n) => ({ value: String(n), label: t('listings.everyWeeks', { weeks: n }) }))} />
        <SelectField id="whenPart" label={t('listings.whenPart')} value={v('whenPart') ?? ''} errors={errors} options={[{ value: '', label: t('listings.anyTime') }, ...PARTS.map((p) => ({ value: p, label: t(`listings.part.${p}`) }))]} />
        <TextField id="whenNote" label={t('listings.whenNote')} hint={t('listings.whenNoteHint')} value={v('whenNote')} errors={errors} />
      </fieldset>
      <SelectField id="language" label={t('listings.language')} hint={t('listings.languageHint')} value={v('language') ?? locale} errors={errors} options={TEXT_LANGUAGES.map((l) => ({ value: l, label: languageName(locale, l) }))} />
      <TextField id="languages" label={t('listings.languages')} hint={t('listings.languagesHint')} value={v('languages')} errors={errors} />
      <SelectField id="visibility" label={t('listings.visibility')} value={v('visibility') ?? 'timebank'} errors={errors} options={(['timebank', 'network'] as const).map((x) => ({ value: x, label: t(`listings.visibility.${x}`) }))} />
      {withExpiry ? <TextField id="expiresOn" type="date" label={t('listings.expiresOn')} hint={t('listings.expiresOnHint')} value={v('expiresOn')} errors={errors} width="short" /> : null}
      {staff ? (
        <SelectField
          id="checkNeeded"
          label={t('listings.checkNeeded')}
          hint={t('listings.checkNeededHint')}
          value={v('checkNeeded') ?? ''}
          errors={errors}
          options={[
            { value: '', label: t('listings.checkFromCategory') },
            { value: 'yes', label: t('listings.checkYes') },
          ]}
        />
      ) : null}
    </>
  );
}

export function ListingFormPage(props: {
  ctx: ViewContext;
  title: string;
  intro?: string | undefined;
  action: string;
  tree: CategoryTree[];
  areas: { id: string; name: string }[];
  values: FormValues;
  errors: FormError[];
  staff: boolean;
  withExpiry: boolean;
  submit: string;
  hidden?: Record<string, string> | undefined;
}) {
  const { ctx, title, errors } = props;
  return (
    <Layout ctx={ctx} title={title} errors={errors}>
      <h1>{title}</h1>
      {props.intro ? <p>{props.intro}</p> : null}
      <PostForm action={props.action} ctx={ctx}>
        {Object.entries(props.hidden ?? {}).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <ListingFields ctx={ctx} tree={props.tree} areas={props.areas} values={props.values} errors={errors} staff={props.staff} withExpiry={props.withExpiry} />
        <Button>{props.submit}</Button>
      </PostForm>
    </Layout>
  );
}

/** The form's values of a saved listing (what the edit page starts from). */
export function listingFormValues(l: ListingView): FormValues {
  const w: When = l.when;
  return {
    kind: l.kind,
    title: l.title,
    description: l.description,
    categorySlug: l.category.slug,
    areaId: l.area?.id,
    mode: l.mode,
    whenKind: w.kind,
    whenOn: w.kind === 'one_off' ? w.on : undefined,
    whenWeekday: w.kind === 'recurring' ? String(w.weekday) : undefined,
    whenEveryWeeks: w.kind === 'recurring' ? String(w.everyWeeks) : undefined,
    whenPart: w.part ?? undefined,
    whenNote: w.note ?? undefined,
    language: l.language,
    languages: l.languages.join(', '),
    visibility: l.visibility,
    checkNeeded: l.checkByBroker ? 'yes' : '',
  };
}

function Result({ ctx, item }: { ctx: ViewContext; item: SearchItem }) {
  const { t, locale } = ctx;
  return (
    <li className="listing">
      <h3>
        <a href={`/timebanks/${item.timebankId}/listings/${item.id}`}>{item.title}</a>
      </h3>
      <p>
        <strong>{t(`listings.kind.${item.kind}`)}</strong> · {item.category.name} · {t(`listings.mode.${item.mode}`)}
        {item.areaName ? ` · ${item.areaName}` : ''} · {whenText(t, locale, item.when)}
      </p>
      {item.description ? <p>{item.description}</p> : null}
      <p className="hint">
        {item.ownerName}
        {item.elsewhere ? ` · ${t('listings.fromTimebank', { timebank: item.timebankName })}` : ''}
        {item.checkNeeded ? ` · ${t('listings.checkNeededShort')}` : ''}
        {item.match === 'similar' ? ` · ${t('listings.similar')}` : ''}
      </p>
    </li>
  );
}

export interface BrowseQuery {
  q?: string | undefined;
  category?: string | undefined;
  areaId?: string | undefined;
  mode?: string | undefined;
  kind?: string | undefined;
  offset: number;
  limit: number;
}

export function BrowsePage(props: {
  ctx: ViewContext;
  timebank: { id: string; name: string };
  query: BrowseQuery;
  result: SearchResult;
  tree: CategoryTree[];
  areas: { id: string; name: string }[];
  staff: boolean;
  errors: FormError[];
}) {
  const { ctx, timebank, query, result, tree, areas, staff, errors } = props;
  const { t } = ctx;
  const title = t('listings.browseTitle', { timebank: timebank.name });
  const page = (offset: number) => {
    const ps = new URLSearchParams();
    for (const [k, v] of Object.entries({ q: query.q, category: query.category, areaId: query.areaId, mode: query.mode, kind: query.kind })) if (v) ps.set(k, v);
    if (offset) ps.set('offset', String(offset));
    const s = ps.toString();
    return s ? `/listings?${s}` : '/listings';
  };
  return (
    <Layout ctx={ctx} title={title} errors={errors}>
      <h1>{title}</h1>
      <ul className="list actions">
        <li>
          <a href="/listings/new">{t('listings.post')}</a>
        </li>
        <li>
          <a href="/listings/mine">{t('listings.mineTitle')}</a>
        </li>
        <li>
          <a href="/listings/following">{t('listings.followingTitle')}</a>
        </li>
        {staff ? (
          <li>
            <a href={`/timebanks/${timebank.id}/listings/phone`}>{t('listings.phoneTitle')}</a>
          </li>
        ) : null}
      </ul>
      <search aria-label={t('listings.searchLabel')}>
        <form method="get" action="/listings" className="filters">
          <TextField id="q" label={t('listings.words')} value={query.q} errors={errors} />
          <SelectField id="category" label={t('listings.category')} value={query.category ?? ''} errors={errors} options={categoryOptions(t, tree, true)} />
          <SelectField id="areaId" label={t('listings.area')} value={query.areaId ?? ''} errors={errors} options={[{ value: '', label: t('listings.any') }, ...areas.map((a) => ({ value: a.id, label: a.name }))]} />
          <SelectField id="mode" label={t('listings.mode')} value={query.mode ?? ''} errors={errors} options={[{ value: '', label: t('listings.any') }, ...MODES.map((m) => ({ value: m, label: t(`listings.mode.${m}`) }))]} />
          <SelectField id="kind" label={t('listings.kind')} value={query.kind ?? ''} errors={errors} options={[{ value: '', label: t('listings.any') }, ...KINDS.map((k) => ({ value: k, label: t(`listings.kind.${k}`) }))]} />
          <button type="submit" className="button button--secondary">
            {t('listings.search')}
          </button>
        </form>
      </search>
      <h2>{t('listings.results')}</h2>
      {result.similar ? <p className="hint">{t('listings.similarHint')}</p> : null}
      {result.items.length ? (
        <ul className="list">
          {result.items.map((i) => (
            <Result key={i.id} ctx={ctx} item={i} />
          ))}
        </ul>
      ) : (
        <p>{t('listings.none')}</p>
      )}
      {query.offset > 0 || result.hasMore ? (
        <nav className="pagination" aria-label={t('members.pages')}>
          {query.offset > 0 ? <a href={page(Math.max(0, query.offset - query.limit))}>{t('members.previous')}</a> : null}
          {result.hasMore ? <a href={page(query.offset + query.limit)}>{t('members.next')}</a> : null}
        </nav>
      ) : null}
    </Layout>
  );
}

/** For brokers and coordinators of the listing's timebank: who could help with an open request,
 * or which open requests an open offer could meet (docs/matching.md). */
function MatchingLink({ ctx, listing: l }: { ctx: ViewContext; listing: ListingView }) {
  const p = ctx.principal;
  if (!p || l.status !== 'open' || !can(p, 'matching.read', { type: 'timebank', networkId: p.networkId, timebankId: l.timebankId })) return null;
  const request = l.kind === 'request';
  return (
    <p>
      <a href={`/timebanks/${l.timebankId}/matching/${request ? 'requests' : 'offers'}/${l.id}`}>{ctx.t(request ? 'listings.whoCouldHelp' : 'listings.requestsItMeets')}</a>
    </p>
  );
}

/** An open listing leads to proposing an exchange on it: a member offers to help with a request
 * or asks for what is offered; a broker or coordinator of its timebank arranges one for others.
 * Not shown to whoever posted it (the member, or the people acting for its organisation), nor to
 * people who are not members where it is shown. */
function ProposeLink({ ctx, listing: l }: { ctx: ViewContext; listing: ListingView }) {
  const p = ctx.principal;
  if (!p || l.status !== 'open') return null;
  const staff = staffTimebankIds(p).includes(l.timebankId);
  // Who may manage it and is not staff posted it: the member, or someone acting for its organisation.
  const own = l.canManage;
  const member = p.memberships.some((m) => (m.status === 'active' || m.status === 'paused') && (m.timebankId === l.timebankId || l.visibility === 'network'));
  if (!staff && (own || !member)) return null;
  const label = staff ? 'listings.arrange' : l.kind === 'request' ? 'listings.offerToHelp' : 'listings.askForThis';
  return (
    <p>
      <a href={`/exchanges/new?listingId=${l.id}`} className="button">
        {ctx.t(label)}
      </a>
    </p>
  );
}

export function ListingPage(props: { ctx: ViewContext; listing: ListingView; errors: FormError[]; renewValue?: string | undefined }) {
  const { ctx, listing: l, errors } = props;
  const { t, locale } = ctx;
  const base = `/timebanks/${l.timebankId}/listings/${l.id}`;
  const category = l.category.parentName ? `${l.category.parentName}: ${l.category.name}` : l.category.name;
  return (
    <Layout ctx={ctx} title={l.title} errors={errors}>
      <span className="hint">{t(`listings.kind.${l.kind}`)}</span>
      <h1>{l.title}</h1>
      {l.status !== 'open' ? (
        <div className="banner banner--warning">
          <p>{t(`listings.status.${l.status}`)}</p>
        </div>
      ) : null}
      {l.description ? <p>{l.description}</p> : null}
      <dl className="summary-list">
        <div>
          <dt>{t('listings.by')}</dt>
          <dd>
            {l.ownerName}
            {l.createdByOther ? ` (${l.takenByPhone ? t('listings.takenByPhone', { name: l.createdByName }) : t('listings.recordedBy', { name: l.createdByName })})` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('listings.category')}</dt>
          <dd>{category}</dd>
        </div>
        <div>
          <dt>{t('listings.mode')}</dt>
          <dd>{t(`listings.mode.${l.mode}`)}</dd>
        </div>
        <div>
          <dt>{t('listings.area')}</dt>
          <dd>{l.area?.name ?? t('listings.anyArea')}</dd>
        </div>
        <div>
          <dt>{t('listings.when')}</dt>
          <dd>{whenText(t, locale, l.when)}</dd>
        </div>
        <div>
          <dt>{t('listings.checkNeeded')}</dt>
          <dd>{l.checkNeeded ? t('listings.checkYes') : t('listings.checkNo')}</dd>
        </div>
        <div>
          <dt>{t('listings.languages')}</dt>
          <dd>{[l.language, ...l.languages.filter((x) => x !== l.language)].map((x) => languageName(locale, x)).join(', ')}</dd>
        </div>
        <div>
          <dt>{t('listings.visibility')}</dt>
          <dd>{t(`listings.visibility.${l.visibility}`)}</dd>
        </div>
        <div>
          <dt>{t('listings.timebank')}</dt>
          <dd>{l.timebankName}</dd>
        </div>
        <div>
          <dt>{t('listings.expiresOn')}</dt>
          <dd>{dayText(locale, l.expiresOn)}</dd>
        </div>
      </dl>
      <ProposeLink ctx={ctx} listing={l} />
      <MatchingLink ctx={ctx} listing={l} />
      {l.canManage ? (
        <section aria-labelledby="manage-title">
          <h2 id="manage-title">{t('listings.manage')}</h2>
          {l.status === 'open' ? (
            <p>
              <a href={`${base}/edit`} className="button">
                {t('listings.edit')}
              </a>
            </p>
          ) : null}
          {l.status !== 'closed' ? (
            <>
              <PostForm action={`${base}/renew`} ctx={ctx}>
                <TextField id="expiresOn" type="date" label={t('listings.renewUntil')} hint={t('listings.renewHint')} value={props.renewValue} errors={errors} width="short" />
                <Button secondary>{t('listings.renew')}</Button>
              </PostForm>
              <PostForm action={`${base}/close`} ctx={ctx}>
                <Button secondary>{t('listings.close')}</Button>
              </PostForm>
            </>
          ) : null}
        </section>
      ) : null}
      <p>
        <a href="/listings">{t('listings.back')}</a>
      </p>
    </Layout>
  );
}

export function MyListingsPage(props: {
  ctx: ViewContext;
  title: string;
  items: { id: string; timebank_id: string; kind: string; title: string; status: string; expires_on: string; taken_by_phone: boolean }[];
}) {
  const { ctx, title, items } = props;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        <a href="/listings/new" className="button">
          {t('listings.post')}
        </a>
      </p>
      {items.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('listings.titleField')}</th>
              <th scope="col">{t('listings.kind')}</th>
              <th scope="col">{t('listings.statusLabel')}</th>
              <th scope="col">{t('listings.expiresOn')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>
                <td>
                  <a href={`/timebanks/${i.timebank_id}/listings/${i.id}`}>{i.title}</a>
                </td>
                <td>{t(`listings.kind.${i.kind as (typeof KINDS)[number]}`)}</td>
                <td>{t(`listings.state.${i.status as 'open' | 'closed' | 'lapsed'}`)}</td>
                <td>{dayText(locale, i.expires_on)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('listings.noneMine')}</p>
      )}
    </Layout>
  );
}

export function FollowingPage(props: { ctx: ViewContext; tree: CategoryTree[]; checked: string[]; errors: FormError[] }) {
  const { ctx, tree, checked, errors } = props;
  const { t } = ctx;
  const title = t('listings.followingTitle');
  const error = errors.find((e) => e.field === 'categories');
  return (
    <Layout ctx={ctx} title={title} errors={errors}>
      <h1>{title}</h1>
      <p className="hint">{t('listings.followingHint')}</p>
      <PostForm action="/listings/following" ctx={ctx}>
        <fieldset className={`fieldset checkboxes${error ? ' form-group--error' : ''}`} aria-describedby={error ? 'categories-error' : undefined}>
          <legend>{t('listings.followingLegend')}</legend>
          {error ? (
            <p id="categories-error" className="error-message">
              {error.message}
            </p>
          ) : null}
          {tree.flatMap((top, n) =>
            [top, ...top.subs].map((c, i) => {
              const id = n === 0 && i === 0 ? 'categories' : `categories-${c.slug.replace('.', '--')}`;
              return (
                <div className="checkbox" key={c.slug}>
                  <input type="checkbox" id={id} name="categories" value={c.slug} defaultChecked={checked.includes(c.slug)} />
                  <label htmlFor={id}>{i === 0 ? <strong>{t('listings.allOf', { name: c.name })}</strong> : c.name}</label>
                </div>
              );
            }),
          )}
        </fieldset>
        <Button>{t('listings.followingSave')}</Button>
      </PostForm>
    </Layout>
  );
}

export function PhoneFindPage(props: { ctx: ViewContext; timebank: { id: string; name: string }; q: string | undefined; members: { member_id: string; display_name: string; status: string }[] }) {
  const { ctx, timebank, q, members } = props;
  const { t } = ctx;
  const title = t('listings.phoneTitle');
  const base = `/timebanks/${timebank.id}/listings/phone`;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{t('listings.phoneFind')}</p>
      <search aria-label={t('listings.phoneFindLabel')}>
        <form method="get" action={base} className="filters">
          <TextField id="q" label={t('listings.phoneMember')} value={q} errors={[]} />
          <button type="submit" className="button button--secondary">
            {t('listings.search')}
          </button>
        </form>
      </search>
      {q !== undefined ? (
        members.length ? (
          <ul className="list">
            {members.map((m) => (
              <li key={m.member_id}>
                <a href={`${base}?memberId=${m.member_id}`}>{t('listings.phoneFor', { name: m.display_name })}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('listings.phoneNoMembers')}</p>
        )
      ) : null}
    </Layout>
  );
}

export { list as formList, one as formOne };
