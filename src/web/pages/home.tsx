import { Layout } from '../layout.tsx';
import type { ViewContext } from '../view.ts';

/** toSign: timebanks whose current member agreement this person has not signed yet. */
export function HomePage({ ctx, timebankNames, toSign = [] }: { ctx: ViewContext; timebankNames: Map<string, string>; toSign?: string[] }) {
  const p = ctx.principal!;
  const { t } = ctx;
  const active = p.memberships.filter((m) => m.status !== 'left');
  return (
    <Layout ctx={ctx} title={t('nav.home')}>
      <h1>{t('home.title', { name: p.displayName })}</h1>
      {toSign.map((id) => (
        <div key={id} className="banner" role="note">
          <p>{t('home.agreementPrompt', { timebank: timebankNames.get(id) ?? '' })}</p>
          <p>
            <a href={`/me/membership?timebank=${id}`}>{t('home.agreementLink')}</a>
          </p>
        </div>
      ))}
      <p>{t('home.memberships', { count: active.length })}</p>
      {active.length ? (
        <ul className="list">
          {active.map((m) => (
            <li key={m.memberId}>
              {timebankNames.get(m.timebankId) ?? m.timebankId} – {t(`status.${m.status}`)}
            </li>
          ))}
        </ul>
      ) : null}
      {p.grants.length ? (
        <>
          <h2>{t('home.roles')}</h2>
          <ul className="list">
            {p.grants.map((g) => (
              <li key={`${g.role}:${g.timebankId}`}>
                {t(`role.${g.role}`)}
                {g.timebankId ? ` – ${timebankNames.get(g.timebankId) ?? ''}` : ` – ${t('nav.network')}`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}
