// Probes of the category taxonomy, member profiles and the member directory (docs/profiles.md)
// for the authorization matrix: spread into PROBES (probes.ts). Each call is harmless to the
// other probes: it adds a subcategory, sets a shipped category back to its shipped values, saves
// a profile with shipped categories and no opt-out, or turns the directory on.
import { newId } from '../../src/lib/ids.ts';
import type { Probe } from './probes.ts';

/** A shipped top-level category with no minimum age or check: patching it back changes nothing. */
const PLAIN_CATEGORY = 'lending';

/** A whole profile as the API takes it: shipped categories only, so it is valid in every timebank. */
const profileBody = () => ({
  offer: { categories: ['home-garden', 'digital-help'], text: 'Gardening and help with phones' },
  want: { categories: ['transport-errands'], text: null },
  languages: ['en', 'pl'],
  areaIds: [],
  directoryOptOut: false,
});

/** The same profile as the page's form sends it. */
const profileForm = () => ({
  'offer-categories': 'home-garden',
  'offer-text': 'Gardening and help with phones',
  'want-categories': 'transport-errands',
  languages: 'en, pl',
  directoryOptOut: 'no',
});

export const PROFILE_PROBES: Record<string, Probe> = {
  // ---- the category taxonomy
  'GET /api/v1/timebanks/:timebankId/categories': {},
  'POST /api/v1/timebanks/:timebankId/categories': {
    body: () => ({ parentSlug: 'creative', nameEn: `Matrix craft ${newId().slice(-6)}`, minimumAge: null, checkNeeded: null }),
  },
  'PATCH /api/v1/timebanks/:timebankId/categories/:slug': {
    path: (t) => `/api/v1/timebanks/${t.north}/categories/${PLAIN_CATEGORY}`,
    body: () => ({ nameEn: null, namePl: null, hidden: false, minimumAge: null, checkNeeded: null }),
  },
  'GET /timebanks/:timebankId/categories': {},
  'POST /timebanks/:timebankId/categories': {
    form: () => ({ parentSlug: 'creative', nameEn: `Matrix craft ${newId().slice(-6)}`, namePl: '', minimumAge: '' }),
  },
  'POST /timebanks/:timebankId/categories/:slug': {
    path: (t) => `/timebanks/${t.north}/categories/${PLAIN_CATEGORY}`,
    form: () => ({ nameEn: '', namePl: '', minimumAge: '' }),
  },
  // ---- member profiles (Mary's in North; "/profile" is the caller's own in their current timebank)
  'GET /api/v1/timebanks/:timebankId/members/:memberId/profile': {},
  'PUT /api/v1/timebanks/:timebankId/members/:memberId/profile': { body: profileBody },
  'GET /profile': {},
  'GET /profile/edit': {},
  'POST /profile/edit': { form: profileForm },
  'GET /timebanks/:timebankId/members/:memberId/profile': {},
  'GET /timebanks/:timebankId/members/:memberId/profile/edit': {},
  'POST /timebanks/:timebankId/members/:memberId/profile/edit': { form: profileForm },
  // ---- the member directory
  'GET /api/v1/timebanks/:timebankId/directory': {},
  'PUT /api/v1/timebanks/:timebankId/directory/settings': { body: () => ({ visibility: 'names_areas_offers' }) },
  'GET /timebanks/:timebankId/directory': {},
  'POST /timebanks/:timebankId/directory/settings': { form: () => ({ visibility: 'names_areas_offers' }) },
};
