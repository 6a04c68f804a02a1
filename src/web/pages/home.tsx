import { Layout } from '../layout.tsx';
import type { ViewContext } from '../view.ts';

export function HomePage({ ctx, timebankNames }: { ctx: ViewContext; timebankNames: Map<string, string> }) {
  const p = ctx.principal!;
  const { t } = ctx;
  const active = p.memberships.filter((m) => m.status !== 'left');
  return (
    <Layout ctx={ctx} title={t('nav.home')}>
      <h1>{t('home.title', { name: p.displayName })}</h1>
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
