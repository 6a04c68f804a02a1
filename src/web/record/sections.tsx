// The parts of a person's record page added by "my record": for the person themself, every
// item held about them with a form beside each to add a note or correction; for brokers and
// coordinators, the notes about the member (write, restrict), the member's own remarks, and
// the data rights (export, erase). See docs/my-record.md.
import type { ReactNode } from 'react';
import type { MyRecordView, noteOut, remarkOut } from '../../modules/record/routes.ts';
import type { RemarkItem } from '../../modules/record/tables.ts';
import { Button, PostForm, SelectField, TextArea, TextField } from '../components.tsx';
import { WEEKDAY_KEYS } from '../availability/fields.tsx';
import type { FormError, ViewContext } from '../view.ts';
// feat/wellbeing
import { CheckinList } from '../wellbeing/pages.tsx';

export type NoteView = ReturnType<typeof noteOut>;
export type RemarkView = ReturnType<typeof remarkOut>;

export interface StaffExtras {
  /** The memberships of the person in timebanks where the caller is a broker or coordinator. */
  timebanks: { timebankId: string; memberId: string; timebankName: string }[];
  notes: NoteView[];
  remarks: RemarkView[];
  canExport: boolean;
  canErase: boolean;
}

export interface RecordExtrasData {
  /** The person's own view of their record (only when they look at it themself). */
  mine: MyRecordView | null;
  staff: StaffExtras | null;
}

const dateFmt = (ctx: ViewContext) => new Intl.DateTimeFormat(ctx.locale === 'pl' ? 'pl-PL' : 'en-GB', { dateStyle: 'medium', timeZone: ctx.timeZone });
const dateTimeFmt = (ctx: ViewContext) =>
  new Intl.DateTimeFormat(ctx.locale === 'pl' ? 'pl-PL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: ctx.timeZone });

/** The form a remark is made with: beside an item, or alone after an error. */
export function RemarkForm(props: {
  ctx: ViewContext;
  personId: string;
  itemType: RemarkItem;
  itemId: string | null;
  errors: FormError[];
  values?: Record<string, string | undefined>;
  /** Ids of the fields: unique on a page with many forms. */
  suffix: string;
}) {
  const { ctx, personId, itemType, itemId, errors, values, suffix } = props;
  const { t } = ctx;
  return (
    <PostForm action={`/people/${personId}/remarks`} ctx={ctx}>
      <input type="hidden" name="itemType" value={itemType} />
      {itemId ? <input type="hidden" name="itemId" value={itemId} /> : null}
      <SelectField
        id={`kind${suffix}`}
        name="kind"
        label={t('my.remark.kind')}
        value={values?.kind ?? 'note'}
        errors={errors}
        options={[
          { value: 'note', label: t('my.remark.kind.note') },
          { value: 'correction', label: t('my.remark.kind.correction') },
        ]}
      />
      <TextArea id={`body${suffix}`} name="body" label={t('my.remark.body')} hint={t('my.remark.bodyHint')} value={values?.body} errors={errors} />
      <Button secondary>{t('my.remark.submit')}</Button>
    </PostForm>
  );
}

/** The remarks already made beside an item, and a folded form to add one. */
function Beside(props: { ctx: ViewContext; personId: string; remarks: RemarkView[]; itemType: RemarkItem; itemId: string | null }) {
  const { ctx, personId, remarks, itemType, itemId } = props;
  const { t } = ctx;
  const mine = remarks.filter((r) => r.itemType === itemType && r.itemId === itemId);
  const suffix = `-${itemType}-${itemId ?? 'all'}`;
  return (
    <div className="beside">
      {mine.length ? <RemarkList ctx={ctx} remarks={mine} /> : null}
      <details className="details">
        <summary>{t('my.addRemark')}</summary>
        <RemarkForm ctx={ctx} personId={personId} itemType={itemType} itemId={itemId} errors={[]} suffix={suffix} />
      </details>
    </div>
  );
}

function RemarkList({ ctx, remarks }: { ctx: ViewContext; remarks: RemarkView[] }) {
  const { t } = ctx;
  const fmt = dateFmt(ctx);
  return (
    <ul className="list">
      {remarks.map((r) => (
        <li key={r.id}>
          <strong>
            {t('my.remarkBy', { kind: t(`my.remark.kind.${r.kind}`), name: r.byName, date: fmt.format(new Date(r.createdAt)) })}
          </strong>{' '}
          {r.onBehalf ? t('my.remarkOnBehalf') : null}
          {r.itemType !== 'other' ? ` – ${t(`my.item.${r.itemType}`)}` : null}
          <br />
          {r.body}
        </li>
      ))}
    </ul>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** Everything held about the person, as they see it, with a form beside each item. */
function MyRecord({ ctx, mine }: { ctx: ViewContext; mine: MyRecordView }) {
  const { t } = ctx;
  const fmt = dateFmt(ctx);
  const at = dateTimeFmt(ctx);
  const pid = mine.person.id;
  const beside = (itemType: RemarkItem, itemId: string | null) => (
    <Beside ctx={ctx} personId={pid} remarks={mine.remarks} itemType={itemType} itemId={itemId} />
  );
  return (
    <section aria-labelledby="my-record-title">
      <h2 id="my-record-title">{t('my.title')}</h2>
      <p>{t('my.intro')}</p>
      <p>
        <a href={`/api/v1/people/${pid}/export`} download>
          {t('my.download')}
        </a>
      </p>
      {beside('person', pid)}
      <Section title={t('my.statuses')}>
        {mine.statusHistory.length ? (
          <ul className="list">
            {mine.statusHistory.map((s) => (
              <li key={s.id}>
                {at.format(new Date(s.at))} – {s.timebankName ?? ''}: {s.to ? t(`status.${s.to as 'active'}`) : s.action}
                {s.reason ? ` (${s.reason})` : ''}
                {s.byName ? ` – ${s.byName}` : ''}
                {beside('status', s.id)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('record.none')}</p>
        )}
      </Section>
      {mine.memberships.map((m) => (
        <div key={m.memberId}>
          <Section title={t('my.profile', { timebank: m.timebankName })}>
            {m.profile ? (
              <dl className="summary-list">
                {Object.entries(m.profile.texts)
                  .filter(([, v]) => v)
                  .map(([k, v]) => (
                    <div key={k}>
                      <dt>{t(`my.profileText.${k as 'offer'}`)}</dt>
                      <dd>{v}</dd>
                    </div>
                  ))}
                <dt>{t('my.languages')}</dt>
                <dd>{m.profile.languages.join(', ') || t('common.notSet')}</dd>
              </dl>
            ) : (
              <p>{t('my.noProfile')}</p>
            )}
            {beside('profile', m.memberId)}
          </Section>
          <Section title={t('my.preferences', { timebank: m.timebankName })}>
            <dl className="summary-list">
              <dt>{t('preferences.weekendOnly')}</dt>
              <dd>{m.preferences.weekendOnly ? t('record.yes') : '–'}</dd>
              <dt>{t('preferences.timesOfDay')}</dt>
              <dd>{m.preferences.timesOfDay.map((p) => t(`availability.part.${p as 'morning'}`)).join(', ') || '–'}</dd>
              <dt>{t('preferences.areas')}</dt>
              <dd>{m.preferences.areas.join(', ') || '–'}</dd>
              <dt>{t('preferences.languages')}</dt>
              <dd>{m.preferences.languages.join(', ') || '–'}</dd>
              <dt>{t('my.availability')}</dt>
              <dd>
                {m.availability.windows
                  .map((w) => `${t(`availability.day.${WEEKDAY_KEYS[w.weekday - 1] ?? 'mon'}`)} ${t(`availability.part.${w.part as 'morning'}`)}`)
                  .join(', ') || '–'}
              </dd>
            </dl>
            {beside('preferences', m.memberId)}
            <h4>{t('my.restrictions')}</h4>
            <p>
              {[...m.restrictions.kinds.map((k) => t(`restrictions.kind.${k as 'no_home_visits'}`)), ...(m.restrictions.note ? [m.restrictions.note] : [])].join('; ') ||
                t('record.none')}
            </p>
            {beside('restrictions', m.memberId)}
          </Section>
        </div>
      ))}
      <Section title={t('my.references')}>
        <p>{t('my.referenceHint')}</p>
        {mine.references.length ? (
          <ul className="list">
            {mine.references.map((r) => (
              <li key={r.id}>
                {t('my.referee', { name: r.refereeName, relationship: r.relationship, date: fmt.format(new Date(r.requestedAt)) })}:{' '}
                {r.verdict ? t(`my.verdict.${r.verdict}`) : r.answered ? t('my.verdict.answered') : t('my.verdict.waiting')}
                {beside('reference', r.id)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('my.noReferences')}</p>
        )}
      </Section>
      <Section title={t('my.checks')}>
        {mine.checks.length ? (
          <ul className="list">
            {mine.checks.map((c) => (
              <li key={c.id}>
                {c.timebankName}:{' '}
                {t('my.checkLine', {
                  scheme: t(`safeguarding.scheme.${c.scheme as 'pvg'}`),
                  level: t(`safeguarding.level.${c.level as 'basic'}`),
                  decision: c.decision ? t(`safeguarding.decision.${c.decision as 'cleared'}`) : t('my.noDecision'),
                  date: c.reviewOn,
                })}
                {beside('check', c.id)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('my.noChecks')}</p>
        )}
      </Section>
      <Section title={t('my.notes')}>
        {mine.notes.length ? (
          <ul className="list">
            {mine.notes.map((n) => (
              <li key={n.id}>
                <strong>{t('notes.by', { name: n.writtenBy, date: fmt.format(new Date(n.writtenAt)), timebank: n.timebankName })}</strong>
                <br />
                {n.body}
                {beside('note', n.id)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('my.noNotes')}</p>
        )}
      </Section>
      {/* feat/wellbeing: the person's wellbeing check-ins and answers */}
      {mine.wellbeing.length ? <CheckinList ctx={ctx} items={mine.wellbeing} title={t('wellbeing.mine')} nested /> : null}
      <Section title={t('my.agreements')}>
        {mine.agreements.length ? (
          <ul className="list">
            {mine.agreements.map((a) => (
              <li key={a.id}>
                {t('my.agreementLine', { timebank: a.timebankName, version: a.version, date: a.signedOn, method: t(`my.method.${a.method as 'online'}`) })}
                {beside('agreement', a.id)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('my.noAgreements')}</p>
        )}
      </Section>
      <Section title={t('my.views')}>
        {mine.safeguardingViews.length ? (
          <ul className="list">
            {mine.safeguardingViews.map((v) => (
              <li key={v.id}>
                {at.format(new Date(v.at))} –{' '}
                {t('my.viewLine', { name: v.viewerName, timebank: v.timebankName, what: t(`mychecks.view.${v.view as 'member_checks'}`) })}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('my.noViews')}</p>
        )}
        {beside('safeguarding_view', null)}
      </Section>
      {/* feat/assetmap: capability conversations and the community survey (docs/asset-map.md) */}
      <Section title={t('conversation.history')}>
        {mine.conversations.length ? (
          <ul className="list">
            {mine.conversations.map((c) => (
              <li key={c.id}>
                {c.timebankName}, {at.format(new Date(c.createdAt))}: {t(`conversation.status.${c.status}`)} ({t(`conversation.heldBy.${c.heldBy}`)})
                <dl>
                  {(['head', 'hands', 'heart', 'lend', 'help'] as const).map((k) =>
                    c[k].text || c[k].categories.length ? (
                      <div key={k}>
                        <dt>{t(`conversation.step.${k}`)}</dt>
                        <dd>{[c[k].text, c[k].categories.join(', ')].filter(Boolean).join(' – ')}</dd>
                      </div>
                    ) : null,
                  )}
                  {c.hoursPerMonth !== null ? (
                    <div>
                      <dt>{t('conversation.hours')}</dt>
                      <dd>{c.hoursPerMonth}</dd>
                    </div>
                  ) : null}
                  {c.ways.length ? (
                    <div>
                      <dt>{t('conversation.ways')}</dt>
                      <dd>{c.ways.map((w) => t(`way.${w}`)).join('; ')}</dd>
                    </div>
                  ) : null}
                </dl>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('record.none')}</p>
        )}
      </Section>
      <Section title={t('survey.title')}>
        {mine.surveys.length ? (
          <ul className="list">
            {mine.surveys.map((x) => (
              <li key={x.timebankName}>
                {x.timebankName}: {t('survey.coProducesNow')} {x.coProducesNow ? t('survey.yes') : t('survey.no')}; {t('survey.wouldDoMore')} {x.wouldDoMore ? t('survey.yes') : t('survey.no')};{' '}
                {t('survey.extraHours')} {x.extraHoursPerMonth}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('record.none')}</p>
        )}
      </Section>
      <Section title={t('my.remarks')}>
        {mine.remarks.length ? <RemarkList ctx={ctx} remarks={mine.remarks} /> : <p>{t('record.none')}</p>}
        {beside('other', null)}
      </Section>
    </section>
  );
}

/** The form a broker writes a note with: on the record page, or alone after an error. */
export function NoteForm(props: { ctx: ViewContext; timebankId: string; memberId: string; errors: FormError[]; values?: Record<string, string | undefined> }) {
  const { ctx, timebankId, memberId, errors, values } = props;
  const { t } = ctx;
  const s = `-note-${memberId}`;
  return (
    <PostForm action={`/timebanks/${timebankId}/members/${memberId}/notes`} ctx={ctx}>
      <TextArea id={`body${s}`} name="body" label={t('notes.body')} hint={t('notes.bodyHint')} value={values?.body} errors={errors} rows={4} />
      <SelectField
        id={`restricted${s}`}
        name="restricted"
        label={t('notes.visibility')}
        value={values?.restricted ?? 'no'}
        errors={errors}
        options={[
          { value: 'no', label: t('notes.visibility.shared') },
          { value: 'yes', label: t('notes.visibility.restricted') },
        ]}
      />
      <TextField id={`reason${s}`} name="reason" label={t('notes.reason')} hint={t('notes.reasonHint')} value={values?.reason} errors={errors} />
      <Button>{t('notes.submit')}</Button>
    </PostForm>
  );
}

/** The restrict form of a shared note. */
export function RestrictForm(props: { ctx: ViewContext; timebankId: string; memberId: string; noteId: string; errors: FormError[]; values?: Record<string, string | undefined> }) {
  const { ctx, timebankId, memberId, noteId, errors, values } = props;
  const { t } = ctx;
  return (
    <PostForm action={`/timebanks/${timebankId}/members/${memberId}/notes/${noteId}/restrict`} ctx={ctx}>
      <TextField id={`reason-${noteId}`} name="reason" label={t('notes.reason')} value={values?.reason} errors={errors} />
      <Button secondary>{t('notes.restrictSubmit')}</Button>
    </PostForm>
  );
}

function StaffSections({ ctx, personId, displayName, staff }: { ctx: ViewContext; personId: string; displayName: string; staff: StaffExtras }) {
  const { t } = ctx;
  const fmt = dateFmt(ctx);
  return (
    <>
      <section aria-labelledby="notes-title">
        <h2 id="notes-title">{t('notes.title', { name: displayName })}</h2>
        <p>{t('notes.hint')}</p>
        {staff.timebanks.map((tb) => (
          <details className="details" key={tb.memberId}>
            <summary>
              {t('notes.add')} – {tb.timebankName}
            </summary>
            <NoteForm ctx={ctx} timebankId={tb.timebankId} memberId={tb.memberId} errors={[]} />
          </details>
        ))}
        {staff.notes.length ? (
          <ul className="list">
            {staff.notes.map((n) => {
              const tb = staff.timebanks.find((x) => x.timebankName === n.timebankName);
              return (
                <li key={n.id}>
                  <strong>{t('notes.by', { name: n.writtenBy, date: fmt.format(new Date(n.writtenAt)), timebank: n.timebankName })}</strong>
                  {n.restriction ? (
                    <>
                      {' '}
                      <span className="tag">{t('notes.restrictedBadge')}</span>
                      <br />
                      <em>{t('notes.restrictedBy', { name: n.restriction.byName ?? '–', date: fmt.format(new Date(n.restriction.at)), reason: n.restriction.reason })}</em>
                    </>
                  ) : null}
                  <br />
                  {n.body}
                  {!n.restricted && tb ? (
                    <details className="details">
                      <summary>{t('notes.restrict')}</summary>
                      <RestrictForm ctx={ctx} timebankId={tb.timebankId} memberId={tb.memberId} noteId={n.id} errors={[]} />
                    </details>
                  ) : null}
                </li>
              );
            })}
          </ul>
        ) : (
          <p>{t('notes.none')}</p>
        )}
      </section>
      <section aria-labelledby="remarks-title">
        <h2 id="remarks-title">{t('notes.remarks')}</h2>
        {staff.remarks.length ? <RemarkList ctx={ctx} remarks={staff.remarks} /> : <p>{t('record.none')}</p>}
        <details className="details">
          <summary>{t('my.addRemark')}</summary>
          <RemarkForm ctx={ctx} personId={personId} itemType="other" itemId={null} errors={[]} suffix="-staff" />
        </details>
      </section>
      {staff.canExport || staff.canErase ? (
        <section aria-labelledby="rights-title">
          <h2 id="rights-title">{t('rights.title')}</h2>
          <ul className="list">
            {staff.canExport ? (
              <li>
                <a href={`/api/v1/people/${personId}/export`} download>
                  {t('rights.export', { name: displayName })}
                </a>
              </li>
            ) : null}
            {staff.canErase ? (
              <li>
                <a href={`/people/${personId}/erase`}>{t('rights.erase', { name: displayName })}</a>
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export function RecordExtras({ ctx, personId, displayName, data }: { ctx: ViewContext; personId: string; displayName: string; data: RecordExtrasData }) {
  return (
    <>
      {data.mine ? <MyRecord ctx={ctx} mine={data.mine} /> : null}
      {data.staff ? <StaffSections ctx={ctx} personId={personId} displayName={displayName} staff={data.staff} /> : null}
    </>
  );
}
