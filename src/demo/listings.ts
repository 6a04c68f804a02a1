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
import { createIdSource, createRandom, type Random } from './random.ts';

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

/** The organisations' own listings (docs/exchanges.md, "With organisations"): what they offer
 * for time credits and what they ask members to help with, one or two of each per timebank. */
const ORGANISATION_LISTINGS: Record<
  string,
  readonly [kind: 'offer' | 'request', slug: string, title: string][]
> = {
  'Argyll Street Cafe': [
    ['offer', 'home-garden.cooking', 'Teas and coffees at the cafe'],
    ['request', 'home-garden.cleaning', 'Window cleaning at the cafe'],
    ['request', 'digital-help.websites', 'Posters and a post for our page'],
  ],
  "Cowal Men's Shed": [['offer', 'practical-skills.diy', 'Small repairs at the shed']],
  'Bute Lunch Club': [
    ['offer', 'care-of-others.meals', 'A hot lunch on Wednesdays'],
    ['request', 'home-garden.cooking', 'Cooks and washers-up for the lunch'],
  ],
  'Rothesay Community Garden': [['request', 'home-garden.gardening', 'Weeding the raised beds']],
  'Mid Argyll Community Car Scheme': [
    ['offer', 'transport-errands.appointments', 'Going along to hospital appointments'],
  ],
  'Lochgilphead Community Council': [
    ['request', 'home-garden.gardening', 'Tidying the planters on the front green'],
  ],
  'Carradale Bakehouse': [
    ['offer', 'home-garden.cooking', 'Bread and rolls for time credits'],
    ['request', 'transport-errands.deliveries', 'Delivering bread to the village'],
  ],
  'Campbeltown Heritage Group': [['request', 'digital-help.computers', 'Scanning old photographs']],
  'Oban Harbour Tearoom': [
    ['offer', 'home-garden.cooking', 'Tea and cake at the tearoom'],
    ['request', 'home-garden.gardening', 'Help with the tearoom garden'],
  ],
  'Bowmore Youth Hub': [
    ['offer', 'digital-help.phones-tablets', 'Young people help with phones and tablets'],
  ],
  'Jura Community Council': [['request', 'home-garden.cleaning', 'The island clean-up']],
  'Craignure Village Shop': [
    ['offer', 'transport-errands.deliveries', 'Deliveries to outlying crofts'],
  ],
  'Tobermory Lunch Club': [['request', 'home-garden.cooking', 'Cooks for the lunch club']],
};

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
  out.push(...organisationListings(plan, r, nextId, opts.today));
  return out;
}

/** The organisations' listings, written by the first person who acts for each (after the
 * members', from the same stream, so the members' listings stay as they were). */
function organisationListings(
  plan: DemoPlan,
  r: Random,
  nextId: () => string,
  today: string,
): Row[] {
  const out: Row[] = [];
  for (const o of plan.organisations) {
    const author = plan.organisationPersons.find((x) => x.organisation_id === o.id)?.person_id;
    if (!author) continue;
    for (const [kind, slug, title] of ORGANISATION_LISTINGS[o.name] ?? []) {
      out.push({
        network_id: o.network_id,
        id: nextId(),
        timebank_id: o.timebank_id,
        kind,
        member_id: null,
        organisation_id: o.id,
        title,
        description: '',
        category_slug: slug,
        area_id: null,
        mode: slug.startsWith('transport-errands') ? 'home' : 'outside',
        when_kind: 'flexible',
        check_needed: false,
        language: 'en',
        languages: [],
        visibility: 'timebank',
        expires_on: addDays(today, r.int(30, 90)),
        created_at: `${addDays(today, -r.int(40, 60))}T10:00:00Z`,
        created_by_person_id: author,
      });
    }
  }
  return out;
}
