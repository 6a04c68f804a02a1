// Pages of the arguments board: the board, writing an argument, my arguments, the moderation
// queue, the stakeholder groups, a published argument's public page and the printable
// resource per group. React escapes every text it renders, so HTML in a claim or a comment is
// shown as text and never runs.
import type { ReactNode } from 'react';
import type { Arguments, ArgumentView } from '../../modules/arguments/service.ts';
import { ATTRIBUTIONS, EVIDENCE_KINDS, REPORT_NAMES, type Attribution, type ReportName } from '../../modules/arguments/tables.ts';
import { Button, describedBy, ErrorMessage, PostForm, SelectField, TextArea, TextField } from '../components.tsx';
import type { Form } from '../forms.ts';
import type { T } from '../i18n/i18n.ts';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';

/** How many evidence rows the form offers (the API takes up to 10). */
export const EVIDENCE_SLOTS = 3;

export interface GroupOption {
  id: string;
  slug: string;
  name_en: string;
  name_pl: string;
  position: number;
  hidden: boolean;
}

type Named = { nameEn: string; namePl: string };
export const groupName = (ctx: ViewContext, g: Named) => (ctx.locale === 'pl' ? g.namePl : g.nameEn);
const rowName = (ctx: ViewContext, g: GroupOption) => (ctx.locale === 'pl' ? g.name_pl : g.name_en);
const when = (ctx: ViewContext, iso: string) => new Date(iso).toLocaleString(ctx.locale === 'pl' ? 'pl-PL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: ctx.timeZone });

/** Radio buttons in a fieldset with a legend, hint and error (GOV.UK radios). */
export function Radios(props: { id: string; legend: string; hint?: string; options: { value: string; label: string; hint?: string }[]; value?: string | undefined; errors: FormError[] }) {
  const error = props.errors.find((e) => e.field === props.id);
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <fieldset className="fieldset" id={props.id} aria-describedby={describedBy(props.id, props.hint, error)}>
        <legend>{props.legend}</legend>
        {props.hint ? (
          <div id={`${props.id}-hint`} className="hint">
            {props.hint}
          </div>
        ) : null}
        {error ? <ErrorMessage id={`${props.id}-error`} message={error.message} /> : null}
        <div className="checkboxes">
          {props.options.map((o, i) => (
            <div className="checkbox" key={o.value}>
              <input
                type="radio"
                id={i === 0 ? `${props.id}-first` : `${props.id}-${o.value}`}
                name={props.id}
                value={o.value}
                defaultChecked={props.value === o.value}
                aria-describedby={o.hint ? `${props.id}-${o.value}-hint` : undefined}
              />
              <label htmlFor={i === 0 ? `${props.id}-first` : `${props.id}-${o.value}`}>
                {o.label}
                {o.hint ? (
                  <span id={`${props.id}-${o.value}-hint`} className="hint">
                    {' '}
                    — {o.hint}
                  </span>
                ) : null}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

function ArgumentLinks({ ctx, canModerate }: { ctx: ViewContext; canModerate: boolean }) {
  const { t } = ctx;
  return (
    <ul className="actions list-plain">
      <li>
        <a href="/arguments/new">{t('arguments.write')}</a>
      </li>
      <li>
        <a href="/arguments/mine">{t('arguments.mine')}</a>
      </li>
      {canModerate ? (
        <>
          <li>
            <a href="/arguments/moderation">{t('arguments.moderation')}</a>
          </li>
          <li>
            <a href="/stakeholder-groups">{t('stakeholders.title')}</a>
          </li>
        </>
      ) : null}
    </ul>
  );
}

export function BoardPage(props: {
  ctx: ViewContext;
  networkSlug: string;
  groups: GroupOption[];
  groupId: string | undefined;
  items: { id: string; claim: string; authorName: string | null; group: Named; convincedTotal: number; publishedAt: string | null }[];
  canModerate: boolean;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('arguments.title')}>
      <h1>{t('arguments.title')}</h1>
      <p>{t('arguments.intro')}</p>
      <ArgumentLinks ctx={ctx} canModerate={props.canModerate} />
      <h2>{t('resource.listTitle')}</h2>
      <ul className="list">
        {props.groups.map((g) => (
          <li key={g.id}>
            <a href={`/networks/${props.networkSlug}/resources/${g.slug}`}>{t('resource.forGroup', { group: rowName(ctx, g) })}</a>
          </li>
        ))}
      </ul>
      <h2>{t('arguments.published')}</h2>
      <form method="get" action="/arguments" className="filters">
        <SelectField
          id="groupId"
          label={t('arguments.group')}
          errors={[]}
          value={props.groupId ?? ''}
          options={[{ value: '', label: t('arguments.allGroups') }, ...props.groups.map((g) => ({ value: g.id, label: rowName(ctx, g) }))]}
        />
        <Button secondary>{t('arguments.filter')}</Button>
      </form>
      {props.items.length === 0 ? (
        <p>{t('arguments.none')}</p>
      ) : (
        <ul className="argument-list">
          {props.items.map((a) => (
            <li key={a.id} className="argument-card">
              <p className="argument-card__claim">
                <a href={`/networks/${props.networkSlug}/arguments/${a.id}`}>{a.claim}</a>
              </p>
              <p className="hint">
                {groupName(ctx, a.group)} · {a.authorName ?? t('arguments.nameWithheld')} · {t('arguments.convincedCount', { count: a.convincedTotal })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function statusLabel(t: T, status: string): string {
  switch (status) {
    case 'private':
      return t('arguments.status.private');
    case 'pending':
      return t('arguments.status.pending');
    case 'published':
      return t('arguments.status.published');
    case 'rejected':
      return t('arguments.status.rejected');
    default:
      return t('arguments.status.hidden');
  }
}

export function MinePage({ ctx, networkSlug, items }: { ctx: ViewContext; networkSlug: string; items: { id: string; claim: string; status: string; group: Named; createdAt: string }[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('arguments.mine')}>
      <h1>{t('arguments.mine')}</h1>
      <p>
        <a href="/arguments/new">{t('arguments.write')}</a>
      </p>
      {items.length === 0 ? (
        <p>{t('arguments.noneMine')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('arguments.claim')}</th>
              <th scope="col">{t('arguments.group')}</th>
              <th scope="col">{t('arguments.statusTitle')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={`/networks/${networkSlug}/arguments/${a.id}`}>{a.claim}</a>
                </td>
                <td>{groupName(ctx, a.group)}</td>
                <td>{statusLabel(t, a.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export function NewArgumentPage(props: { ctx: ViewContext; groups: GroupOption[]; values: Form; errors: FormError[]; buildsOn: { id: string; claim: string } | null }) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  const kinds = [
    { value: '', label: t('arguments.evidence.none') },
    ...EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`arguments.evidence.kind.${k}`) })),
  ];
  return (
    <Layout ctx={ctx} title={t('arguments.write')} errors={errors}>
      <h1>{t('arguments.write')}</h1>
      {props.buildsOn ? <p className="banner">{t('arguments.buildingOn', { claim: props.buildsOn.claim })}</p> : null}
      <PostForm action="/arguments/new" ctx={ctx}>
        {props.buildsOn ? <input type="hidden" name="buildsOnArgumentId" value={props.buildsOn.id} /> : null}
        <SelectField
          id="stakeholderGroupId"
          label={t('arguments.forGroup')}
          errors={errors}
          value={values.stakeholderGroupId}
          options={[{ value: '', label: t('arguments.chooseGroup') }, ...props.groups.map((g) => ({ value: g.id, label: rowName(ctx, g) }))]}
        />
        <TextArea id="claim" label={t('arguments.claim')} hint={t('arguments.claimHint')} errors={errors} value={values.claim} rows={3} />
        <TextArea id="details" label={t('arguments.details')} hint={t('arguments.detailsHint')} errors={errors} value={values.details} rows={6} />
        <h2>{t('arguments.evidence')}</h2>
        <p className="hint">{t('arguments.evidenceHint')}</p>
        {Array.from({ length: EVIDENCE_SLOTS }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed number of numbered rows that never reorder
          <fieldset className="fieldset evidence-slot" key={i}>
            <legend>{t('arguments.evidence.item', { n: i + 1 })}</legend>
            <SelectField id={`evidence-${i}-kind`} label={t('arguments.evidence.kindLabel')} errors={errors} value={values[`evidence-${i}-kind`]} options={kinds} />
            <TextField id={`evidence-${i}-label`} label={t('arguments.evidence.label')} errors={errors} value={values[`evidence-${i}-label`]} />
            <TextField id={`evidence-${i}-url`} label={t('arguments.evidence.url')} hint={t('arguments.evidence.urlHint')} errors={errors} value={values[`evidence-${i}-url`]} type="url" />
            <TextField id={`evidence-${i}-figure`} label={t('arguments.evidence.figure')} hint={t('arguments.evidence.figureHint')} errors={errors} value={values[`evidence-${i}-figure`]} width="short" />
            <TextField id={`evidence-${i}-source`} label={t('arguments.evidence.source')} errors={errors} value={values[`evidence-${i}-source`]} />
            <SelectField
              id={`evidence-${i}-report`}
              label={t('arguments.evidence.report')}
              hint={t('arguments.evidence.reportHint')}
              errors={errors}
              value={values[`evidence-${i}-report`]}
              options={[{ value: '', label: t('arguments.evidence.none') }, ...REPORT_NAMES.map((r) => ({ value: r, label: t(`arguments.report.${r}`) }))]}
            />
          </fieldset>
        ))}
        <Radios
          id="attribution"
          legend={t('arguments.attribution')}
          hint={t('arguments.attributionHint')}
          errors={errors}
          value={values.attribution}
          options={ATTRIBUTIONS.map((a) => ({ value: a, label: t(`arguments.attribution.${a}`), hint: t(`arguments.attribution.${a}Hint`) }))}
        />
        <Button>{t('arguments.submit')}</Button>
      </PostForm>
    </Layout>
  );
}

function EvidenceList({ ctx, evidence }: { ctx: ViewContext; evidence: ArgumentView['evidence'] }) {
  const { t } = ctx;
  if (evidence.length === 0) return <p>{t('arguments.noEvidence')}</p>;
  return (
    <ul className="evidence-list">
      {evidence.map((e) => (
        <li key={`${e.kind}:${e.label}:${e.url ?? e.figure ?? e.report ?? ''}`}>
          {e.kind === 'link' && e.url ? (
            <a href={e.url} rel="nofollow noopener noreferrer ugc" className="evidence-link">
              {e.label}
            </a>
          ) : e.kind === 'figure' ? (
            <>
              <strong className="evidence-figure">{e.figure}</strong> {e.label}
              {e.source ? <span className="hint"> ({t('arguments.evidence.sourceIs', { source: e.source })})</span> : null}
            </>
          ) : (
            <>
              {e.label} <span className="hint">({t('arguments.evidence.fromReport', { report: t(`arguments.report.${(e.report ?? 'membership') as ReportName}`) })})</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function ReportForm({ ctx, action, commentId, label, errors = [] }: { ctx: ViewContext; action: string; commentId?: string; label: string; errors?: FormError[] }) {
  const { t } = ctx;
  const id = commentId ? `reason-${commentId}` : 'reason';
  return (
    <details className="details report" open={errors.some((e) => e.field === id) || undefined}>
      <summary>{label}</summary>
      <PostForm action={action} ctx={ctx}>
        {commentId ? <input type="hidden" name="commentId" value={commentId} /> : null}
        <TextArea id={id} name="reason" label={t('arguments.reportReason')} hint={t('arguments.reportHint')} errors={errors} rows={2} />
        <Button secondary>{t('arguments.reportSubmit')}</Button>
      </PostForm>
    </details>
  );
}

export function ArgumentPage(props: {
  ctx: ViewContext;
  argument: ArgumentView;
  networkSlug: string;
  networkName: string;
  groups: GroupOption[];
  canonicalUrl: string;
  errors: FormError[];
  values: Form;
}) {
  const { ctx, argument: a, errors } = props;
  const { t } = ctx;
  const base = `/arguments/${a.id}`;
  const published = a.status === 'published';
  const description = (a.details ?? a.claim).slice(0, 200);
  const head = (
    <>
      <link rel="canonical" href={props.canonicalUrl} />
      <meta name="description" content={description} />
      {published ? null : <meta name="robots" content="noindex" />}
      <meta property="og:type" content="article" />
      <meta property="og:title" content={a.claim} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={props.canonicalUrl} />
      <meta property="og:site_name" content={`${t('app.name')} · ${props.networkName}`} />
      <meta name="twitter:card" content="summary" />
    </>
  );
  return (
    <Layout ctx={ctx} title={a.claim} errors={errors} head={head}>
      <p className="hint">{t('arguments.forGroupIs', { group: groupName(ctx, a.group) })}</p>
      <h1 className="argument-claim">{a.claim}</h1>
      {published ? null : (
        <p className="banner banner--warning">
          {statusLabel(t, a.status)}
          {a.moderationNote ? ` — ${a.moderationNote}` : ''}
        </p>
      )}
      <p>
        {a.authorName ? t('arguments.by', { name: a.authorName }) : t('arguments.nameWithheld')}
        {a.publishedAt ? ` · ${t('arguments.publishedOn', { date: when(ctx, a.publishedAt) })}` : ''}
      </p>
      {a.details ? <p className="argument-details">{a.details}</p> : null}
      {a.buildsOn ? (
        <p>
          {t('arguments.buildsOn')} <a href={`/networks/${props.networkSlug}/arguments/${a.buildsOn.id}`}>{a.buildsOn.claim}</a>
        </p>
      ) : null}
      <h2>{t('arguments.evidence')}</h2>
      <EvidenceList ctx={ctx} evidence={a.evidence} />
      <h2>{t('arguments.convincedTitle')}</h2>
      {a.convinced.length === 0 ? (
        <p>{t('arguments.convincedNone')}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t('arguments.convincedTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('arguments.group')}</th>
              <th scope="col" className="numeric">
                {t('arguments.people')}
              </th>
            </tr>
          </thead>
          <tbody>
            {a.convinced.map((c) => (
              <tr key={c.groupId}>
                <td>{groupName(ctx, c)}</td>
                <td className="numeric">{c.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {published && a.canTakePart ? (
        a.myConvincedGroupId ? (
          <PostForm action={`${base}/convinced/withdraw`} ctx={ctx}>
            <p>{t('arguments.youAreConvinced', { group: groupName(ctx, a.convinced.find((c) => c.groupId === a.myConvincedGroupId) ?? { nameEn: '', namePl: '' }) })}</p>
            <Button secondary>{t('arguments.withdraw')}</Button>
          </PostForm>
        ) : (
          <PostForm action={`${base}/convinced`} ctx={ctx} className="filters">
            <SelectField
              id="stakeholderGroupId"
              label={t('arguments.speakingFor')}
              errors={errors}
              value={props.values.stakeholderGroupId}
              options={props.groups.map((g) => ({ value: g.id, label: rowName(ctx, g) }))}
            />
            <Button>{t('arguments.wouldConvince')}</Button>
          </PostForm>
        )
      ) : null}
      <h2>{t('arguments.share')}</h2>
      <TextField id="share-link" label={t('arguments.shareLink')} errors={[]} value={props.canonicalUrl} />
      {a.builtOnBy.length ? (
        <>
          <h2>{t('arguments.builtOnBy')}</h2>
          <ul className="list">
            {a.builtOnBy.map((b) => (
              <li key={b.id}>
                <a href={`/networks/${props.networkSlug}/arguments/${b.id}`}>{b.claim}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {published && a.canTakePart ? (
        <>
          <p>
            <a href={`/arguments/new?buildsOn=${a.id}`} className="button button--secondary">
              {t('arguments.buildOn')}
            </a>
          </p>
          <ReportForm ctx={ctx} action={`${base}/report`} label={t('arguments.reportArgument')} errors={errors} />
          <h2>{t('arguments.comments')}</h2>
          {a.comments.length === 0 ? <p>{t('arguments.noComments')}</p> : null}
          <ul className="comment-list">
            {a.comments.map((c) => (
              <li key={c.id} className="comment" id={`comment-${c.id}`}>
                <p className="hint">
                  {c.authorName} · {when(ctx, c.createdAt)}
                </p>
                <p className="comment__body">{c.body}</p>
                <ReportForm ctx={ctx} action={`${base}/report`} commentId={c.id} label={t('arguments.reportComment')} />
              </li>
            ))}
          </ul>
          <PostForm action={`${base}/comments`} ctx={ctx}>
            <TextArea id="body" label={t('arguments.addComment')} hint={t('arguments.commentHint')} errors={errors} value={props.values.body} rows={4} />
            <Button>{t('arguments.postComment')}</Button>
          </PostForm>
        </>
      ) : published && !ctx.principal ? (
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(ctx.path)}`}>{t('arguments.signInToTakePart')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export function ModerationPage(props: { ctx: ViewContext; networkSlug: string; queue: Awaited<ReturnType<Arguments['queue']>> }) {
  const { ctx, queue } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('arguments.moderation')}>
      <h1>{t('arguments.moderation')}</h1>
      <p>{t('arguments.moderationHint')}</p>
      <h2>{t('arguments.waiting', { count: queue.pending.length })}</h2>
      {queue.pending.length === 0 ? <p>{t('arguments.nothingWaiting')}</p> : null}
      {queue.pending.map((a) => (
        <section key={a.id} className="moderation-item" aria-labelledby={`claim-${a.id}`}>
          <h3 id={`claim-${a.id}`}>{a.claim}</h3>
          <p className="hint">
            {groupName(ctx, a.group)} · {t('arguments.by', { name: a.authorName ?? '' })} · {t(`arguments.attribution.${a.attribution as Attribution}`)}
          </p>
          {a.details ? <p className="argument-details">{a.details}</p> : null}
          <EvidenceList ctx={ctx} evidence={a.evidence} />
          <PostForm action={`/arguments/${a.id}/moderation`} ctx={ctx}>
            <TextArea id={`note-${a.id}`} name="note" label={t('arguments.moderationNote')} hint={t('arguments.moderationNoteHint')} errors={[]} rows={2} />
            <div className="button-group">
              <button type="submit" name="decision" value="publish" className="button">
                {t('arguments.publish')}
              </button>
              <button type="submit" name="decision" value="reject" className="button button--secondary">
                {t('arguments.reject')}
              </button>
            </div>
          </PostForm>
        </section>
      ))}
      <h2>{t('arguments.reports', { count: queue.reports.length })}</h2>
      {queue.reports.length === 0 ? <p>{t('arguments.noReports')}</p> : null}
      {queue.reports.map((r) => (
        <section key={r.id} className="moderation-item" aria-labelledby={`report-${r.id}`}>
          <h3 id={`report-${r.id}`}>{r.commentId ? t('arguments.reportedComment') : t('arguments.reportedArgument')}</h3>
          <p>
            <a href={`/networks/${props.networkSlug}/arguments/${r.argumentId}`}>{r.claim}</a>
          </p>
          {r.commentBody ? <blockquote className="comment__body">{r.commentBody}</blockquote> : null}
          <p>{t('arguments.reportedBy', { name: r.reporterName, reason: r.reason })}</p>
          <PostForm action={`/arguments/reports/${r.id}`} ctx={ctx}>
            <div className="button-group">
              <button type="submit" name="resolution" value="hidden" className="button">
                {r.commentId ? t('arguments.hideComment') : t('arguments.hideArgument')}
              </button>
              <button type="submit" name="resolution" value="dismissed" className="button button--secondary">
                {t('arguments.dismiss')}
              </button>
            </div>
          </PostForm>
        </section>
      ))}
    </Layout>
  );
}

export function GroupsPage({ ctx, groups, errors, values, failedId }: { ctx: ViewContext; groups: GroupOption[]; errors: FormError[]; values: Form; failedId: string | null }) {
  const { t } = ctx;
  const mine = (id: string) => (failedId === id ? errors : []);
  return (
    <Layout ctx={ctx} title={t('stakeholders.title')} errors={errors}>
      <h1>{t('stakeholders.title')}</h1>
      <p>{t('stakeholders.hint')}</p>
      {groups.map((g) => (
        <section key={g.id} className="profile-section" aria-labelledby={`group-${g.id}`}>
          <h2 id={`group-${g.id}`}>
            {rowName(ctx, g)}
            {g.hidden ? ` (${t('stakeholders.hiddenTag')})` : ''}
          </h2>
          <PostForm action={`/stakeholder-groups/${g.id}`} ctx={ctx}>
            <GroupFields ctx={ctx} suffix={`-${g.id}`} errors={mine(g.id)} values={failedId === g.id ? values : { nameEn: g.name_en, namePl: g.name_pl, position: String(g.position), hidden: g.hidden ? 'yes' : '' }} />
            <Button secondary>{t('stakeholders.save')}</Button>
          </PostForm>
        </section>
      ))}
      <h2>{t('stakeholders.add')}</h2>
      <PostForm action="/stakeholder-groups" ctx={ctx}>
        <GroupFields ctx={ctx} suffix="" errors={mine('new')} values={failedId === 'new' ? values : {}} adding />
        <Button>{t('stakeholders.addSubmit')}</Button>
      </PostForm>
    </Layout>
  );
}

function GroupFields({ ctx, suffix, errors, values, adding }: { ctx: ViewContext; suffix: string; errors: FormError[]; values: Form; adding?: boolean }) {
  const { t } = ctx;
  return (
    <>
      <TextField id={`nameEn${suffix}`} name="nameEn" label={t('stakeholders.nameEn')} errors={errors} value={values.nameEn} />
      <TextField id={`namePl${suffix}`} name="namePl" label={t('stakeholders.namePl')} errors={errors} value={values.namePl} />
      {adding ? null : (
        <>
          <TextField id={`position${suffix}`} name="position" label={t('stakeholders.position')} hint={t('stakeholders.positionHint')} errors={errors} value={values.position} width="short" inputMode="numeric" />
          <div className="checkbox">
            <input type="checkbox" id={`hidden${suffix}`} name="hidden" value="yes" defaultChecked={values.hidden === 'yes'} />
            <label htmlFor={`hidden${suffix}`}>{t('stakeholders.hide')}</label>
          </div>
        </>
      )}
    </>
  );
}

export function ResourceIndexPage({ ctx, networkSlug, networkName, groups }: { ctx: ViewContext; networkSlug: string; networkName: string; groups: GroupOption[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('resource.listTitle')}>
      <h1>{t('resource.listTitle')}</h1>
      <p>{t('resource.listIntro', { network: networkName })}</p>
      <ul className="list">
        {groups.map((g) => (
          <li key={g.id}>
            <a href={`/networks/${networkSlug}/resources/${g.slug}`}>{t('resource.forGroup', { group: rowName(ctx, g) })}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

type ResourceArgument = {
  id: string;
  claim: string;
  details: string | null;
  authorName: string | null;
  convincedInGroup: number;
  convincedTotal: number;
  evidence: ArgumentView['evidence'];
};

export function ResourcePage(props: { ctx: ViewContext; networkSlug: string; networkName: string; group: Named & { slug: string }; items: ResourceArgument[]; canonicalUrl: string }) {
  const { ctx, group } = props;
  const { t } = ctx;
  const title = t('resource.title', { group: groupName(ctx, group) });
  const head: ReactNode = (
    <>
      <link rel="canonical" href={props.canonicalUrl} />
      <meta property="og:type" content="article" />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={t('resource.intro', { network: props.networkName })} />
      <meta property="og:url" content={props.canonicalUrl} />
    </>
  );
  return (
    <Layout ctx={ctx} title={title} head={head}>
      <article className="resource">
        <h1>{title}</h1>
        <p>{t('resource.intro', { network: props.networkName })}</p>
        <p className="no-print">
          <a href={`/networks/${props.networkSlug}/resources`}>{t('resource.otherGroups')}</a>
        </p>
        {props.items.length === 0 ? <p>{t('resource.empty')}</p> : null}
        <ol className="resource-list">
          {props.items.map((a) => (
            <li key={a.id} className="resource-item">
              <h2 className="resource-item__claim">{a.claim}</h2>
              {a.details ? <p>{a.details}</p> : null}
              <p className="hint">
                {t('resource.support', { inGroup: a.convincedInGroup, total: a.convincedTotal })}
                {a.authorName ? ` · ${t('arguments.by', { name: a.authorName })}` : ''}
              </p>
              <h3>{t('arguments.evidence')}</h3>
              <EvidenceList ctx={ctx} evidence={a.evidence} />
              <p className="print-url">
                <a href={`/networks/${props.networkSlug}/arguments/${a.id}`}>{t('resource.readMore')}</a>
              </p>
            </li>
          ))}
        </ol>
        <p className="print-only">{props.canonicalUrl}</p>
      </article>
    </Layout>
  );
}
