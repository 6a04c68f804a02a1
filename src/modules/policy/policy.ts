// Authorization in one place: "may this person do this to that", from role, timebank and
// network. Routes and services call authorize(); nothing else checks roles.
import type { GrantedRole } from '../../db/schema.ts';
import { DomainError } from '../../lib/errors.ts';

export interface Grant {
  role: GrantedRole;
  /** null: the whole network. */
  timebankId: string | null;
}

export interface Membership {
  memberId: string;
  timebankId: string;
  status: 'applied' | 'active' | 'paused' | 'left' | 'suspended';
}

/** What the policy needs to know about the signed-in person. */
export interface PolicySubject {
  networkId: string;
  personId: string;
  memberships: readonly Membership[];
  grants: readonly Grant[];
}

export type Resource =
  | { type: 'network'; networkId: string }
  | { type: 'timebank'; networkId: string; timebankId: string }
  /** A person, with the timebanks they are a member of (any status). */
  | { type: 'person'; networkId: string; personId: string; timebankIds: readonly string[] }
  /** A ledger account, with the people who hold it (the member, or those acting for an organisation). */
  | {
      type: 'account';
      networkId: string;
      timebankId: string;
      ownerKind: 'member' | 'organisation' | 'community_pot' | 'clearing';
      holderPersonIds: readonly string[];
    }
  // feat/arguments: a fishbowl debate, with the person who moderates it.
  | { type: 'debate'; networkId: string; moderatorPersonId: string }
  /** An activity: its timebank, the people acting for the organisation that runs it (if any),
   * and the other timebanks whose members may take part (linked timebanks, when it is open to
   * the network). */
  | {
      type: 'activity';
      networkId: string;
      timebankId: string;
      organiserPersonIds: readonly string[];
      openToTimebankIds: readonly string[];
    }
  // my record, data rights, organisation roles (feat/record): an organisation, with the people who are its admins.
  | { type: 'organisation'; networkId: string; timebankId: string; adminPersonIds: readonly string[]; personIds: readonly string[] }
  /** A listing (or one about to be posted): its timebank and the people it belongs to (the
   * member, or those acting for its organisation). */
  | { type: 'listing'; networkId: string; timebankId: string; ownerPersonIds: readonly string[] };

export type Action =
  // people
  | 'person.read'
  | 'person.update'
  | 'person.actFor'
  | 'person.readSafeguarding'
  // safeguarding checks, restrictions, preferences, availability
  | 'safeguarding.read'
  | 'safeguarding.write'
  | 'safeguarding.readOwn'
  | 'safeguarding.reviews'
  | 'restriction.write'
  | 'preference.write'
  // membership
  | 'member.list'
  | 'member.register'
  | 'member.setStatus'
  | 'member.suspend'
  // timebank and network
  | 'timebank.view'
  | 'timebank.configure'
  | 'timebank.grantBroker'
  | 'network.administer'
  | 'network.grantRoles'
  // reports (aggregates only)
  | 'report.read'
  // feat/reports: disclosure thresholds and open-data choices (docs/reports.md)
  | 'report.configure'
  // ledger
  | 'account.read'
  | 'account.spend'
  | 'ledger.record'
  | 'ledger.reverse'
  | 'ledger.configure'
  | 'ledger.clearing'
  // joining, references, member agreement (docs/members.md)
  | 'application.review'
  | 'reference.manage'
  | 'agreement.publish'
  | 'agreement.recordSignature'
  // notifications
  | 'notification.outbox'
  | 'notification.phoneList'
  // the member directory (profiles)
  | 'directory.read'
  // feat/arguments: the arguments board and fishbowl debates (docs/arguments.md, docs/fishbowl.md)
  | 'argument.write'
  | 'argument.moderate'
  | 'stakeholder.manage'
  | 'fishbowl.schedule'
  | 'fishbowl.takePart'
  | 'fishbowl.moderate'
  // activities (docs/activities.md)
  | 'activity.read'
  | 'activity.manage'
  | 'activity.roster'
  | 'activity.join'
  // my record, broker notes, data rights, organisation roles (feat/record, docs/my-record.md)
  | 'record.readOwn'
  | 'record.remark'
  | 'note.read'
  | 'note.write'
  | 'person.export'
  | 'person.erase'
  | 'organisation.managePeople'
  | 'organisation.readPeople'
  // listings (docs/listings.md)
  | 'listing.browse'
  | 'listing.manage'
  | 'listing.setCheck'
  // feat/outcomes: outcome frameworks, projects, Co-Production Star (docs/outcomes.md)
  | 'outcome.read'
  | 'outcome.manage'
  // broker matching (feat/matching, docs/matching.md)
  | 'matching.read'
  | 'matching.callList'
  | 'matching.configure'
  // wellbeing check-ins and social value (feat/wellbeing, docs/wellbeing.md, docs/social-value.md)
  | 'wellbeing.answer'
  | 'wellbeing.read'
  | 'wellbeing.due'
  | 'socialvalue.manage'
  // ---- capability conversations and the community asset map (feat/assetmap, docs/asset-map.md)
  | 'conversation.hold'
  | 'survey.answer'
  | 'asset.read'
  | 'asset.manage'
  | 'assetmap.read'
  | 'assetmap.configure';

const STAFF: readonly GrantedRole[] = ['broker', 'coordinator'];

function hasRoleIn(s: PolicySubject, roles: readonly GrantedRole[], timebankId: string): boolean {
  return s.grants.some((g) => roles.includes(g.role) && g.timebankId === timebankId);
}

function hasNetworkRole(s: PolicySubject, role: GrantedRole): boolean {
  return s.grants.some((g) => g.role === role && g.timebankId === null);
}

function isStaffFor(s: PolicySubject, timebankIds: readonly string[]): boolean {
  return timebankIds.some((t) => hasRoleIn(s, STAFF, t));
}

function belongsTo(s: PolicySubject, timebankId: string): boolean {
  return (
    s.memberships.some((m) => m.timebankId === timebankId && m.status !== 'left') ||
    s.grants.some((g) => g.timebankId === timebankId || g.timebankId === null)
  );
}

type Rule = (s: PolicySubject, r: Resource) => boolean;

const personRule =
  (allowSelf: boolean, staff: (s: PolicySubject, ids: readonly string[]) => boolean): Rule =>
  (s, r) =>
    r.type === 'person' && ((allowSelf && r.personId === s.personId) || staff(s, r.timebankIds));

const timebankRule =
  (roles: readonly GrantedRole[]): Rule =>
  (s, r) =>
    r.type === 'timebank' && hasRoleIn(s, roles, r.timebankId);

/** Holders of an account: the member, or the people acting for its organisation. */
const holds = (s: PolicySubject, r: Resource) => r.type === 'account' && r.holderPersonIds.includes(s.personId);
const staffOfAccount = (s: PolicySubject, r: Resource) => r.type === 'account' && hasRoleIn(s, STAFF, r.timebankId);

// feat/arguments: people of the network (an active or paused membership, or any role) take
// part; coordinators of any of its timebanks and its network admins moderate.
const takesPartInNetwork = (s: PolicySubject) => s.memberships.some((m) => m.status === 'active' || m.status === 'paused') || s.grants.length > 0;
const moderatesNetwork = (s: PolicySubject) => s.grants.some((g) => g.role === 'coordinator') || hasNetworkRole(s, 'network_admin');
// Activities: who organises one (coordinators of its timebank, and the people acting for the
// organisation that runs it), who keeps its roster (organisers, and brokers and coordinators of
// its timebank, who register members by phone and mark attendance), who sees it, who may join.
const organises = (s: PolicySubject, r: Resource) =>
  r.type === 'activity' && (hasRoleIn(s, ['coordinator'], r.timebankId) || r.organiserPersonIds.includes(s.personId));
const activeIn = (s: PolicySubject, timebankIds: readonly string[]) =>
  s.memberships.some((m) => timebankIds.includes(m.timebankId) && m.status === 'active');
const ACTIVITY_RULES: Record<'activity.read' | 'activity.manage' | 'activity.roster' | 'activity.join', Rule> = {
  'activity.read': (s, r) =>
    r.type === 'activity' && (belongsTo(s, r.timebankId) || organises(s, r) || r.openToTimebankIds.some((t) => belongsTo(s, t))),
  'activity.manage': organises,
  'activity.roster': (s, r) => r.type === 'activity' && (organises(s, r) || hasRoleIn(s, STAFF, r.timebankId)),
  'activity.join': (s, r) => r.type === 'activity' && activeIn(s, [r.timebankId, ...r.openToTimebankIds]),
};

const RULES: Record<Action, Rule> = {
  // A person's data: themself, and brokers and coordinators of their timebank. Nobody else:
  // not a network admin, not a commissioner.
  'person.read': personRule(true, isStaffFor),
  'person.update': personRule(true, isStaffFor),
  'person.readSafeguarding': personRule(true, isStaffFor),
  // Safeguarding checks: brokers and coordinators of the member's timebank only; a member
  // reads a summary of their own and the log of who viewed them, never anyone else's.
  'safeguarding.read': personRule(false, isStaffFor),
  'safeguarding.write': personRule(false, isStaffFor),
  'safeguarding.readOwn': personRule(true, () => false),
  'safeguarding.reviews': timebankRule(STAFF),
  'restriction.write': personRule(false, isStaffFor),
  'preference.write': personRule(true, isStaffFor),
  'person.actFor': (s, r) => r.type === 'person' && r.personId !== s.personId && isStaffFor(s, r.timebankIds),
  'member.list': timebankRule(STAFF),
  'member.register': timebankRule(STAFF),
  'member.setStatus': timebankRule(STAFF),
  'member.suspend': timebankRule(['coordinator']),
  'timebank.view': (s, r) => r.type === 'timebank' && belongsTo(s, r.timebankId),
  'timebank.configure': timebankRule(['coordinator']),
  'timebank.grantBroker': timebankRule(['coordinator']),
  'network.administer': (s, r) => r.type === 'network' && hasNetworkRole(s, 'network_admin'),
  'network.grantRoles': (s, r) => r.type === 'network' && hasNetworkRole(s, 'network_admin'),
  'report.read': (s, r) =>
    (r.type === 'network' && (hasNetworkRole(s, 'commissioner') || hasNetworkRole(s, 'network_admin'))) ||
    (r.type === 'timebank' &&
      (hasRoleIn(s, ['coordinator', 'commissioner'], r.timebankId) ||
        hasNetworkRole(s, 'commissioner') ||
        hasNetworkRole(s, 'network_admin'))),
  // feat/reports: a timebank's thresholds and open data: its coordinators; the network's floor: network admins.
  'report.configure': (s, r) =>
    (r.type === 'network' && hasNetworkRole(s, 'network_admin')) || (r.type === 'timebank' && hasRoleIn(s, ['coordinator'], r.timebankId)),
  // An account: its holders, and brokers and coordinators of its timebank (who record hours
  // for members without computers). Clearing accounts: the network admin too.
  'account.read': (s, r) =>
    holds(s, r) || staffOfAccount(s, r) || (r.type === 'account' && r.ownerKind === 'clearing' && hasNetworkRole(s, 'network_admin')),
  'account.spend': (s, r) =>
    (r.type === 'account' && (r.ownerKind === 'member' || r.ownerKind === 'organisation') && holds(s, r)) || staffOfAccount(s, r),
  'ledger.record': timebankRule(STAFF),
  'ledger.reverse': timebankRule(['coordinator']),
  'ledger.configure': timebankRule(['coordinator']),
  'ledger.clearing': (s, r) => r.type === 'network' && hasNetworkRole(s, 'network_admin'),
  // Applications, and references with their answers: brokers and coordinators of the
  // timebank only (the member sees that references exist and their verdict, through person.read).
  'application.review': timebankRule(STAFF),
  'reference.manage': timebankRule(STAFF),
  'agreement.publish': timebankRule(['coordinator']),
  'agreement.recordSignature': timebankRule(STAFF),
  // Mail that failed for good, and resending it: coordinators. The "to phone" list: staff.
  'notification.outbox': timebankRule(['coordinator']),
  'notification.phoneList': timebankRule(STAFF),
  // The member directory: active or paused members of the timebank, and its staff. Not
  // applicants, not people who left, not network-wide roles.
  'directory.read': (s, r) =>
    r.type === 'timebank' &&
    (s.memberships.some((m) => m.timebankId === r.timebankId && (m.status === 'active' || m.status === 'paused')) || hasRoleIn(s, STAFF, r.timebankId)),
  // feat/arguments: writing arguments and comments, "this would convince me", reports and
  // taking part in a fishbowl: people of the network. Moderating arguments, editing the
  // stakeholder groups and scheduling debates: coordinators and network admins. A debate is
  // run by its moderator, or by a network admin when the moderator cannot.
  'argument.write': (s, r) => r.type === 'network' && takesPartInNetwork(s),
  'argument.moderate': (s, r) => r.type === 'network' && moderatesNetwork(s),
  'stakeholder.manage': (s, r) => r.type === 'network' && moderatesNetwork(s),
  'fishbowl.schedule': (s, r) => r.type === 'network' && moderatesNetwork(s),
  'fishbowl.takePart': (s, r) => (r.type === 'network' || r.type === 'debate') && takesPartInNetwork(s),
  'fishbowl.moderate': (s, r) => r.type === 'debate' && (r.moderatorPersonId === s.personId || hasNetworkRole(s, 'network_admin')),
  ...ACTIVITY_RULES,
  // ---- my record, broker notes, data rights, organisation roles (feat/record, docs/my-record.md)
  // The whole record as the member sees it: the person themself only.
  'record.readOwn': personRule(true, () => false),
  // A note or correction beside an item: the member, or staff of their timebank taking it by phone.
  'record.remark': personRule(true, isStaffFor),
  // Broker notes: the member reads those shared with them (the service filters); staff read all.
  'note.read': personRule(true, isStaffFor),
  'note.write': personRule(false, isStaffFor),
  // Everything held about a person as an archive: themself, and coordinators of their timebank.
  'person.export': personRule(true, (s, ids) => ids.some((t) => hasRoleIn(s, ['coordinator'], t))),
  // Erasure: coordinators of their timebank, never the person themself (they ask a coordinator).
  'person.erase': personRule(false, (s, ids) => ids.some((t) => hasRoleIn(s, ['coordinator'], t))),
  // Who acts for an organisation, and in which role: coordinators of its timebank and its admins.
  'organisation.managePeople': (s, r) =>
    r.type === 'organisation' && (hasRoleIn(s, ['coordinator'], r.timebankId) || r.adminPersonIds.includes(s.personId)),
  // Who acts for it: staff of its timebank, and the people who act for it.
  'organisation.readPeople': (s, r) => r.type === 'organisation' && (hasRoleIn(s, STAFF, r.timebankId) || r.personIds.includes(s.personId)),
  // Listings: browsed and searched by the active or paused members of a timebank and its
  // brokers and coordinators (who also see the network-visible listings of the other
  // timebanks); posted, edited, closed and renewed by the people they belong to and by the
  // brokers and coordinators of their timebank; whether a check is needed beyond the
  // category's is for brokers and coordinators.
  'listing.browse': (s, r) =>
    r.type === 'timebank' &&
    (s.memberships.some((m) => m.timebankId === r.timebankId && (m.status === 'active' || m.status === 'paused')) || hasRoleIn(s, STAFF, r.timebankId)),
  'listing.manage': (s, r) => r.type === 'listing' && (r.ownerPersonIds.includes(s.personId) || hasRoleIn(s, STAFF, r.timebankId)),
  'listing.setCheck': timebankRule(STAFF),
  // ---- feat/outcomes (docs/outcomes.md). A timebank's framework is managed by its
  // coordinators, the network's by its network admins; commissioners read (the service shows
  // them aggregates with small numbers suppressed), as do the network admins any framework and
  // the coordinators of any timebank the network's.
  'outcome.manage': (s, r) =>
    (r.type === 'timebank' && hasRoleIn(s, ['coordinator'], r.timebankId)) || (r.type === 'network' && hasNetworkRole(s, 'network_admin')),
  'outcome.read': (s, r) =>
    hasNetworkRole(s, 'network_admin') ||
    hasNetworkRole(s, 'commissioner') ||
    (r.type === 'timebank' && hasRoleIn(s, ['coordinator', 'commissioner'], r.timebankId)) ||
    (r.type === 'network' && s.grants.some((g) => g.role === 'coordinator')),
  // ---- broker matching (feat/matching, docs/matching.md): ranking a request's candidates, the
  // dashboard, the call list and the "do not send" lists: brokers and coordinators of the
  // timebank. The ranking's weights: its coordinators.
  'matching.read': timebankRule(STAFF),
  'matching.callList': timebankRule(STAFF),
  'matching.configure': timebankRule(['coordinator']),
  // ---- wellbeing check-ins and social value (feat/wellbeing, docs/wellbeing.md)
  // Answers are sensitive: the member themself, and brokers and coordinators of their timebank
  // (who record answers from a call); nobody else, not network admins or commissioners, who see
  // the paired change report's aggregates through report.read.
  'wellbeing.answer': personRule(true, isStaffFor),
  'wellbeing.read': personRule(true, isStaffFor),
  // Who is due a check-in, and the answers that ask a broker to offer signposting.
  'wellbeing.due': timebankRule(STAFF),
  // Financial proxies of the timebank: its coordinators and the network admins.
  'socialvalue.manage': (s, r) => r.type === 'timebank' && (hasRoleIn(s, ['coordinator'], r.timebankId) || hasNetworkRole(s, 'network_admin')),
  // ---- capability conversations and the community asset map (feat/assetmap, docs/asset-map.md)
  // A conversation and a survey answer are personal data: the member (or a broker acting for
  // them), and the brokers and coordinators of the timebank it was held in.
  'conversation.hold': personRule(true, isStaffFor),
  'survey.answer': personRule(true, isStaffFor),
  // The assets register: seen by the people of the timebank, kept by its brokers and coordinators.
  'asset.read': (s, r) => r.type === 'timebank' && belongsTo(s, r.timebankId),
  'asset.manage': timebankRule(STAFF),
  // The map with names behind its cells: brokers and coordinators of the timebank (the
  // suppressed, public figures go to whoever may read its reports: report.read).
  'assetmap.read': timebankRule(STAFF),
  // Area boundaries and refreshing the map: coordinators.
  'assetmap.configure': timebankRule(['coordinator']),
};

export function can(s: PolicySubject, action: Action, resource: Resource): boolean {
  if (resource.networkId !== s.networkId) return false;
  return RULES[action](s, resource);
}

/**
 * Throws when the action is not allowed. Another network's (or an unseen person's) rows are
 * reported as not found, so ids from other tenants reveal nothing.
 */
export function authorize(s: PolicySubject, action: Action, resource: Resource): void {
  if (can(s, action, resource)) return;
  const unseenAccount = resource.type === 'account' && !RULES['account.read'](s, resource);
  if (resource.networkId !== s.networkId || resource.type === 'person' || unseenAccount) {
    throw new DomainError('not_found', `${resource.type} not found`);
  }
  throw new DomainError('forbidden', `you may not ${action} here`);
}

/** Roles that must give a second factor (unless every timebank they serve waives it). */
export const MFA_ROLES: readonly GrantedRole[] = ['broker', 'coordinator', 'network_admin'];

/** The timebanks (or null for the whole network) where this person holds a staff role. */
export function staffTimebankIds(s: PolicySubject): string[] {
  return s.grants.filter((g) => STAFF.includes(g.role) && g.timebankId).map((g) => g.timebankId as string);
}
