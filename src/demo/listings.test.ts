import { describe, expect, it } from 'vitest';
import { SHIPPED } from '../modules/categories/taxonomy.ts';
import { addDays, addMonths } from '../modules/listings/rules.ts';
import { planListings } from './listings.ts';
import { planDemoNetwork } from './plan.ts';
import { planProfiles } from './profiles.ts';

const today = '2026-06-01';
const plan = planDemoNetwork({ seed: 2005, scale: 1, today });
const profiles = planProfiles(plan, { seed: 2005, today });

describe('demo listings', () => {
  it('are the same for the same seed and day', () => {
    expect(planListings(plan, profiles, { seed: 2005, today })).toEqual(
      planListings(plan, planProfiles(plan, { seed: 2005, today }), { seed: 2005, today }),
    );
  });

  it('are open offers, requests and things to lend of active members, in shipped categories, lapsing within three months', () => {
    const rows = planListings(plan, profiles, { seed: 2005, today });
    expect(rows.length).toBeGreaterThan(100);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['offer', 'request', 'lend']));
    const members = new Map(plan.members.map((m) => [m.id, m]));
    const organisations = new Map(plan.organisations.map((o) => [o.id, o]));
    for (const r of rows) {
      expect(SHIPPED.has(r.category_slug)).toBe(true);
      expect(r.expires_on! > today && r.expires_on! <= addMonths(today, 3)).toBe(true);
      if (r.organisation_id) {
        // An organisation's own, written by someone who acts for it.
        expect(r.member_id).toBeNull();
        expect(r.timebank_id).toBe(organisations.get(r.organisation_id)!.timebank_id);
        expect(
          plan.organisationPersons.some(
            (x) =>
              x.organisation_id === r.organisation_id && x.person_id === r.created_by_person_id,
          ),
        ).toBe(true);
        continue;
      }
      const m = members.get(r.member_id!)!;
      expect(m.status).toBe('active');
      expect(r.timebank_id).toBe(m.timebank_id);
      expect(r.created_by_person_id).toBe(m.person_id);
      expect(r.expires_on! > today && r.expires_on! <= addMonths(today, 3)).toBe(true);
      expect(String(r.created_at) <= `${addDays(today, 0)}T10:00:00Z`).toBe(true);
    }
    // Every timebank's organisations offer something and ask for something.
    for (const t of plan.timebanks) {
      const theirs = rows.filter((r) => r.organisation_id && r.timebank_id === t.id);
      expect(new Set(theirs.map((r) => r.kind)), t.slug).toEqual(new Set(['offer', 'request']));
    }
    // Polish speakers write in Polish.
    expect(rows.some((r) => r.language === 'pl' && /[ąęłóśżź]/.test(r.title))).toBe(true);
  });
});
