import { describe, expect, it } from 'vitest';
import { SHIPPED } from '../modules/categories/taxonomy.ts';
import { planDemoNetwork } from './plan.ts';
import { planProfiles } from './profiles.ts';

const today = '2026-06-01';
const plan = planDemoNetwork({ seed: 2005, scale: 1, today });

describe('demo profiles', () => {
  it('are the same for the same seed and day', () => {
    expect(planProfiles(plan, { seed: 2005, today })).toEqual(
      planProfiles(planDemoNetwork({ seed: 2005, scale: 1, today }), { seed: 2005, today }),
    );
  });

  it('give every member who has not left a profile with something to offer, in shipped categories', () => {
    const p = planProfiles(plan, { seed: 2005, today });
    expect(p.profiles.length).toBe(plan.members.filter((m) => m.status !== 'left').length);
    const offering = new Set(
      p.categories.filter((c) => c.kind === 'offer').map((c) => c.member_id),
    );
    expect(offering.size).toBe(p.profiles.length);
    for (const c of p.categories) expect(SHIPPED.has(c.category_slug)).toBe(true);
    expect(p.directory.map((d) => d.visibility).sort()).toEqual([
      'names_areas',
      'names_areas_offers',
      'names_areas_offers',
    ]);
  });

  it('give children only categories without a minimum age or check, and the story people their own', () => {
    const p = planProfiles(plan, { seed: 2005, today });
    const persons = new Map(plan.persons.map((x) => [x.id, x]));
    const memberPerson = new Map(plan.members.map((m) => [m.id, persons.get(m.person_id)!]));
    for (const c of p.categories) {
      const person = memberPerson.get(c.member_id)!;
      if (
        c.kind !== 'want' &&
        c.kind !== 'interest' &&
        person.birth_year != null &&
        2026 - person.birth_year < 18
      ) {
        expect(
          SHIPPED.get(c.category_slug)?.minimumAge,
          `${person.display_name} ${c.category_slug}`,
        ).toBeUndefined();
        expect(SHIPPED.get(c.category_slug)?.checkNeeded).toBeUndefined();
      }
    }
    const agnes = plan.members.find(
      (m) => persons.get(m.person_id)?.display_name === 'Agnes McKellar',
    )!;
    expect(
      p.categories
        .filter((c) => c.member_id === agnes.id && c.kind === 'offer')
        .map((c) => c.category_slug),
    ).toEqual(['home-garden.cooking', 'creative.writing']);
  });
});
