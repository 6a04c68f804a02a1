// Probes of the wellbeing and social value routes for the authorization matrix: spread into
// PROBES (probes.ts). Mary joined long ago, so a check-in is refused as not due after the policy
// said yes; signposting is recorded by the first staff call and refused as done after that.
import { newId } from '../../src/lib/ids.ts';
import type { Probe } from './probes.ts';
import type { Targets } from './subjects.ts';

const shares = { deadweight: 0, displacement: 0, attribution: 0, dropOff: 0, durationYears: 1 };
const inputs = { fundingPence: 100_000, staffHours: 0, staffHourPence: 0, memberHours: 10, memberHourPence: 1221 };
const sroiForm = () => ({
  reportYear: '2024',
  wave: 'm12',
  w_deadweight: '0',
  w_displacement: '0',
  w_attribution: '0',
  w_dropOff: '0',
  w_durationYears: '1',
  p_proxyId: '',
  fundingPounds: '1000',
  staffHours: '0',
  staffHourPounds: '0',
  memberHours: '10',
  memberHourPounds: '12.21',
});
const proxyName = () => `Matrix proxy ${newId().slice(-8)}`;

export const WELLBEING_PROBES: Record<string, Probe> = {
  'POST /api/v1/timebanks/:timebankId/members/:memberId/wellbeing': { body: () => ({ wave: 'joining', decline: true }) },
  'GET /api/v1/timebanks/:timebankId/members/:memberId/wellbeing': {},
  'GET /api/v1/timebanks/:timebankId/wellbeing/due': {},
  'POST /api/v1/timebanks/:timebankId/wellbeing/checkins/:checkinId/signposting': {
    path: (t: Targets) => `/api/v1/timebanks/${t.north}/wellbeing/checkins/${t.wellbeingCheckinId}/signposting`,
    body: () => ({ outcome: 'offered' }),
  },
  'GET /api/v1/reports/wellbeing/paired-change': { path: (t) => `/api/v1/reports/wellbeing/paired-change?timebankId=${t.north}&after=m3` },
  'GET /api/v1/timebanks/:timebankId/social-value/proxies': {},
  'POST /api/v1/timebanks/:timebankId/social-value/proxies': {
    body: () => ({ name: proxyName(), unit: 'person-year', valuePence: 10_000, priceYear: 2023, source: 'Matrix survey of our own members', licence: 'CC BY 4.0' }),
  },
  'POST /api/v1/timebanks/:timebankId/social-value/sroi': { body: () => ({ outcomes: [{ engine: 'wellby', ...shares }], inputs }) },
  'GET /wellbeing/check-in': {},
  'POST /wellbeing/check-in': { form: () => ({ wave: 'joining', decline: 'yes' }) },
  'GET /timebanks/:timebankId/wellbeing/call': { path: (t) => `/timebanks/${t.north}/wellbeing/call?memberId=${t.maryMemberId}` },
  'POST /timebanks/:timebankId/wellbeing/call': { form: (t) => ({ memberId: t.maryMemberId, wave: 'joining', decline: 'yes' }) },
  'GET /timebanks/:timebankId/wellbeing/due': {},
  'POST /timebanks/:timebankId/wellbeing/checkins/:checkinId/signposting': {
    path: (t) => `/timebanks/${t.north}/wellbeing/checkins/${t.wellbeingCheckinId}/signposting`,
    form: () => ({ outcome: 'offered' }),
  },
  'GET /timebanks/:timebankId/wellbeing/report': { path: (t) => `/timebanks/${t.north}/wellbeing/report?after=m6` },
  // the whole network (no timebankId): the network's admins and commissioners
  'GET /wellbeing/report': { path: () => '/wellbeing/report?after=m6' },
  'GET /timebanks/:timebankId/social-value': {},
  'POST /timebanks/:timebankId/social-value': { form: sroiForm },
  'POST /timebanks/:timebankId/social-value/proxies': {
    form: () => ({ name: proxyName(), unit: 'person-year', valuePounds: '100', priceYear: '2023', source: 'Matrix survey of our own members', sourceUrl: '', licence: 'CC BY 4.0' }),
  },
};
