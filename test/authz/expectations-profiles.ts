// What the policy allows on the routes of the category taxonomy, member profiles and the member
// directory (docs/profiles.md): spread into EXPECTED (expectations.ts).
import { type Cell, WITH_MEMBERSHIP } from './subjects.ts';

/** Everyone who belongs to North (timebank.view): its members and staff, and the network-wide roles of its network. */
const NORTH: readonly Cell[] = ['self', 'member:own', 'broker:own', 'coordinator:own', 'networkAdmin:own', 'commissioner:own', 'commissioner:network'];
/** Mary's data (person.read, person.update): Mary, and the brokers and coordinators of North. */
const MARY: readonly Cell[] = ['self', 'broker:own', 'coordinator:own'];
/** North's directory (directory.read): its active or paused members and its brokers and coordinators. */
const DIRECTORY: readonly Cell[] = ['self', 'member:own', 'broker:own', 'coordinator:own'];
/** Configuring North (timebank.configure): its coordinators. */
const COORDINATOR: readonly Cell[] = ['coordinator:own'];
/** "My profile": everyone with a membership in their current timebank (their own profile, not North's):
 * members, brokers and coordinators of every timebank; not the network admins or commissioners, who hold none. */
const MEMBERS = WITH_MEMBERSHIP;

export const PROFILE_EXPECTED: Record<string, readonly Cell[]> = {
  'GET /api/v1/timebanks/:timebankId/categories': NORTH,
  'POST /api/v1/timebanks/:timebankId/categories': COORDINATOR,
  'PATCH /api/v1/timebanks/:timebankId/categories/:slug': COORDINATOR,
  'GET /timebanks/:timebankId/categories': COORDINATOR,
  'POST /timebanks/:timebankId/categories': COORDINATOR,
  'POST /timebanks/:timebankId/categories/:slug': COORDINATOR,
  'GET /api/v1/timebanks/:timebankId/members/:memberId/profile': MARY,
  'PUT /api/v1/timebanks/:timebankId/members/:memberId/profile': MARY,
  'GET /profile': MEMBERS,
  'GET /profile/edit': MEMBERS,
  'POST /profile/edit': MEMBERS,
  'GET /timebanks/:timebankId/members/:memberId/profile': MARY,
  'GET /timebanks/:timebankId/members/:memberId/profile/edit': MARY,
  'POST /timebanks/:timebankId/members/:memberId/profile/edit': MARY,
  'GET /api/v1/timebanks/:timebankId/directory': DIRECTORY,
  'PUT /api/v1/timebanks/:timebankId/directory/settings': COORDINATOR,
  'GET /timebanks/:timebankId/directory': DIRECTORY,
  'POST /timebanks/:timebankId/directory/settings': COORDINATOR,
};
