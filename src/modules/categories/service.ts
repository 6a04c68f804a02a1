// The category taxonomy of a timebank: the shipped defaults with the timebank's overrides and
// added subcategories. Coordinators rename (per locale), hide, add subcategories and set a
// minimum age and whether a check is normally needed. Query functions for later modules
// (listings, matching) are exported beside the service: categoriesFor, minimumAgeFor,
// checkNeededFor.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { authorize } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import * as q from './queries.ts';
import { parentOf, SHIPPED, slugify, TAXONOMY } from './taxonomy.ts';

export type CategoryLocale = 'en' | 'pl';

export interface Category {
  slug: string;
  parentSlug: string | null;
  /** In the asked locale. */
  name: string;
  nameEn: string;
  namePl: string;
  /** Added by this timebank (not shipped). */
  custom: boolean;
  /** Renamed by this timebank in either locale. */
  renamed: boolean;
  /** Hidden here, or its top level is. */
  hidden: boolean;
  /** Years, the larger of its own and its top level's; null for none. */
  minimumAge: number | null;
  /** Its own or its top level's. */
  checkNeeded: boolean;
}

export interface CategoryTree extends Category {
  subs: Category[];
}

type Override = Awaited<ReturnType<typeof q.overridesOf>>[number];

const maxAge = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

function merge(
  slug: string,
  shipped: { en: string; pl: string; minimumAge?: number; checkNeeded?: boolean } | null,
  o: Override | undefined,
  parent: Category | null,
  locale: CategoryLocale,
): Category {
  const nameEn = o?.name_en ?? shipped?.en ?? o?.name_pl ?? slug;
  const namePl = o?.name_pl ?? shipped?.pl ?? o?.name_en ?? slug;
  const ownAge = o?.minimum_age ?? shipped?.minimumAge ?? null;
  const ownCheck = o?.check_needed ?? shipped?.checkNeeded ?? false;
  return {
    slug,
    parentSlug: parent?.slug ?? null,
    name: locale === 'pl' ? namePl : nameEn,
    nameEn,
    namePl,
    custom: shipped === null,
    renamed: shipped !== null && (o?.name_en != null || o?.name_pl != null),
    hidden: (o?.hidden ?? false) || (parent?.hidden ?? false),
    minimumAge: maxAge(ownAge, parent?.minimumAge ?? null),
    checkNeeded: ownCheck || (parent?.checkNeeded ?? false),
  };
}

/** The whole taxonomy of a timebank in a locale; hidden categories only when asked for. */
export async function categoriesFor(
  db: Kysely<DB>,
  networkId: string,
  timebankId: string,
  locale: CategoryLocale,
  opts: { includeHidden?: boolean } = {},
): Promise<CategoryTree[]> {
  const overrides = new Map((await q.overridesOf(db, networkId, timebankId)).map((o) => [o.slug, o]));
  const collator = new Intl.Collator(locale);
  const tree = TAXONOMY.map((top) => {
    const t = merge(top.slug, top, overrides.get(top.slug), null, locale);
    const shippedSubs = top.subs.map((s) => merge(s.slug, s, overrides.get(s.slug), t, locale));
    const added = [...overrides.values()]
      .filter((o) => o.custom && parentOf(o.slug) === top.slug)
      .map((o) => merge(o.slug, null, o, t, locale))
      .sort((a, b) => collator.compare(a.name, b.name));
    return { ...t, subs: [...shippedSubs, ...added] };
  });
  if (opts.includeHidden) return tree;
  return tree.filter((t) => !t.hidden).map((t) => ({ ...t, subs: t.subs.filter((s) => !s.hidden) }));
}

/** One category of a timebank (hidden ones too), or null when the slug names none there. */
export async function categoryOf(db: Kysely<DB>, networkId: string, timebankId: string, slug: string): Promise<Category | null> {
  const tree = await categoriesFor(db, networkId, timebankId, 'en', { includeHidden: true });
  for (const top of tree) {
    if (top.slug === slug) return top;
    const found = top.subs.find((s) => s.slug === slug);
    if (found) return found;
  }
  return null;
}

/** The minimum age in years for help in this category in this timebank (null: none). */
export async function minimumAgeFor(db: Kysely<DB>, networkId: string, timebankId: string, slug: string): Promise<number | null> {
  const c = await categoryOf(db, networkId, timebankId, slug);
  if (!c) throw notFound('category');
  return c.minimumAge;
}

/** Whether help in this category normally needs a safeguarding check in this timebank. */
export async function checkNeededFor(db: Kysely<DB>, networkId: string, timebankId: string, slug: string): Promise<boolean> {
  const c = await categoryOf(db, networkId, timebankId, slug);
  if (!c) throw notFound('category');
  return c.checkNeeded;
}

/** The slugs among `slugs` that name no visible category of the timebank. */
export async function unknownCategories(db: Kysely<DB>, networkId: string, timebankId: string, slugs: readonly string[]): Promise<string[]> {
  if (slugs.length === 0) return [];
  const tree = await categoriesFor(db, networkId, timebankId, 'en');
  const known = new Set(tree.flatMap((t) => [t.slug, ...t.subs.map((s) => s.slug)]));
  return slugs.filter((s) => !known.has(s));
}

export interface NewSubcategory {
  parentSlug: string;
  nameEn?: string | undefined;
  namePl?: string | undefined;
  minimumAge?: number | null | undefined;
  checkNeeded?: boolean | null | undefined;
}

export interface CategoryPatch {
  /** null: back to the shipped name. */
  nameEn?: string | null | undefined;
  namePl?: string | null | undefined;
  hidden?: boolean | undefined;
  /** null: back to the shipped default. */
  minimumAge?: number | null | undefined;
  checkNeeded?: boolean | null | undefined;
}

export function createCategories({ db }: { db: Kysely<DB> }) {
  async function list(p: Principal, timebankId: string, locale: CategoryLocale, includeHidden = false) {
    const resource = await timebankResource(db, p, timebankId);
    authorize(p, includeHidden ? 'timebank.configure' : 'timebank.view', resource);
    return categoriesFor(db, p.networkId, timebankId, locale, { includeHidden });
  }

  async function addSubcategory(p: Principal, actor: Actor, timebankId: string, input: NewSubcategory) {
    authorize(p, 'timebank.configure', await timebankResource(db, p, timebankId));
    const parent = SHIPPED.get(input.parentSlug);
    if (!parent || parent.parent !== null) {
      throw new DomainError('validation_failed', 'subcategories are added under a top-level category', {
        fields: [{ path: '/body/parentSlug', message: 'not a top-level category' }],
      });
    }
    const name = input.nameEn ?? input.namePl;
    const base = name ? slugify(name) : '';
    if (!base) {
      throw new DomainError('validation_failed', 'give the subcategory a name', {
        fields: [{ path: input.nameEn !== undefined ? '/body/nameEn' : '/body/namePl', message: 'needs letters or digits' }],
      });
    }
    return db.transaction().execute(async (tx) => {
      const taken = new Set((await q.overridesOf(tx, p.networkId, timebankId)).map((o) => o.slug));
      let slug = `${input.parentSlug}.${base}`;
      for (let n = 2; SHIPPED.has(slug) || taken.has(slug); n++) slug = `${input.parentSlug}.${base}-${n}`;
      await q.saveCategory(tx, {
        networkId: p.networkId,
        timebankId,
        slug,
        custom: true,
        nameEn: input.nameEn ?? null,
        namePl: input.namePl ?? null,
        hidden: false,
        minimumAge: input.minimumAge ?? null,
        checkNeeded: input.checkNeeded ?? null,
        by: p.personId,
      });
      await recordAudit(tx, actor, { action: 'category.add', subjectType: 'category', subjectId: null, timebankId, detail: { slug, ...input } });
      return { slug };
    });
  }

  async function update(p: Principal, actor: Actor, timebankId: string, slug: string, patch: CategoryPatch) {
    authorize(p, 'timebank.configure', await timebankResource(db, p, timebankId));
    return db.transaction().execute(async (tx) => {
      const existing = await q.findOverride(tx, p.networkId, timebankId, slug);
      const custom = existing?.custom ?? false;
      if (!SHIPPED.has(slug) && !custom) throw notFound('category');
      const next = {
        nameEn: patch.nameEn !== undefined ? patch.nameEn : (existing?.name_en ?? null),
        namePl: patch.namePl !== undefined ? patch.namePl : (existing?.name_pl ?? null),
        hidden: patch.hidden ?? existing?.hidden ?? false,
        minimumAge: patch.minimumAge !== undefined ? patch.minimumAge : (existing?.minimum_age ?? null),
        checkNeeded: patch.checkNeeded !== undefined ? patch.checkNeeded : (existing?.check_needed ?? null),
      };
      if (custom && next.nameEn === null && next.namePl === null) {
        throw new DomainError('validation_failed', 'an added subcategory keeps a name in at least one language', {
          fields: [{ path: patch.nameEn === null ? '/body/nameEn' : '/body/namePl', message: 'cannot remove the last name' }],
        });
      }
      await q.saveCategory(tx, { networkId: p.networkId, timebankId, slug, custom, ...next, by: p.personId });
      await recordAudit(tx, actor, { action: 'category.update', subjectType: 'category', subjectId: null, timebankId, detail: { slug, ...patch } });
      const c = await categoryOf(tx, p.networkId, timebankId, slug);
      if (!c) throw notFound('category');
      return c;
    });
  }

  return { list, addSubcategory, update };
}

export type Categories = ReturnType<typeof createCategories>;
