import { describe, expect, it } from 'vitest';
import { authorize, can, type PolicySubject } from './policy.ts';

const N = 'net-1';
const OTHER_N = 'net-2';
const north = 'tb-north';
const south = 'tb-south';

const subject = (over: Partial<PolicySubject> = {}): PolicySubject => ({
  networkId: N,
  personId: 'me',
  memberships: [{ memberId: 'm1', timebankId: north, status: 'active' }],
  grants: [],
  ...over,
});
const person = (personId: string, timebankIds: string[], networkId = N) => ({ type: 'person' as const, networkId, personId, timebankIds });

describe('policy', () => {
  it('lets a member read their own record and nobody else’s', () => {
    const s = subject();
    expect(can(s, 'person.read', person('me', [north]))).toBe(true);
    expect(can(s, 'person.read', person('other', [north]))).toBe(false);
  });

  it('lets a broker read and act for members of their own timebank only', () => {
    const s = subject({ grants: [{ role: 'broker', timebankId: north }] });
    expect(can(s, 'person.read', person('x', [north]))).toBe(true);
    expect(can(s, 'person.actFor', person('x', [north]))).toBe(true);
    expect(can(s, 'person.read', person('y', [south]))).toBe(false);
    expect(can(s, 'person.actFor', person('y', [south]))).toBe(false);
  });

  it('never lets a broker act for themself', () => {
    const s = subject({ grants: [{ role: 'broker', timebankId: north }] });
    expect(can(s, 'person.actFor', person('me', [north]))).toBe(false);
  });

  it('refuses everything across networks, even to a network admin', () => {
    const s = subject({ grants: [{ role: 'network_admin', timebankId: null }] });
    expect(can(s, 'network.administer', { type: 'network', networkId: OTHER_N })).toBe(false);
    expect(() => authorize(s, 'network.administer', { type: 'network', networkId: OTHER_N })).toThrow(/not found/);
  });

  it('gives commissioners aggregate reports but no person’s data', () => {
    const s = subject({ memberships: [], grants: [{ role: 'commissioner', timebankId: null }] });
    expect(can(s, 'report.read', { type: 'network', networkId: N })).toBe(true);
    expect(can(s, 'report.read', { type: 'timebank', networkId: N, timebankId: north })).toBe(true);
    expect(can(s, 'person.read', person('x', [north]))).toBe(false);
    expect(can(s, 'member.list', { type: 'timebank', networkId: N, timebankId: north })).toBe(false);
  });

  it('keeps network admins out of people’s records', () => {
    const s = subject({ memberships: [], grants: [{ role: 'network_admin', timebankId: null }] });
    expect(can(s, 'person.read', person('x', [north]))).toBe(false);
    expect(can(s, 'network.administer', { type: 'network', networkId: N })).toBe(true);
  });

  it('lets only coordinators suspend and configure', () => {
    const broker = subject({ grants: [{ role: 'broker', timebankId: north }] });
    const coord = subject({ grants: [{ role: 'coordinator', timebankId: north }] });
    const tb = { type: 'timebank' as const, networkId: N, timebankId: north };
    expect(can(broker, 'member.suspend', tb)).toBe(false);
    expect(can(coord, 'member.suspend', tb)).toBe(true);
    expect(can(broker, 'timebank.configure', tb)).toBe(false);
    expect(can(coord, 'timebank.configure', tb)).toBe(true);
    expect(can(broker, 'member.setStatus', tb)).toBe(true);
  });

  it('reports an unseen person as not found and a denied action as forbidden', () => {
    const s = subject();
    expect(() => authorize(s, 'person.read', person('x', [south]))).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => authorize(s, 'timebank.configure', { type: 'timebank', networkId: N, timebankId: north })).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });

  describe('ledger accounts', () => {
    const account = (holderPersonIds: string[], ownerKind: 'member' | 'community_pot' | 'clearing' = 'member', timebankId = north) => ({
      type: 'account' as const,
      networkId: N,
      timebankId,
      ownerKind,
      holderPersonIds,
    });

    it('lets a member read and spend their own account only', () => {
      const s = subject();
      expect(can(s, 'account.read', account(['me']))).toBe(true);
      expect(can(s, 'account.spend', account(['me']))).toBe(true);
      expect(can(s, 'account.read', account(['other']))).toBe(false);
      expect(can(s, 'account.spend', account(['other']))).toBe(false);
      expect(() => authorize(s, 'account.read', account(['other']))).toThrow(expect.objectContaining({ code: 'not_found' }));
    });

    it('lets brokers record for accounts of their timebank, not of another', () => {
      const s = subject({ grants: [{ role: 'broker', timebankId: north }] });
      expect(can(s, 'account.spend', account(['x']))).toBe(true);
      expect(can(s, 'account.spend', account(['x'], 'community_pot'))).toBe(true);
      expect(can(s, 'account.read', account(['y'], 'member', south))).toBe(false);
      expect(can(s, 'ledger.reverse', { type: 'timebank', networkId: N, timebankId: north })).toBe(false);
    });

    it('lets the network admin see clearing accounts but no member account', () => {
      const s = subject({ memberships: [], grants: [{ role: 'network_admin', timebankId: null }] });
      expect(can(s, 'account.read', account([], 'clearing'))).toBe(true);
      expect(can(s, 'account.read', account(['x']))).toBe(false);
      expect(can(s, 'ledger.clearing', { type: 'network', networkId: N })).toBe(true);
    });

    it('keeps commissioners away from every account', () => {
      const s = subject({ memberships: [], grants: [{ role: 'commissioner', timebankId: null }] });
      expect(can(s, 'account.read', account(['x']))).toBe(false);
      expect(can(s, 'account.read', account([], 'community_pot'))).toBe(false);
    });
  });
});
