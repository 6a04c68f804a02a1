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
}

export interface MemberSearchProps {
  timebankId: string;
  csrfToken: string;
  locale: string;
  query: string;
  status: string;
  offset: number;
  limit: number;
  rows: MemberSearchRow[];
  total: number;
  statusOptions: { value: string; label: string }[];
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
}

export function pageUrl(base: string, q: string, status: string, offset: number): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (status) params.set('status', status);
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
});

function useLiveResults(props: MemberSearchProps, query: string, status: string) {
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
      if (query.trim()) params.set('q', query.trim());
      if (status) params.set('status', status);
      try {
        const res = await fetch(`/api/v1/timebanks/${props.timebankId}/members?${params}`, {
          signal: controller.signal,
          credentials: 'same-origin',
        });
        if (!res.ok) return;
        const body = (await res.json()) as { items: ApiRow[]; total: number };
        setResult({ rows: body.items.map(toRow), total: body.total, live: true });
        const base = `/timebanks/${props.timebankId}/members`;
        window.history.replaceState(null, '', pageUrl(base, query.trim(), status, 0));
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
  }, [query, status, props.limit, props.timebankId]);
  return { ...result, busy };
}

export function MemberSearch(props: MemberSearchProps) {
  const [query, setQuery] = useState(props.query);
  const [status, setStatus] = useState(props.status);
  const { rows, total, busy, live } = useLiveResults(props, query, status);
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
          <div className="form-group">
            <label className="label" htmlFor="status">
              {labels.status}
            </label>
            <select className="select" id="status" name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
              {props.statusOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
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
                <td>
                  <form method="post" action="/acting-for" className="inline-form">
                    <input type="hidden" name="_csrf" value={props.csrfToken} />
                    <input type="hidden" name="personId" value={r.personId} />
                    <button type="submit" className="link-button">
                      {labels.actFor}
                      <span className="visually-hidden">{` ${r.displayName}`}</span>
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hasPrevious || hasNext ? (
        <nav className="pagination" aria-label={labels.pages}>
          {hasPrevious ? <a href={pageUrl(base, query, status, Math.max(0, offset - props.limit))}>{labels.previous}</a> : null}
          {hasNext ? <a href={pageUrl(base, query, status, offset + props.limit)}>{labels.next}</a> : null}
        </nav>
      ) : null}
    </>
  );
}
