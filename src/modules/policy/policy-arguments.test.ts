// The policy's rules for the arguments board and fishbowl debates (feat/arguments), case by case.
import { describe, expect, it } from 'vitest';
import { authorize, can, type PolicySubject } from './policy.ts';

const N = 'net-1';
const network = { type: 'network' as const, networkId: N };
const debate = (moderatorPersonId: string, networkId = N) => ({ type: 'debate' as const, networkId, moderatorPersonId });
const subject = (over: Partial<PolicySubject> = {}): PolicySubject => ({
  networkId: N,
  personId: 'me',
  memberships: [{ memberId: 'm1', timebankId: 'tb-north', status: 'active' }],
  grants: [],
  ...over,
});

describe('the arguments board and fishbowl debates', () => {
  it('let active and paused members and anyone with a role take part, not applicants or people who left', () => {
    expect(can(subject(), 'argument.write', network)).toBe(true);
    expect(can(subject({ memberships: [{ memberId: 'm', timebankId: 't', status: 'paused' }] }), 'argument.write', network)).toBe(true);
    expect(can(subject({ memberships: [], grants: [{ role: 'commissioner', timebankId: null }] }), 'fishbowl.takePart', network)).toBe(true);
    for (const status of ['applied', 'left', 'suspended'] as const) {
      const s = subject({ memberships: [{ memberId: 'm', timebankId: 't', status }] });
      expect(can(s, 'argument.write', network)).toBe(false);
      expect(can(s, 'fishbowl.takePart', debate('x'))).toBe(false);
    }
  });

  it('let coordinators of any timebank and network admins moderate, edit groups and schedule; not brokers or commissioners', () => {
    for (const grants of [[{ role: 'coordinator' as const, timebankId: 'tb-south' }], [{ role: 'network_admin' as const, timebankId: null }]]) {
      const s = subject({ grants });
      for (const action of ['argument.moderate', 'stakeholder.manage', 'fishbowl.schedule'] as const) expect(can(s, action, network)).toBe(true);
    }
    for (const grants of [[{ role: 'broker' as const, timebankId: 'tb-north' }], [{ role: 'commissioner' as const, timebankId: null }], []]) {
      const s = subject({ grants });
      expect(can(s, 'argument.moderate', network)).toBe(false);
      expect(() => authorize(s, 'argument.moderate', network)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    }
  });

  it('let a debate be run by its moderator or a network admin only, and never across networks', () => {
    expect(can(subject({ personId: 'mod' }), 'fishbowl.moderate', debate('mod'))).toBe(true);
    expect(can(subject({ grants: [{ role: 'network_admin', timebankId: null }] }), 'fishbowl.moderate', debate('mod'))).toBe(true);
    expect(can(subject({ grants: [{ role: 'coordinator', timebankId: 'tb-north' }] }), 'fishbowl.moderate', debate('mod'))).toBe(false);
    expect(can(subject({ personId: 'mod' }), 'fishbowl.moderate', debate('mod', 'net-2'))).toBe(false);
    expect(() => authorize(subject(), 'argument.write', { type: 'network', networkId: 'net-2' })).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
