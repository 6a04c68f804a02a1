// Profiles of the demo members: what they offer and would like help with, skills, gifts of
// the head, hands and heart, languages and areas, drawn from the shipped taxonomy with their
// own seeded stream (the rest of the demo is the same with or without them). Children get only
// categories without a minimum age. Three timebanks show a members directory.
import type { Insertable } from 'kysely';
import type { DB } from '../db/schema.ts';
import { SHIPPED, TAXONOMY } from '../modules/categories/taxonomy.ts';
import type { ProfileKind } from '../modules/profiles/tables.ts';
import type { DemoPlan } from './plan.ts';
import { createRandom, type Random } from './random.ts';

type Row<T extends keyof DB> = Insertable<DB[T]>;

export interface DemoProfiles {
  profiles: Row<'member_profile'>[];
  categories: Row<'member_profile_category'>[];
  areas: Row<'member_profile_area'>[];
  directory: Row<'timebank_directory_settings'>[];
}

const SUBS = TAXONOMY.flatMap((t) => t.subs.map((s) => s.slug));
const FOR_CHILDREN = SUBS.filter(
  (s) => SHIPPED.get(s)?.minimumAge === undefined && !SHIPPED.get(s)?.checkNeeded,
);

const OFFER_TEXT = [
  'Happy to help on weekday mornings',
  'I have a car and some free afternoons',
  'Weekends suit me best',
  'I can come to you',
  null,
  null,
];
const WANT_TEXT = [
  'Someone to pop in now and then',
  'Help with the garden in spring',
  'A lift to the surgery in Dunoon',
  null,
  null,
];
const HEART_TEXT = [
  'Nobody on the island should be lonely',
  'Young people having somewhere to go',
  'The shore kept clean',
  'Local food',
  null,
  null,
];
const HEAD_TEXT = ['Local history', 'Gaelic songs', 'How to fill in benefit forms', null, null];

/** Slugs for one section: the story people's own, or a few drawn at random. */
const draw = (r: Random, pool: readonly string[], min: number, max: number) =>
  r.shuffle(pool).slice(0, r.int(min, max));

/** What the people of the story do (docs/demo.md). */
const STORY: Record<string, Partial<Record<ProfileKind, string[]>> & { text?: string }> = {
  'Agnes McKellar': {
    offer: ['home-garden.cooking', 'creative.writing'],
    want: ['home-garden.laundry'],
    text: 'Shortbread, and certificates for the youth club',
  },
  'Agnieszka Nowak': {
    offer: ['learning-teaching.translation'],
    head: ['learning-teaching.languages'],
    text: 'Polish and English',
  },
  'Isla Paterson': { offer: ['home-garden.laundry'], text: 'Changing bedding on Tuesdays' },
  'Zofia Nowak': { offer: ['home-garden.laundry'], text: 'Changing bedding on Tuesdays' },
};

export function planProfiles(plan: DemoPlan, opts: { seed: number; today: string }): DemoProfiles {
  const r = createRandom((opts.seed ^ 0x5eed_0007) >>> 0);
  const year = Number(opts.today.slice(0, 4));
  const persons = new Map(plan.persons.map((p) => [p.id, p]));
  const areasOf = new Map<string, string[]>();
  for (const a of plan.areas)
    areasOf.set(a.timebank_id, [...(areasOf.get(a.timebank_id) ?? []), a.id]);
  const out: DemoProfiles = { profiles: [], categories: [], areas: [], directory: [] };
  for (const m of plan.members) {
    if (m.status === 'left') continue;
    const person = persons.get(m.person_id);
    if (!person) continue;
    const child = person.birth_year != null && year - person.birth_year < 18;
    const pool = child ? FOR_CHILDREN : SUBS;
    const { text: storyText, ...storySections } = STORY[person.display_name] ?? {};
    const story =
      storyText === undefined ? undefined : { text: storyText, sections: storySections };
    const sections: Partial<Record<ProfileKind, string[]>> = story?.sections ?? {
      offer: draw(r, pool, 1, 3),
      want: draw(r, SUBS, 0, 2),
      skill: draw(r, pool, 0, 2),
      interest: draw(r, SUBS, 0, 1),
      head: draw(r, pool, 0, 1),
      hands: draw(r, pool, 0, 1),
    };
    for (const [kind, slugs] of Object.entries(sections) as [ProfileKind, string[]][]) {
      for (const slug of slugs)
        out.categories.push({
          network_id: m.network_id,
          member_id: m.id,
          kind,
          category_slug: slug,
        });
    }
    out.profiles.push({
      network_id: m.network_id,
      member_id: m.id,
      languages: person.locale === 'pl' ? ['pl', 'en'] : r.chance(0.05) ? ['en', 'gd'] : ['en'],
      offer_text: story?.text ?? r.pick(OFFER_TEXT),
      want_text: story ? null : r.pick(WANT_TEXT),
      head_text: story ? null : r.pick(HEAD_TEXT),
      heart_text: story ? null : r.pick(HEART_TEXT),
      directory_opt_out: r.chance(0.06),
      updated_by_person_id: null,
    });
    const nearby = (areasOf.get(m.timebank_id) ?? []).filter((a) => a !== m.area_id);
    if (nearby.length && r.chance(0.4))
      out.areas.push({ network_id: m.network_id, member_id: m.id, area_id: r.pick(nearby) });
  }
  const shown: Record<string, 'names_areas' | 'names_areas_offers'> = {
    cowal: 'names_areas_offers',
    bute: 'names_areas',
    'oban-lorn': 'names_areas_offers',
  };
  for (const tb of plan.timebanks) {
    const visibility = shown[tb.slug];
    if (visibility)
      out.directory.push({
        network_id: tb.network_id,
        timebank_id: tb.id,
        visibility,
        updated_by_person_id: null,
      });
  }
  return out;
}
