// Pages of fishbowl debates: the list, scheduling one, and the debate itself: its seats as a
// list with clear labels, the transcript, and a live region that announces new contributions.
// Without JavaScript the page works by refreshing; with it, fishbowl.js follows the debate's
// stream of Server-Sent Events and adds what is new.
import type { ReactNode } from 'react';
import { islandPropsJson } from '../../client/islands.ts';
import type { DebateView } from '../../modules/fishbowl/service.ts';
import { Button, PostForm, SelectField, TextArea, TextField } from '../components.tsx';
import type { Form } from '../forms.ts';
import type { T } from '../i18n/i18n.ts';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';

type Entry = DebateView['entries'][number];
type Seat = DebateView['seats'][number];

const when = (ctx: ViewContext, iso: string) => new Date(iso).toLocaleString(ctx.locale === 'pl' ? 'pl-PL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: ctx.timeZone });
const time = (ctx: ViewContext, iso: string) => new Date(iso).toLocaleTimeString(ctx.locale === 'pl' ? 'pl-PL' : 'en-GB', { timeStyle: 'short', timeZone: ctx.timeZone });

export function statusText(t: T, status: string): string {
  return status === 'open' ? t('fishbowl.status.open') : status === 'closed' ? t('fishbowl.status.closed') : t('fishbowl.status.scheduled');
}

/** What a transcript line says (the name and time are shown beside it). */
export function entryText(t: T, e: Pick<Entry, 'kind' | 'name' | 'byName' | 'seatNo' | 'body'>): string {
  const name = e.name ?? '';
  const seat = e.seatNo ?? 0;
  switch (e.kind) {
    case 'speech':
      return t('fishbowl.entry.speech', { name, body: e.body ?? '' });
    case 'comment':
      return t('fishbowl.entry.comment', { name, body: e.body ?? '' });
    case 'joined':
      return t('fishbowl.entry.joined', { name, seat });
    case 'invited':
      return t('fishbowl.entry.invited', { name, seat, by: e.byName ?? '' });
    case 'left':
      return e.byName && e.byName !== e.name ? t('fishbowl.entry.removed', { name, seat, by: e.byName }) : t('fishbowl.entry.left', { name, seat });
    case 'muted':
      return t('fishbowl.entry.muted', { name, by: e.byName ?? '' });
    case 'unmuted':
      return t('fishbowl.entry.unmuted', { name, by: e.byName ?? '' });
    case 'opened':
      return t('fishbowl.entry.opened', { by: e.byName ?? '' });
    default:
      return t('fishbowl.entry.closed', { by: e.byName ?? '' });
  }
}

export function seatLabel(t: T, s: Pick<Seat, 'seatNo' | 'name' | 'muted'>): string {
  if (!s.name) return t('fishbowl.seat.empty', { seat: s.seatNo });
  return s.muted ? t('fishbowl.seat.mutedSpeaker', { seat: s.seatNo, name: s.name }) : t('fishbowl.seat.speaker', { seat: s.seatNo, name: s.name });
}

export function DebatesPage({ ctx, items, canSchedule }: { ctx: ViewContext; items: Omit<DebateView, 'lastSeq' | 'seats' | 'entries' | 'me' | 'invitable'>[]; canSchedule: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('fishbowl.title')}>
      <h1>{t('fishbowl.title')}</h1>
      <p>{t('fishbowl.intro')}</p>
      {canSchedule ? (
        <p>
          <a href="/debates/new">{t('fishbowl.schedule')}</a>
        </p>
      ) : null}
      {items.length === 0 ? (
        <p>{t('fishbowl.none')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('fishbowl.topic')}</th>
              <th scope="col">{t('fishbowl.startsAt')}</th>
              <th scope="col">{t('fishbowl.statusTitle')}</th>
              <th scope="col">{t('fishbowl.moderator')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td>
                  <a href={`/debates/${d.id}`}>{d.topic}</a>
                </td>
                <td>{when(ctx, d.startsAt)}</td>
                <td>{statusText(t, d.status)}</td>
                <td>{d.moderator.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export function ScheduleDebatePage({ ctx, values, errors }: { ctx: ViewContext; values: Form; errors: FormError[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('fishbowl.schedule')} errors={errors}>
      <h1>{t('fishbowl.schedule')}</h1>
      <PostForm action="/debates/new" ctx={ctx}>
        <TextField id="topic" label={t('fishbowl.topic')} errors={errors} value={values.topic} />
        <TextArea id="openingQuestions" label={t('fishbowl.questions')} hint={t('fishbowl.questionsHint')} errors={errors} value={values.openingQuestions} rows={5} />
        <TextField id="seatCount" label={t('fishbowl.seatCount')} hint={t('fishbowl.seatCountHint')} errors={errors} value={values.seatCount ?? '5'} width="short" inputMode="numeric" />
        <TextField id="startsAt" label={t('fishbowl.startsAt')} hint={t('fishbowl.startsAtHint', { zone: ctx.timeZone })} errors={errors} value={values.startsAt} type="datetime-local" />
        <Button>{t('fishbowl.scheduleSubmit')}</Button>
      </PostForm>
    </Layout>
  );
}

/** The words the live script needs, already in the page's language ({name}, {seat}, {body}, {by} filled in by it). */
export function liveMessages(t: T) {
  const keep = (key: Parameters<T>[0]) => t(key, { name: '{name}', seat: '{seat}', body: '{body}', by: '{by}' });
  return {
    speech: keep('fishbowl.entry.speech'),
    comment: keep('fishbowl.entry.comment'),
    joined: keep('fishbowl.entry.joined'),
    invited: keep('fishbowl.entry.invited'),
    left: keep('fishbowl.entry.left'),
    removed: keep('fishbowl.entry.removed'),
    muted: keep('fishbowl.entry.muted'),
    unmuted: keep('fishbowl.entry.unmuted'),
    opened: keep('fishbowl.entry.opened'),
    closed: keep('fishbowl.entry.closed'),
    seatEmpty: keep('fishbowl.seat.empty'),
    seatSpeaker: keep('fishbowl.seat.speaker'),
    seatMuted: keep('fishbowl.seat.mutedSpeaker'),
    liveOn: t('fishbowl.liveOn'),
    liveOff: t('fishbowl.liveOff'),
    debateClosed: t('fishbowl.closedNow'),
  };
}
export type LiveMessages = ReturnType<typeof liveMessages>;

/**
 * One seat: its label, and every control it may need, those that do not apply now hidden (the
 * live script shows and hides them as seats change, so the page keeps up without a reload).
 */
function SeatItem({ ctx, debate, seat }: { ctx: ViewContext; debate: DebateView; seat: Seat }) {
  const { t } = ctx;
  if (debate.status !== 'open') {
    return (
      <li className={`seat${seat.name ? '' : ' seat--empty'}`} data-seat={seat.seatNo}>
        <span className="seat__label">{seatLabel(t, seat)}</span>
      </li>
    );
  }
  const base = `/debates/${debate.id}`;
  const mod = debate.me.isModerator;
  return (
    <li className={`seat${seat.name ? '' : ' seat--empty'}`} data-seat={seat.seatNo}>
      <span className="seat__label">{seatLabel(t, seat)}</span>{' '}
      <SeatForm action={`${base}/seat`} ctx={ctx} hidden={!!seat.name || debate.me.seatNo !== null} control="take">
        <button type="submit" className="button button--secondary">
          {t('fishbowl.takeSeatLabel', { seat: seat.seatNo })}
        </button>
      </SeatForm>
      <SeatForm action={`${base}/seat/leave`} ctx={ctx} hidden={!seat.name || debate.me.seatNo !== seat.seatNo} control="leave">
        <Button secondary>{t('fishbowl.leaveSeat')}</Button>
      </SeatForm>
      {mod ? (
        <>
          <SeatForm action={`${base}/seats/${seat.seatNo}/mute`} ctx={ctx} hidden={!seat.name || seat.muted} control="mute">
            <button type="submit" className="link-button" aria-label={t('fishbowl.muteLabel', { seat: seat.seatNo })}>
              {t('fishbowl.mute')}
            </button>
          </SeatForm>
          <SeatForm action={`${base}/seats/${seat.seatNo}/unmute`} ctx={ctx} hidden={!seat.name || !seat.muted} control="unmute">
            <button type="submit" className="link-button" aria-label={t('fishbowl.unmuteLabel', { seat: seat.seatNo })}>
              {t('fishbowl.unmute')}
            </button>
          </SeatForm>
          <SeatForm action={`${base}/seats/${seat.seatNo}/remove`} ctx={ctx} hidden={!seat.name} control="remove">
            <button type="submit" className="link-button" aria-label={t('fishbowl.removeLabel', { seat: seat.seatNo })}>
              {t('fishbowl.remove')}
            </button>
          </SeatForm>
        </>
      ) : null}
    </li>
  );
}

/** A post form for one seat control, hidden when it does not apply now. */
function SeatForm(props: { action: string; ctx: ViewContext; hidden: boolean; control: string; children: ReactNode }) {
  return (
    <form method="post" action={props.action} noValidate hidden={props.hidden} data-control={props.control}>
      {props.ctx.principal ? <input type="hidden" name="_csrf" value={props.ctx.principal.csrfToken} /> : null}
      {props.children}
    </form>
  );
}

export function DebatePage({ ctx, debate, errors, values }: { ctx: ViewContext; debate: DebateView; errors: FormError[]; values: Form }) {
  const { t } = ctx;
  const open = debate.status === 'open';
  const seated = debate.me.seatNo !== null;
  const live = {
    eventsUrl: `/api/v1/debates/${debate.id}/events?after=${debate.lastSeq}`,
    messages: liveMessages(t),
    locale: ctx.locale,
    personId: ctx.principal?.personId ?? null,
    mySeatNo: debate.me.seatNo,
  };
  return (
    <Layout ctx={ctx} title={debate.topic} errors={errors}>
      <p className="hint">
        {statusText(t, debate.status)} · {t('fishbowl.moderatedBy', { name: debate.moderator.name })} · {when(ctx, debate.startsAt)}
      </p>
      <h1>{debate.topic}</h1>
      <h2>{t('fishbowl.questions')}</h2>
      <ol className="list">
        {debate.openingQuestions.map((question) => (
          <li key={question}>{question}</li>
        ))}
      </ol>
      {debate.me.isModerator && debate.status !== 'closed' ? (
        <div className="button-group">
          {debate.status === 'scheduled' ? (
            <PostForm action={`/debates/${debate.id}/open`} ctx={ctx}>
              <Button>{t('fishbowl.open')}</Button>
            </PostForm>
          ) : null}
          <PostForm action={`/debates/${debate.id}/close`} ctx={ctx}>
            <Button secondary>{t('fishbowl.close')}</Button>
          </PostForm>
        </div>
      ) : null}
      <h2 id="seats-title">{t('fishbowl.innerCircle')}</h2>
      <p className="hint">{t('fishbowl.innerCircleHint')}</p>
      <ul className="seats" id="seats" aria-labelledby="seats-title">
        {debate.seats.map((s) => (
          <SeatItem key={s.seatNo} ctx={ctx} debate={debate} seat={s} />
        ))}
      </ul>
      {debate.me.isModerator && open && debate.invitable.length ? (
        <PostForm action={`/debates/${debate.id}/invite`} ctx={ctx} className="filters">
          <SelectField id="personId" label={t('fishbowl.invite')} errors={errors} options={debate.invitable.map((i) => ({ value: i.personId, label: i.name }))} />
          <Button secondary>{t('fishbowl.inviteSubmit')}</Button>
        </PostForm>
      ) : null}
      {open ? (
        <PostForm action={`/debates/${debate.id}/contribute`} ctx={ctx}>
          <TextArea
            id="body"
            label={seated ? (debate.me.muted ? t('fishbowl.mutedYou') : t('fishbowl.speak')) : t('fishbowl.comment')}
            hint={seated ? t('fishbowl.speakHint') : t('fishbowl.commentHint')}
            errors={errors}
            value={values.body}
            rows={3}
          />
          <Button>{seated ? t('fishbowl.speakSubmit') : t('fishbowl.commentSubmit')}</Button>
        </PostForm>
      ) : null}
      <h2 id="transcript-title">{debate.status === 'closed' ? t('fishbowl.transcript') : t('fishbowl.soFar')}</h2>
      {debate.status === 'closed' ? null : (
        <p>
          <a href={`/debates/${debate.id}`} id="refresh-link">
            {t('fishbowl.refresh')}
          </a>{' '}
          <span id="live-state" className="hint" />
        </p>
      )}
      <ol className="transcript" id="transcript" aria-labelledby="transcript-title">
        {debate.entries.map((e) => (
          <li key={e.seq} className={`transcript__entry transcript__entry--${e.kind}`} data-seq={e.seq}>
            <time dateTime={e.at} className="hint">
              {time(ctx, e.at)}
            </time>{' '}
            <span className="transcript__text">{entryText(t, e)}</span>
          </li>
        ))}
      </ol>
      {/* New contributions are announced here, politely, by fishbowl.js. */}
      <div id="live-announcer" className="visually-hidden" aria-live="polite" aria-atomic="false" />
      {debate.status === 'closed' ? null : (
        <>
          <script
            type="application/json"
            id="fishbowl-live"
            // biome-ignore lint/security/noDangerouslySetInnerHtml: JSON escaped for a script element (no "<", U+2028, U+2029)
            dangerouslySetInnerHTML={{ __html: islandPropsJson(live) }}
          />
          <script type="module" src="/assets/js/fishbowl.js" />
        </>
      )}
    </Layout>
  );
}
