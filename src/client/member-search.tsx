// The broker's member search: rendered on the server as a plain GET form and table (works with
// JavaScript off), then hydrated in the browser to filter as the broker types. Text is passed
// in already translated; each text node is a single expression so the server's markup and the
// browser's render match exactly.
import { type ChangeEvent, useEffect, useRef, useState } from 'react';

export interface MemberSearchRow {
  memberId: string;
  personId: string;
  displayName: string;
  contact: string;
  areaName: string;
  status: string;
  /** YYYY-MM-DD of the last transfer or sign-in, or empty. */
  lastActivity: string;
}

/** Filters beyond the name: area, what they can help with, no activity since a day. */
export interface MemberFilters {
  q: string;
  status: string;
  areaId: string;
  category: string;
  inactiveSince: string;
  /** 'yes': a safeguarding check due within 30 days or overdue. */
  checkDue: string;
}

export interface MemberSearchProps {
  timebankId: string;
  csrfToken: string;
  locale: string;
  query: string;
  status: string;
  areaId: string;
  category: string;
  inactiveSince: string;
  checkDue: string;
  offset: number;
  limit: number;
  rows: MemberSearchRow[];
  total: number;
  statusOptions: { value: string; label: string }[];
  areaOptions: { value: string; label: string }[];
  categoryOptions: { value: string; label: string }[];
  labels: {
    searchLandmark: string;
    search: string;
    status: string;
    filter: string;
    name: string;
    contact: string;
    area: string;
    actFor: string;
    none: string;
    previous: string;
    next: string;
    pages: string;
    skill: string;
    lastActivity: string;
    inactiveSince: string;
    never: string;
    profile: string;
    checkDue: string;
  };
  /** "# members" in each plural category of the locale (Intl.PluralRules). */
  countForms: Record<string, string>;
}

interface ApiRow {
  memberId: string;
  personId: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  status: string;
  areaName: string | null;
  lastActivityAt?: string | null;
}

export function pageUrl(base: string, f: MemberFilters, offset: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) params.set(k, v);
  if (offset) params.set('offset', String(offset));
  const s = params.toString();
  return s ? `${base}?${s}` : base;
}

export function countText(forms: Record<string, string>, locale: string, n: number): string {
  const form = forms[new Intl.PluralRules(locale).select(n)] ?? forms.other ?? '#';
  return form.replace('#', String(n));
}

export const toRow = (m: ApiRow): MemberSearchRow => ({
  memberId: m.memberId,
  personId: m.personId,
  displayName: m.displayName,
  contact: m.email ?? m.phone ?? '–',
  areaName: m.areaName ?? '–',
  status: m.status,
  lastActivity: m.lastActivityAt ? m.lastActivityAt.slice(0, 10) : '',
});

function useLiveResults(props: MemberSearchProps, f: MemberFilters) {
  const { q, status, areaId, category, inactiveSince, checkDue } = f;
  const [result, setResult] = useState({ rows: props.rows, total: props.total, live: false });
  const [busy, setBusy] = useState(false);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setBusy(true);
      const params = new URLSearchParams({ limit: String(props.limit) });
      const trimmed: MemberFilters = { q: q.trim(), status, areaId, category, inactiveSince, checkDue };
      for (const [k, v] of Object.entries(trimmed)) if (v) params.set(k, v);
      try {
        const res = await fetch(`/api/v1/timebanks/${props.timebankId}/members?${params}`, {
          signal: controller.signal,
          credentials: 'same-origin',
        });
        if (!res.ok) return;
        const body = (await res.json()) as { items: ApiRow[]; total: number };
        setResult({ rows: body.items.map(toRow), total: body.total, live: true });
        const base = `/timebanks/${props.timebankId}/members`;
        window.history.replaceState(null, '', pageUrl(base, trimmed, 0));
      } catch (err) {
        if ((err as Error).name !== 'AbortError') throw err;
      } finally {
        setBusy(false);
      }
    }, 250);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [q, status, areaId, category, inactiveSince, checkDue, props.limit, props.timebankId]);
  return { ...result, busy };
}

function Select(props: { id: string; label: string; value: string; options: { value: string; label: string }[]; onChange: (v: string) => void }) {
  return (
    <div className="form-group">
      <label className="label" htmlFor={props.id}>
        {props.label}
      </label>
      <select className="select" id={props.id} name={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function MemberSearch(props: MemberSearchProps) {
  const [query, setQuery] = useState(props.query);
  const [status, setStatus] = useState(props.status);
  const [areaId, setAreaId] = useState(props.areaId);
  const [category, setCategory] = useState(props.category);
  const [inactiveSince, setInactiveSince] = useState(props.inactiveSince);
  const [checkDue, setCheckDue] = useState(props.checkDue);
  const filters: MemberFilters = { q: query, status, areaId, category, inactiveSince, checkDue };
  const { rows, total, busy, live } = useLiveResults(props, filters);
  const base = `/timebanks/${props.timebankId}/members`;
  const { labels } = props;
  const offset = live ? 0 : props.offset;
  const hasPrevious = offset > 0;
  const hasNext = offset + props.limit < total;
  const statusLabel = new Map(props.statusOptions.map((o) => [o.value, o.label]));
  return (
    <>
      <search aria-label={labels.searchLandmark}>
        <form method="get" action={base} className="filters">
          <div className="form-group">
            <label className="label" htmlFor="q">
              {labels.search}
            </label>
            <input
              className="input"
              id="q"
              name="q"
              type="text"
              value={query}
              autoComplete="off"
              onChange={(e: ChangeEvent<HTMLInputElement>) => setQuery(e.target.value)}
            />
          </div>
          <Select id="status" label={labels.status} value={status} options={props.statusOptions} onChange={setStatus} />
          <Select id="areaId" label={labels.area} value={areaId} options={props.areaOptions} onChange={setAreaId} />
          <Select id="category" label={labels.skill} value={category} options={props.categoryOptions} onChange={setCategory} />
          <div className="form-group">
            <label className="label" htmlFor="inactiveSince">
              {labels.inactiveSince}
            </label>
            <input
              className="input"
              id="inactiveSince"
              name="inactiveSince"
              type="date"
              value={inactiveSince}
              onChange={(e: ChangeEvent<HTMLInputElement>) => setInactiveSince(e.target.value)}
            />
          </div>
          <div className="form-group checkbox">
            <input
              id="checkDue"
              name="checkDue"
              type="checkbox"
              value="yes"
              checked={checkDue === 'yes'}
              onChange={(e: ChangeEvent<HTMLInputElement>) => setCheckDue(e.target.checked ? 'yes' : '')}
            />
            <label className="label label--inline" htmlFor="checkDue">
              {labels.checkDue}
            </label>
          </div>
          <button type="submit" className="button button--secondary">
            {labels.filter}
          </button>
        </form>
      </search>
      <p aria-live="polite" aria-busy={busy}>
        {countText(props.countForms, props.locale, total)}
      </p>
      {rows.length === 0 ? (
        <p>{labels.none}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{labels.name}</th>
              <th scope="col">{labels.contact}</th>
              <th scope="col">{labels.area}</th>
              <th scope="col">{labels.status}</th>
              <th scope="col">{labels.lastActivity}</th>
              <th scope="col">
                <span className="visually-hidden">{labels.actFor}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.memberId}>
                <td>
                  <a href={`/people/${r.personId}`}>{r.displayName}</a>
                </td>
                <td>{r.contact}</td>
                <td>{r.areaName}</td>
                <td>{statusLabel.get(r.status) ?? r.status}</td>
                <td>{r.lastActivity || labels.never}</td>
                <td>
                  <form method="post" action="/acting-for" className="inline-form">
                    <input type="hidden" name="_csrf" value={props.csrfToken} />
                    <input type="hidden" name="personId" value={r.personId} />
                    <button type="submit" className="link-button">
                      {labels.actFor}
                      <span className="visually-hidden">{` ${r.displayName}`}</span>
                    </button>
                  </form>{' '}
                  <a href={`${base}/${r.memberId}/profile`}>
                    {labels.profile}
                    <span className="visually-hidden">{` ${r.displayName}`}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hasPrevious || hasNext ? (
        <nav className="pagination" aria-label={labels.pages}>
          {hasPrevious ? <a href={pageUrl(base, filters, Math.max(0, offset - props.limit))}>{labels.previous}</a> : null}
          {hasNext ? <a href={pageUrl(base, filters, offset + props.limit)}>{labels.next}</a> : null}
        </nav>
      ) : null}
    </>
  );
}
