// Data rights: export everything held about a person as one zip of JSON and CSV files (the
// person themself, or a coordinator of their timebank), and erase a person (a coordinator):
// personal data removed or blanked everywhere, the ledger kept whole with an opaque holder.
// Both are written to the audit record. See docs/my-record.md.
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { authorize } from '../policy/policy.ts';
import { availabilityOf, preferencesOf, restrictionsOf } from '../preferences/service.ts';
import { loadProfile } from '../profiles/queries.ts';
import * as rq from '../record/queries.ts';
import { viewsOf } from '../safeguarding/queries.ts';
import type { RecordService } from '../record/service.ts';
import { safeguardingViewsCsv } from './csv.ts';
import { toCsv, toJson, zipFiles } from './archive.ts';
import { participationFiles } from './participation.ts';
import { checkinsOfPerson } from '../wellbeing/queries.ts';
import { checkinView } from '../wellbeing/view.ts';
import * as q from './queries.ts';
// feat/assetmap
import { conversationsOfPerson, surveysOfPerson } from '../capabilities/queries.ts';
import { conversationViews } from '../capabilities/service.ts';

export interface EraseInput {
  reason: string;
  /** The person's name as shown, typed again: the confirmation. */
  confirmName: string;
}

/** The name an erased person is shown by. */
export const ERASED_NAME = 'Erased member';
const REF_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newRef = () => Array.from({ length: 10 }, () => REF_ALPHABET[randomInt(REF_ALPHABET.length)]).join('');

const README = `This archive holds everything the timebank holds about you.

person.json                 your details
memberships.json            your memberships of timebanks and their status now
status-history.json/.csv    how your status changed, when and by whom
profiles.json               your profile in each timebank
preferences.json            your preferences, the restrictions set by your broker, your availability
applications.json           your applications to join
guardians.json              guardians linked to you, or the children you are a guardian of
references.json             references asked about you and their verdict (what the referee said is theirs, not included)
checks.json                 your safeguarding checks (never the certificate number, which stays sealed)
safeguarding-views.json/.csv  who viewed your safeguarding data and when
notes.json                  notes your timebank shared with you
remarks.json                your own notes and corrections
agreements.json             the member agreements you signed
organisations.json          organisations you act for
roles.json                  roles you hold (broker, coordinator...)
accounts.json               your hour accounts and balances (minutes)
transfers.csv               every transfer on your accounts (minutes)
notifications.json          messages sent to you (kind and date), and your choices
history.json/.csv           everything done to or for you, from the audit record
wellbeing.json              your wellbeing check-ins and answers (null: a question you skipped)
conversations.json          your capability conversations: what you can give, what you would like help with, your time
survey.json                 your answers to the community survey
listings.json               your offers and requests
exchanges.json              exchanges you gave or received help in, with each time agreed
thanks.json                 thank-you notes you wrote or received
activities.json             activities you registered for, and whether you attended
broker-calls.json           brokers' calls to you about requests (outcome, note), and the people you asked not to be sent
`;

export function createDataRights({ db, clock, record }: { db: Kysely<DB>; clock: Clock; record: RecordService }) {
  /** Every file of the archive. Restricted notes are never in it (docs/my-record.md). */
  async function files(networkId: string, personId: string, person: NonNullable<Awaited<ReturnType<RecordService['personResource']>>['person']>, memberships: Awaited<ReturnType<RecordService['personResource']>>['memberships']) {
    const n = networkId;
    const perMember = await Promise.all(
      memberships.map(async (m) => ({
        timebank: m.timebank_name,
        memberId: m.member_id,
        profile: await loadProfile(db, n, m.member_id),
        preferences: await preferencesOf(db, n, m.member_id),
        restrictions: (await restrictionsOf(db, n, m.member_id)).rows.map((r) => ({ kind: r.kind, note: r.note, setAt: r.set_at })),
        availability: await availabilityOf(db, n, m.member_id),
      })),
    );
    const accounts = await q.accountsOf(db, n, personId);
    const own = new Set(accounts.map((a) => a.id));
    const [statuses, references, signatures, notes, remarks, applications, guardians, checks, views, roles, organisations, transfers, notifications, choices, history] =
      await Promise.all([
        rq.statusHistory(db, n, personId),
        rq.referenceVerdicts(db, n, personId),
        rq.signaturesOf(db, n, personId),
        rq.notesOf(db, n, personId, { sharedOnly: true }),
        rq.remarksOf(db, n, personId),
        q.applicationsOf(db, n, personId),
        q.guardianLinks(db, n, personId),
        q.checksOf(db, n, personId),
        viewsOf(db, n, personId, 100_000),
        q.rolesOf(db, n, personId),
        q.organisationsOf(db, n, personId),
        q.transfersOf(db, n, [...own]),
        q.notificationsOf(db, n, personId),
        q.notificationChoicesOf(db, n, personId),
        q.historyOf(db, n, personId),
      ]);
    // feat/wellbeing
    const wellbeing = await checkinsOfPerson(db, n, personId);
    const { password_hash, totp_secret_enc, totp_last_step, ...details } = person;
    const statusRows = statuses.map((s) => {
      const d = (s.detail ?? {}) as Record<string, unknown>;
      return { at: s.at, timebank: s.timebank_name, action: s.action, to: d.to ?? d.status ?? null, reason: d.reason ?? null, by: s.by_name };
    });
    // feat/assetmap: capability conversations (drafts too) and survey answers
    const conversations = await conversationViews(db, n, await conversationsOfPerson(db, n, personId));
    const surveys = await surveysOfPerson(db, n, personId);
    const participation = await participationFiles(db, n, personId, memberships.map((m) => m.member_id));
    return {
      ...participation,
      'conversations.json': toJson(conversations),
      'survey.json': toJson(surveys),
      'README.txt': README,
      'person.json': toJson({ ...details, signsIn: password_hash !== null, secondFactor: totp_secret_enc !== null }),
      'memberships.json': toJson(memberships),
      'status-history.json': toJson(statusRows),
      'status-history.csv': toCsv(['at', 'timebank', 'action', 'to', 'reason', 'by'], statusRows.map((s) => [s.at, s.timebank, s.action, String(s.to ?? ''), String(s.reason ?? ''), s.by])),
      'profiles.json': toJson(perMember.map((m) => ({ timebank: m.timebank, ...m.profile }))),
      'preferences.json': toJson(perMember.map((m) => ({ timebank: m.timebank, preferences: m.preferences, restrictions: m.restrictions, availability: m.availability }))),
      'applications.json': toJson(applications),
      'guardians.json': toJson(guardians),
      'references.json': toJson(references),
      'checks.json': toJson(checks),
      'safeguarding-views.json': toJson(views),
      'safeguarding-views.csv': safeguardingViewsCsv(views),
      'notes.json': toJson(notes.map((x) => ({ id: x.id, timebank: x.timebank_name, body: x.body, writtenAt: x.written_at, writtenBy: x.written_by_name }))),
      'remarks.json': toJson(remarks),
      'wellbeing.json': toJson(wellbeing.map(checkinView)),
      'agreements.json': toJson(signatures),
      'organisations.json': toJson(organisations),
      'roles.json': toJson(roles),
      'accounts.json': toJson(accounts),
      'transfers.csv': toCsv(
        ['at', 'transfer_id', 'kind', 'phase', 'direction', 'minutes', 'account_id', 'category', 'memo'],
        transfers.map((t) => {
          const out = own.has(t.debit_account_id);
          return [t.created_at, t.id, t.kind, t.phase, out ? 'out' : 'in', t.minutes, out ? t.debit_account_id : t.credit_account_id, t.category, t.memo];
        }),
      ),
      'notifications.json': toJson({ notifications, choices }),
      'history.json': toJson(history),
      'history.csv': toCsv(['at', 'id', 'action', 'actor_person_id', 'timebank_id', 'detail'], history.map((h) => [h.at, h.id, h.action, h.actor_person_id, h.timebank_id, JSON.stringify(h.detail)])),
    };
  }

  /** The archive: for the person themself, and coordinators of their timebank. Audited. */
  async function exportArchive(p: Principal, actor: Actor, personId: string) {
    const { person, memberships, resource } = await record.personResource(p, personId);
    authorize(p, 'person.export', resource);
    if (!person) throw notFound('person');
    const at = clock.now();
    const all = await files(p.networkId, personId, person, memberships);
    await recordAudit(db, actor, { action: 'person.export', subjectType: 'person', subjectId: personId, detail: { files: Object.keys(all).length } });
    return { filename: `timebank-record-${personId}.zip`, bytes: zipFiles(all, at), files: Object.keys(all) };
  }

  /** Why this person cannot be erased now, if there is a reason. */
  async function refusal(p: Principal, personId: string, memberships: { timebank_id: string; status: string }[]): Promise<DomainError | null> {
    if ((await q.rolesOf(db, p.networkId, personId)).length) {
      return new DomainError('person_is_staff', 'they hold a role (broker, coordinator, admin or commissioner): remove it first');
    }
    if (await q.isGuardianOfSomeone(db, p.networkId, personId)) {
      return new DomainError('person_is_guardian', 'they are the guardian of a member under 16: link another guardian first');
    }
    const mine = new Set(p.grants.filter((g) => g.role === 'coordinator').map((g) => g.timebankId));
    if (memberships.some((m) => m.status !== 'left' && !mine.has(m.timebank_id))) {
      return new DomainError('member_elsewhere', 'they are still a member of a timebank you do not coordinate: its coordinator must end that membership first');
    }
    if ((await q.pendingMinutes(db, p.networkId, personId)) > 0) {
      return new DomainError('pending_transfers', 'hours on their account wait to be confirmed or declined: resolve them first');
    }
    return null;
  }

  /** Erases a person (a coordinator of their timebank, with a reason and the name typed again). */
  async function erase(p: Principal, actor: Actor, personId: string, input: EraseInput) {
    const { person, memberships, resource } = await record.personResource(p, personId);
    authorize(p, 'person.erase', resource);
    if (!person) throw notFound('person');
    if (person.erased_at) throw new DomainError('conflict', 'this person is already erased');
    const fields = [];
    if (!input.reason.trim()) fields.push({ path: '/body/reason', message: 'give the reason' });
    if (input.confirmName.trim() !== person.display_name) fields.push({ path: '/body/confirmName', message: 'type the name exactly as shown' });
    if (fields.length) throw new DomainError('validation_failed', fields[0]!.message, { fields });
    const refused = await refusal(p, personId, memberships);
    if (refused) throw refused;
    const ref = newRef();
    const displayName = `${ERASED_NAME} ${ref}`;
    await db.transaction().execute(async (tx) => {
      await q.erasePerson(tx, {
        networkId: p.networkId,
        personId,
        memberIds: memberships.map((m) => m.member_id),
        oldEmail: person.email,
        displayName,
        ref,
        at: clock.now(),
        by: p.personId,
      });
      await recordAudit(tx, actor, {
        action: 'person.erase',
        subjectType: 'person',
        subjectId: personId,
        detail: { erasedRef: ref, memberships: memberships.length, reason: input.reason.trim() },
      });
    });
    return { personId, erasedRef: ref, displayName };
  }

  /** What the erase page shows before anything is done: the name, and why it would be refused. */
  async function erasable(p: Principal, personId: string) {
    const { person, memberships, resource } = await record.personResource(p, personId);
    authorize(p, 'person.erase', resource);
    if (!person) throw notFound('person');
    const refused = person.erased_at ? new DomainError('conflict', 'this person is already erased') : await refusal(p, personId, memberships);
    return { displayName: person.display_name, refusal: refused?.message ?? null };
  }

  return { exportArchive, erase, erasable };
}

export type DataRights = ReturnType<typeof createDataRights>;
