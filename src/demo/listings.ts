// Listings of the demo network (docs/listings.md): offers and requests drawn from the members'
// profiles (what they offer, what they would like help with), a few things to lend, in English
// or in Polish as the member speaks, with their own seeded stream and ids (the rest of the demo
// is the same with or without them). Children's offers keep to the categories their profiles
// allow (no minimum age). Some are visible to the whole network; all are open, lapsing within
// three months.
import type { Insertable } from 'kysely';
import type { DB } from '../db/schema.ts';
import { SHIPPED } from '../modules/categories/taxonomy.ts';
import { addDays } from '../modules/listings/rules.ts';
import type { DemoPlan } from './plan.ts';
import type { DemoProfiles } from './profiles.ts';
import { createIdSource, createRandom } from './random.ts';

type Row = Insertable<DB['listing']>;

/** Titles by top-level category: an offer and a request, in English and Polish. */
const WORDS: Record<string, { offer: [string, string]; request: [string, string] }> = {
  'home-garden': {
    offer: ['Help in the garden', 'Pomoc w ogrodzie'],
    request: ['Someone to help with the garden', 'Szukam pomocy w ogrodzie'],
  },
  'transport-errands': {
    offer: ['Lifts and errands', 'Podwiozę i załatwię sprawunki'],
    request: ['A lift to the surgery', 'Podwiezienie do przychodni'],
  },
  companionship: {
    offer: ['A friendly visit or phone call', 'Odwiedziny i rozmowy'],
    request: ['Company for a cup of tea', 'Towarzystwo przy herbacie'],
  },
  'learning-teaching': {
    offer: ['Lessons and homework help', 'Lekcje i pomoc w nauce'],
    request: ['Help to learn English', 'Pomoc w nauce angielskiego'],
  },
  creative: {
    offer: ['Knitting, sewing and crafts', 'Robótki i rękodzieło'],
    request: ['Help to mend and sew', 'Pomoc w szyciu'],
  },
  'digital-help': {
    offer: ['Help with phones and computers', 'Pomoc z telefonem i komputerem'],
    request: ['Help with my new tablet', 'Pomoc z nowym tabletem'],
  },
  'practical-skills': {
    offer: ['Small repairs and odd jobs', 'Drobne naprawy'],
    request: ['Shelves put up', 'Powieszenie półek'],
  },
  'care-of-others': {
    offer: ['Meals cooked and brought round', 'Ugotuję i przyniosę obiad'],
    request: ['A break for a carer', 'Chwila wytchnienia dla opiekuna'],
  },
  'health-wellbeing': {
    offer: ['Walks and gentle exercise', 'Spacery i ćwiczenia'],
    request: ['A walking partner', 'Towarzysz spacerów'],
  },
  lending: {
    offer: ['Tools to lend', 'Pożyczę narzędzia'],
    request: ['Borrow a ladder', 'Pożyczę drabinę'],
  },
};
const THINGS = [
  ['Lawnmower to lend', 'lending.garden-equipment'],
  ['Ladder to lend', 'lending.tools'],
  ['Pressure washer to lend', 'lending.tools'],
  ['Tent and camping stove to lend', 'lending.outdoor'],
  ['Wheelchair to lend', 'lending.mobility'],
] as const;
const ID_BASE_MS = Date.UTC(2025, 6, 1);

export function planListings(
  plan: DemoPlan,
  profiles: DemoProfiles,
  opts: { seed: number; today: string },
): Row[] {
  const r = createRandom((opts.seed ^ 0x5eed_0008) >>> 0);
  const nextId = createIdSource(r, ID_BASE_MS);
  const persons = new Map(plan.persons.map((p) => [p.id, p]));
  const members = new Map(plan.members.map((m) => [m.id, m]));
  const areas = new Map<string, string[]>();
  for (const a of plan.areas) areas.set(a.timebank_id, [...(areas.get(a.timebank_id) ?? []), a.id]);
  const out: Row[] = [];
  const add = (
    memberId: string,
    kind: 'offer' | 'request' | 'lend',
    slug: string,
    title: string,
    polish: boolean,
  ) => {
    const m = members.get(memberId);
    if (m?.status !== 'active') return;
    const tbAreas = areas.get(m.timebank_id) ?? [];
    const created = addDays(opts.today, -r.int(0, 60));
    out.push({
      network_id: m.network_id,
      id: nextId(),
      timebank_id: m.timebank_id,
      kind,
      member_id: m.id,
      organisation_id: null,
      title,
      description: '',
      category_slug: slug,
      area_id: tbAreas.length && r.chance(0.6) ? r.pick(tbAreas) : null,
      mode:
        slug.startsWith('digital-help') || slug.endsWith('phone-calls')
          ? 'online'
          : r.pick(['home', 'outside'] as const),
      when_kind: r.chance(0.3) ? 'recurring' : 'flexible',
      check_needed:
        SHIPPED.get(slug)?.checkNeeded === true ||
        SHIPPED.get(slug.split('.')[0]!)?.checkNeeded === true,
      language: polish ? 'pl' : 'en',
      languages: polish ? ['pl', 'en'] : [],
      visibility: r.chance(0.2) ? 'network' : 'timebank',
      expires_on: addDays(opts.today, r.int(5, 90)),
      created_at: `${created}T10:00:00Z`,
      created_by_person_id: m.person_id,
    });
    const last = out.at(-1)!;
    if (last.when_kind === 'recurring')
      Object.assign(last, { when_weekday: r.int(1, 7), when_every_weeks: 1 });
  };
  for (const c of profiles.categories) {
    if (c.kind !== 'offer' && c.kind !== 'want') continue;
    if (!r.chance(c.kind === 'offer' ? 0.12 : 0.1)) continue;
    const m = members.get(c.member_id);
    const polish = persons.get(m?.person_id ?? '')?.locale === 'pl';
    const words = WORDS[c.category_slug.split('.')[0]!];
    if (!words) continue;
    const [en, pl] = c.kind === 'offer' ? words.offer : words.request;
    add(
      c.member_id,
      c.kind === 'offer' ? 'offer' : 'request',
      c.category_slug,
      polish ? pl : en,
      polish,
    );
  }
  const active = plan.members.filter((m) => m.status === 'active');
  for (const [title, slug] of THINGS) {
    if (active.length) add(r.pick(active).id, 'lend', slug, title, false);
  }
  return out;
}
