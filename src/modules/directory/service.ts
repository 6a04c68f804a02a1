// The member directory: what members of a timebank see of each other, limited by the
// timebank's setting (off / names and areas / names, areas and offers) and by each member's
// opt-out. Never contact details, birth dates or anything about safeguarding.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { type CategoryLocale, categoriesFor } from '../categories/service.ts';
import { authorize } from '../policy/policy.ts';
import type { DirectoryVisibility } from '../profiles/tables.ts';
import { timebankResource } from '../tenancy/guard.ts';
import * as q from './queries.ts';

export interface DirectoryEntry {
  memberId: string;
  displayName: string;
  /** Where they live and the areas they help in. */
  areas: string[];
  /** Only when the timebank shows offers. */
  offers?: { categories: { slug: string; name: string }[]; text: string | null };
}

export function createDirectory({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  async function visibility(p: Principal, timebankId: string): Promise<DirectoryVisibility> {
    authorize(p, 'timebank.view', await timebankResource(db, p, timebankId));
    return q.visibilityOf(db, p.networkId, timebankId);
  }

  async function setVisibility(p: Principal, actor: Actor, timebankId: string, value: DirectoryVisibility) {
    authorize(p, 'timebank.configure', await timebankResource(db, p, timebankId));
    await db.transaction().execute(async (tx) => {
      const before = await q.visibilityOf(tx, p.networkId, timebankId);
      await q.saveVisibility(tx, p.networkId, timebankId, value, p.personId);
      await recordAudit(tx, actor, { action: 'directory.visibility', subjectType: 'timebank', subjectId: timebankId, timebankId, detail: { from: before, to: value } });
    });
    return { visibility: value };
  }

  async function list(p: Principal, timebankId: string, filter: q.DirectoryFilter, locale: CategoryLocale) {
    authorize(p, 'directory.read', await timebankResource(db, p, timebankId));
    const shown = await q.visibilityOf(db, p.networkId, timebankId);
    if (shown === 'off') return { visibility: shown, items: [] as DirectoryEntry[], total: 0 };
    const withOffers = shown === 'names_areas_offers';
    const f = withOffers ? filter : { ...filter, category: undefined };
    const { rows, total } = await q.listed(db, p.networkId, timebankId, clock.now(), f);
    const ids = rows.map((r) => r.member_id);
    const [areas, offers, tree] = await Promise.all([
      q.profileAreasOf(db, p.networkId, ids),
      withOffers ? q.offersOf(db, p.networkId, ids) : [],
      withOffers ? categoriesFor(db, p.networkId, timebankId, locale, { includeHidden: true }) : [],
    ]);
    const names = new Map(tree.flatMap((t) => [[t.slug, t.name] as const, ...t.subs.map((s) => [s.slug, s.name] as const)]));
    const items = rows.map((r): DirectoryEntry => {
      const own = areas.filter((a) => a.member_id === r.member_id).map((a) => a.name);
      const entry: DirectoryEntry = {
        memberId: r.member_id,
        displayName: r.display_name,
        areas: [...new Set([...(r.area_name ? [r.area_name] : []), ...own])],
      };
      if (withOffers) {
        entry.offers = {
          categories: offers.filter((o) => o.member_id === r.member_id).map((o) => ({ slug: o.category_slug, name: names.get(o.category_slug) ?? o.category_slug })),
          text: r.offer_text,
        };
      }
      return entry;
    });
    return { visibility: shown, items, total };
  }

  return { visibility, setVisibility, list };
}

export type Directory = ReturnType<typeof createDirectory>;
