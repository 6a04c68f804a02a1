import type { ReactNode } from 'react';
import type { Principal } from '../modules/auth/principal.ts';
import { Button, ErrorSummary, PostForm, Translation } from './components.tsx';
import type { FormError, ViewContext } from './view.ts';

/** The navigation's sections, in this order: one's own pages, a broker's tools for their
 * timebank, its coordinator's settings, and what the network shares. */
const NAV_GROUPS = ['mine', 'brokering', 'settings', 'network'] as const;
type NavGroup = (typeof NAV_GROUPS)[number];

interface NavItem {
  href: string;
  label: string;
  /** A count shown beside the label (unread notifications). */
  badge?: { count: number; label: string } | undefined;
  group: NavGroup;
}

const hasRole = (p: Principal, role: string, timebankId: string | null) =>
  p.grants.some((g) => g.role === role && (g.timebankId === timebankId || g.timebankId === null));

/** Navigation by role: members see their own pages; staff see their timebank's tools. */
export function navItems(ctx: ViewContext): NavItem[] {
  const p = ctx.principal;
  const { t } = ctx;
  if (p?.stage !== 'ready') return [];
  const tb = ctx.currentTimebank?.id ?? null;
  const items: NavItem[] = [];
  let group: NavGroup = 'mine';
  const add = (item: Omit<NavItem, 'group'>): void => {
    items.push({ ...item, group });
  };
  add({ href: '/', label: t('nav.home') });
  if (p.actingFor || p.memberships.some((m) => m.status !== 'left')) {
    add({ href: '/hours', label: t('nav.hours') });
    add({ href: '/hours/record', label: t('nav.recordHours') });
    add({ href: '/availability', label: t('nav.myAvailability') });
    add({ href: '/preferences', label: t('nav.myPreferences') });
  }
  // exchanges (feat/exchanges)
  if (p.actingFor || p.memberships.some((m) => m.status !== 'left')) add({ href: '/exchanges', label: t('nav.exchanges') });
  add({ href: '/me', label: t('nav.myRecord') });
  if (tb && (p.actingFor || p.memberships.some((m) => m.timebankId === tb && m.status !== 'left'))) add({ href: '/profile', label: t('nav.profile') });
  if (tb && p.memberships.some((m) => m.timebankId === tb && (m.status === 'active' || m.status === 'paused'))) {
    add({ href: `/timebanks/${tb}/directory`, label: t('nav.directory') });
  }
  // listings (docs/listings.md): active or paused members of the current timebank, and a broker acting for one
  if (tb && (p.actingFor || p.memberships.some((m) => m.timebankId === tb && (m.status === 'active' || m.status === 'paused')))) {
    add({ href: '/listings', label: t('nav.listings') });
    add({ href: '/listings/mine', label: t('nav.myListings') });
    // feat/assetmap: my capability conversation (docs/asset-map.md)
    add({ href: '/conversation', label: t('nav.capabilities') });
  }
  // Activities (docs/activities.md): for everyone with a membership, and brokers acting for one.
  if (tb && (p.actingFor || p.memberships.some((m) => m.status !== 'left'))) add({ href: '/activities', label: t('nav.activities') });
  // feat/wellbeing: the wellbeing check-in, for active or paused members of the current timebank and a broker acting for one
  if (tb && (p.actingFor || p.memberships.some((m) => m.timebankId === tb && (m.status === 'active' || m.status === 'paused')))) {
    add({ href: '/wellbeing/check-in', label: t('nav.wellbeingCheckin') });
  }
  const unread = ctx.unreadNotifications ?? 0;
  add({ href: '/notifications', label: t('nav.notifications'), badge: unread ? { count: unread, label: t('nav.unread', { count: unread }) } : undefined });
  add({ href: '/account/security', label: t('nav.security') });
  group = 'brokering';
  if (tb && (hasRole(p, 'broker', tb) || hasRole(p, 'coordinator', tb))) {
    add({ href: `/timebanks/${tb}/members`, label: t('nav.members') });
    add({ href: `/timebanks/${tb}/members/new`, label: t('nav.registerMember') });
    add({ href: `/timebanks/${tb}/applications`, label: t('nav.applications') });
    add({ href: `/timebanks/${tb}/sheet`, label: t('nav.sheet') });
    add({ href: `/timebanks/${tb}/safeguarding/reviews`, label: t('nav.reviewsDue') });
    add({ href: `/timebanks/${tb}/to-phone`, label: t('nav.toPhone') });
    // organisations and the roles people act for them in (feat/record)
    add({ href: `/timebanks/${tb}/organisations`, label: t('nav.organisations') });
    // broker matching (feat/matching): the broker dashboard
    add({ href: `/timebanks/${tb}/matching`, label: t('nav.matching') });
    // feat/wellbeing
    add({ href: `/timebanks/${tb}/wellbeing/due`, label: t('nav.checkinsDue') });
    // feat/assetmap: the community asset map (docs/asset-map.md)
    add({ href: '/asset-map', label: t('nav.assetMap') });
  }
  group = 'settings';
  if (tb && hasRole(p, 'coordinator', tb)) {
    add({ href: `/timebanks/${tb}/ledger-settings`, label: t('nav.ledgerSettings') });
    add({ href: `/timebanks/${tb}/outbox`, label: t('nav.outbox') });
    add({ href: `/timebanks/${tb}/categories`, label: t('nav.categories') });
  }
  group = 'network';
  if (p.grants.some((g) => g.role === 'network_admin')) add({ href: '/network/flows', label: t('nav.flows') });
  // The reports dashboard (docs/reports.md), for everyone who may read a report; it links the
  // outcome frameworks, the wellbeing change and social value reports.
  if (p.grants.some((g) => g.role === 'coordinator' || g.role === 'commissioner' || g.role === 'network_admin')) add({ href: '/reports', label: t('nav.reports') });
  // feat/arguments: the arguments board and fishbowl debates, for people of the network
  if (p.memberships.some((m) => m.status === 'active' || m.status === 'paused') || p.grants.length > 0) {
    add({ href: '/arguments', label: t('nav.arguments') });
    add({ href: '/debates', label: t('nav.debates') });
  }
  return items;
}

/** The items of each section that has any, in the sections' order. */
function navGroups(items: NavItem[]): [NavGroup, NavItem[]][] {
  return NAV_GROUPS.map((g): [NavGroup, NavItem[]] => [g, items.filter((i) => i.group === g)]).filter(([, links]) => links.length > 0);
}

/** One section of the navigation: a list named by its label (shown when there is more than one section). */
function NavSection({ ctx, group, links, labelled }: { ctx: ViewContext; group: NavGroup; links: NavItem[]; labelled: boolean }) {
  return (
    <div className="nav__group">
      {labelled ? (
        <p className="nav__heading" id={`nav-${group}`}>
          {ctx.t(`nav.group.${group}`)}
        </p>
      ) : null}
      <ul className="nav__list" aria-labelledby={labelled ? `nav-${group}` : undefined}>
        {links.map((i) => (
          <li key={i.href}>
            <a href={i.href} aria-current={ctx.path === i.href ? 'page' : undefined}>
              {i.label}
              {i.badge ? (
                <>
                  <span className="badge" aria-hidden="true">
                    {i.badge.count}
                  </span>
                  <span className="visually-hidden"> ({i.badge.label})</span>
                </>
              ) : null}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function TimebankSwitcher({ ctx }: { ctx: ViewContext }) {
  if (!ctx.principal || ctx.timebanks.length < 2) return null;
  return (
    <PostForm action="/session/timebank" ctx={ctx} className="switcher">
      <label className="label label--inline" htmlFor="timebank-switch">
        {ctx.t('nav.timebank')}
      </label>
      <select id="timebank-switch" name="timebankId" className="select" defaultValue={ctx.currentTimebank?.id}>
        {ctx.timebanks.map((tb) => (
          <option key={tb.id} value={tb.id}>
            {tb.name}
          </option>
        ))}
      </select>
      <Button secondary>{ctx.t('nav.switch')}</Button>
    </PostForm>
  );
}

/** Acting for someone and one-time messages: at the top of the main content, read first. */
function Banners({ ctx }: { ctx: ViewContext }) {
  const p = ctx.principal;
  return (
    <>
      {p?.actingFor ? (
        <section className="banner banner--acting" aria-labelledby="acting-for-title">
          <p id="acting-for-title">
            <strong>{ctx.t('banner.actingFor', { name: p.actingFor.displayName })}</strong>
          </p>
          <PostForm action="/acting-for/stop" ctx={ctx}>
            <Button secondary>{ctx.t('banner.stopActing', { name: p.actingFor.displayName })}</Button>
          </PostForm>
        </section>
      ) : null}
      {ctx.flash ? (
        <div className="banner banner--success" role="status">
          <p>{ctx.flash}</p>
        </div>
      ) : null}
    </>
  );
}

/** Like a phase banner, part of the header: it is about the whole site, not this page. */
function DemoBanner({ ctx }: { ctx: ViewContext }) {
  if (!ctx.currentTimebank?.totpWaived) return null;
  return (
    <div className="demo-banner">
      <p className="container">{ctx.t('banner.totpWaived')}</p>
    </div>
  );
}

function LanguageSwitch({ ctx }: { ctx: ViewContext }) {
  const other = ctx.locale === 'en' ? { code: 'pl', label: 'Polski' } : { code: 'en', label: 'English' };
  const sep = ctx.path.includes('?') ? '&' : '?';
  return (
    <a href={`${ctx.path}${sep}lang=${other.code}`} lang={other.code} hrefLang={other.code}>
      {other.label}
    </a>
  );
}

/**
 * Every page: header with the tools and the navigation by role, then the main content. A page
 * with a form passes its errors: they go in the summary on top, and the title says "Error:".
 */
export function Layout({
  ctx,
  title,
  errors = [],
  children,
  head,
}: {
  ctx: ViewContext;
  title: string;
  errors?: FormError[];
  children: ReactNode;
  /** More of the document's head: a canonical link, Open Graph meta (feat/arguments). */
  head?: ReactNode;
}) {
  const items = navItems(ctx);
  const fullTitle = `${title} – ${ctx.t('app.name')}`;
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{errors.length ? ctx.t('error.titlePrefix', { title: fullTitle }) : fullTitle}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        {head}
      </head>
      <body>
        <a href="#main-content" className="skip-link">
          {ctx.t('app.skip')}
        </a>
        <header className="header">
          <div className="container header__inner">
            <a href="/" className="header__name">
              {ctx.t('app.name')}
              {ctx.currentTimebank ? <span className="header__timebank"> · {ctx.currentTimebank.name}</span> : null}
            </a>
            <div className="header__tools">
              <TimebankSwitcher ctx={ctx} />
              <LanguageSwitch ctx={ctx} />
              {ctx.principal ? (
                <PostForm action="/sign-out" ctx={ctx} className="inline-form">
                  <button type="submit" className="link-button">
                    {ctx.t('nav.signOut')}
                  </button>
                </PostForm>
              ) : (
                <a href="/sign-in">{ctx.t('nav.signIn')}</a>
              )}
            </div>
          </div>
          {items.length ? (
            <nav className="nav" aria-label={ctx.t('nav.main')}>
              <div className="container nav__groups">
                {navGroups(items).map(([group, links]) => (
                  <NavSection key={group} ctx={ctx} group={group} links={links} labelled={items.some((i) => i.group !== 'mine')} />
                ))}
              </div>
            </nav>
          ) : null}
          <DemoBanner ctx={ctx} />
        </header>
        <div className="container">
          <main id="main-content" tabIndex={-1}>
            <Banners ctx={ctx} />
            <ErrorSummary errors={errors} ctx={ctx} />
            <Translation.Provider value={ctx.t}>{children}</Translation.Provider>
          </main>
        </div>
      </body>
    </html>
  );
}
