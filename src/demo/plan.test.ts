import { describe, expect, it } from 'vitest';
import { isUuidV7 } from '../lib/ids.ts';
import { DEMO_TIMEBANKS } from './data.ts';
import { planDemoNetwork } from './plan.ts';
import { DEMO_SIGN_INS } from './sign-ins.ts';

const TODAY = '2026-06-01';
const full = planDemoNetwork({ seed: 2005, scale: 1, today: TODAY });
const timebankIdOf = (slug: string) => full.timebanks.find((t) => t.slug === slug)!.id;
const ageOf = (birthYear: number) => 2026 - birthYear;

describe('the demo plan', () => {
  it('is the same for the same seed, scale and day', () => {
    expect(planDemoNetwork({ seed: 2005, scale: 1, today: TODAY })).toEqual(full);
  });

  it('draws other people from another seed but keeps the fixed sign-ins', () => {
    const other = planDemoNetwork({ seed: 7, scale: 1, today: TODAY });
    const names = (p: typeof full) => p.persons.map((x) => x.display_name);
    expect(names(other)).not.toEqual(names(full));
    for (const s of DEMO_SIGN_INS)
      expect(other.persons.some((p) => p.email === s.email)).toBe(true);
  });

  it('holds seven linked timebanks with 1,406 memberships, 235 of them in Cowal', () => {
    expect(full.network).toMatchObject({ slug: 'argyll', name: 'Argyll Timebanks', is_demo: true });
    expect(full.timebanks).toHaveLength(7);
    expect(full.members).toHaveLength(1406);
    expect(full.members.filter((m) => m.timebank_id === timebankIdOf('cowal'))).toHaveLength(235);
    for (const spec of DEMO_TIMEBANKS) {
      expect(full.members.filter((m) => m.timebank_id === timebankIdOf(spec.slug))).toHaveLength(
        spec.members,
      );
    }
    expect(full.persons.length).toBeGreaterThan(1350);
    expect(full.persons.length).toBeLessThan(1406);
  });

  it('waives the second factor in every demo timebank', () => {
    expect(full.timebanks.every((t) => t.totp_waived === true)).toBe(true);
  });

  it('has towns, villages and islands in every timebank', () => {
    const kinds = new Set(full.areas.map((a) => a.kind));
    expect([...kinds].sort()).toEqual(['island', 'neighbourhood', 'rural', 'town', 'village']);
    for (const t of full.timebanks)
      expect(full.areas.filter((a) => a.timebank_id === t.id).length).toBeGreaterThan(3);
  });

  it('has members aged 9 to 95, most of them 50 to 59', () => {
    const ages = full.persons.flatMap((p) => (p.birth_year ? [ageOf(p.birth_year)] : []));
    expect(Math.min(...ages)).toBe(9);
    expect(Math.max(...ages)).toBe(95);
    const decades = new Map<number, number>();
    for (const a of ages)
      decades.set(Math.floor(a / 10) * 10, (decades.get(Math.floor(a / 10) * 10) ?? 0) + 1);
    const [busiest] = [...decades.entries()].sort((a, b) => b[1] - a[1]);
    expect(busiest![0]).toBe(50);
  });

  it('has mostly active members, some applied, some paused until a later day, some who left', () => {
    const count = (s: string) => full.members.filter((m) => m.status === s).length;
    expect(count('active') / full.members.length).toBeGreaterThan(0.8);
    expect(count('applied')).toBeGreaterThan(10);
    expect(count('paused')).toBeGreaterThan(10);
    expect(count('left')).toBeGreaterThan(10);
    for (const m of full.members.filter((x) => x.status === 'paused')) {
      expect(m.paused_until! > TODAY).toBe(true);
      expect(m.status_reason).toBeTruthy();
    }
    for (const m of full.members.filter((x) => x.status === 'applied'))
      expect(m.joined_on).toBeNull();
  });

  it('leaves many people without email, and puts every email in the sign-in directory once', () => {
    const emails = full.persons.flatMap((p) => (p.email ? [p.email] : []));
    expect(full.persons.length - emails.length).toBeGreaterThan(300);
    expect(new Set(emails).size).toBe(emails.length);
    for (const e of emails) expect(e).toMatch(/^[a-z0-9.]+@[a-z0-9.]+$/);
    expect(full.signInDirectory.map((d) => d.email).sort()).toEqual([...emails].sort());
    const withoutEmail = full.persons.filter((p) => !p.email);
    expect(withoutEmail.every((p) => p.created_by_person_id)).toBe(true);
  });

  it('has Polish members, most of them using the Polish locale', () => {
    const polish = full.persons.filter((p) => p.locale === 'pl');
    expect(polish.length).toBeGreaterThan(10);
    expect(polish.some((p) => p.display_name === 'Agnieszka Nowak')).toBe(true);
  });

  it('gives every timebank one coordinator and its brokers, five in Cowal, all active members', () => {
    for (const spec of DEMO_TIMEBANKS) {
      const id = timebankIdOf(spec.slug);
      const grants = full.roleGrants.filter((g) => g.timebank_id === id);
      expect(grants.filter((g) => g.role === 'coordinator')).toHaveLength(1);
      expect(grants.filter((g) => g.role === 'broker')).toHaveLength(spec.brokers);
      for (const g of grants) {
        const m = full.members.find((x) => x.person_id === g.person_id && x.timebank_id === id);
        expect(m?.status).toBe('active');
      }
    }
    expect(
      full.roleGrants.filter((g) => g.timebank_id === timebankIdOf('cowal') && g.role === 'broker'),
    ).toHaveLength(5);
    const networkWide = full.roleGrants.filter((g) => g.timebank_id === null).map((g) => g.role);
    expect(networkWide.sort()).toEqual(['commissioner', 'network_admin']);
  });

  it('puts the member sign-in in Cowal and Bute, and the other sign-ins in their roles', () => {
    const personOf = (email: string) => full.persons.find((p) => p.email === email)!;
    const member = personOf('member@demo.timebank.test');
    const memberships = full.members
      .filter((m) => m.person_id === member.id)
      .map((m) => m.timebank_id);
    expect(memberships.sort()).toEqual([timebankIdOf('cowal'), timebankIdOf('bute')].sort());
    expect(full.roleGrants.some((g) => g.person_id === member.id)).toBe(false);
    for (const s of DEMO_SIGN_INS.filter((x) => x.role !== 'member')) {
      const grant = full.roleGrants.find((g) => g.person_id === personOf(s.email).id);
      expect(grant).toMatchObject({
        role: s.role,
        timebank_id: s.timebankSlug ? timebankIdOf(s.timebankSlug) : null,
      });
    }
    expect(full.signInPersonIds.sort()).toEqual(
      DEMO_SIGN_INS.map((s) => personOf(s.email).id).sort(),
    );
  });

  it('has a cafe taking time credits, a youth group and a community council, each with people who act for it', () => {
    const cafe = full.organisations.find((o) => o.name === 'Argyll Street Cafe');
    expect(cafe).toMatchObject({ kind: 'business' });
    expect(cafe?.description).toMatch(/time credits/);
    expect(full.organisations.some((o) => o.kind === 'voluntary' && /[Yy]outh/.test(o.name))).toBe(
      true,
    );
    expect(
      full.organisations.some((o) => o.kind === 'public' && /Community Council/.test(o.name)),
    ).toBe(true);
    for (const o of full.organisations) {
      const people = full.organisationPersons.filter((op) => op.organisation_id === o.id);
      expect(people.length).toBeGreaterThan(0);
      for (const op of people) {
        expect(
          full.members.some((m) => m.person_id === op.person_id && m.timebank_id === o.timebank_id),
        ).toBe(true);
      }
    }
  });

  it('makes unique UUIDv7 ids, the same ones for the same seed', () => {
    const ids = [
      full.network.id,
      ...full.timebanks,
      ...full.areas,
      ...full.persons,
      ...full.members,
    ].map((r) => (typeof r === 'string' ? r : r.id));
    expect(ids.every(isUuidV7)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the fixed sign-ins and every role at a small scale', () => {
    const small = planDemoNetwork({ seed: 2005, scale: 0.05, today: TODAY });
    expect(small.members.length).toBeGreaterThan(60);
    expect(small.members.length).toBeLessThan(150);
    expect(small.roleGrants).toHaveLength(full.roleGrants.length);
    expect(small.signInPersonIds).toHaveLength(DEMO_SIGN_INS.length);
  });

  it('refuses a scale or seed it cannot use', () => {
    expect(() => planDemoNetwork({ seed: 1, scale: 0, today: TODAY })).toThrow(/scale/);
    expect(() => planDemoNetwork({ seed: 1.5, scale: 1, today: TODAY })).toThrow(/seed/);
  });
});
