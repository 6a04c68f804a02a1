// SQL of data rights: everything held about a person, for the archive, and erasing them.
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
// feat/assetmap
import { eraseOfMembers as eraseConversations } from '../capabilities/queries.ts';

type Q = Kysely<DB> | Transaction<DB>;

export function applicationsOf(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('application')
    .where('network_id', '=', networkId)
    .where('person_id', '=', personId)
    .select(['id', 'timebank_id', 'source', 'offer', 'wants', 'data_consent_at', 'decision', 'decision_reason', 'decided_at', 'created_at'])
    .orderBy('created_at')
    .execute();
}

/** Guardians of the person, and children they are the guardian of, with the other's name. */
export function guardianLinks(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('guardian as g')
    .innerJoin('person as c', (j) => j.onRef('c.network_id', '=', 'g.network_id').onRef('c.id', '=', 'g.child_person_id'))
    .innerJoin('person as gp', (j) => j.onRef('gp.network_id', '=', 'g.network_id').onRef('gp.id', '=', 'g.guardian_person_id'))
    .where('g.network_id', '=', networkId)
    .where((eb) => eb.or([eb('g.child_person_id', '=', personId), eb('g.guardian_person_id', '=', personId)]))
    .select(['g.id', 'c.display_name as child_name', 'gp.display_name as guardian_name', 'g.child_person_id', 'g.relationship', 'g.consent_method', 'g.consent_signed_on'])
    .execute();
}

/** The person's checks in full metadata, never the sealed number. */
export function checksOf(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('safeguarding_check as c')
    .innerJoin('timebank as t', (j) => j.onRef('t.network_id', '=', 'c.network_id').onRef('t.id', '=', 'c.timebank_id'))
    .where('c.network_id', '=', networkId)
    .where('c.person_id', '=', personId)
    .select([
      'c.id',
      't.name as timebank_name',
      'c.scheme',
      'c.level',
      'c.workforce',
      'c.role_title',
      'c.regulated_work',
      'c.issued_on',
      'c.update_service',
      'c.status_checked_on',
      'c.status_check_result',
      'c.review_on',
      'c.decision',
      'c.decided_on',
      'c.stopped_notice_sent_on',
    ])
    .orderBy('c.issued_on')
    .execute();
}

export function rolesOf(db: Q, networkId: string, personId: string) {
  return db.selectFrom('role_grant').where('network_id', '=', networkId).where('person_id', '=', personId).select(['role', 'timebank_id']).execute();
}

export function organisationsOf(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('organisation_person as op')
    .innerJoin('organisation as o', (j) => j.onRef('o.network_id', '=', 'op.network_id').onRef('o.id', '=', 'op.organisation_id'))
    .where('op.network_id', '=', networkId)
    .where('op.person_id', '=', personId)
    .select(['o.id', 'o.name', 'op.role', 'op.created_at'])
    .execute();
}

/** The ledger accounts of the person's memberships. */
export function accountsOf(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('account as a')
    .innerJoin('member as m', (j) => j.onRef('m.network_id', '=', 'a.network_id').onRef('m.id', '=', 'a.member_id'))
    .innerJoin('timebank as t', (j) => j.onRef('t.network_id', '=', 'a.network_id').onRef('t.id', '=', 'a.timebank_id'))
    .where('a.network_id', '=', networkId)
    .where('m.person_id', '=', personId)
    .select(['a.id', 't.name as timebank_name', 'a.debits_posted', 'a.credits_posted', 'a.debits_pending', 'a.credits_pending', 'a.created_at'])
    .execute();
}

/** Every transfer touching the given accounts, oldest first, with the other side's holder name. */
export function transfersOf(db: Q, networkId: string, accountIds: string[]) {
  if (!accountIds.length) return Promise.resolve([]);
  return db
    .selectFrom('transfer as t')
    .where('t.network_id', '=', networkId)
    .where((eb) => eb.or([eb('t.debit_account_id', 'in', accountIds), eb('t.credit_account_id', 'in', accountIds)]))
    .select(['t.id', 't.created_at', 't.kind', 't.phase', 't.minutes', 't.debit_account_id', 't.credit_account_id', 't.category', 't.memo'])
    .orderBy('t.created_at')
    .orderBy('t.id')
    .execute();
}

export function notificationsOf(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('notification')
    .where('network_id', '=', networkId)
    .where('recipient_person_id', '=', personId)
    .select(['id', 'kind', 'created_at', 'route', 'read_at'])
    .orderBy('created_at')
    .execute();
}

export function notificationChoicesOf(db: Q, networkId: string, personId: string) {
  return db.selectFrom('notification_preference').where('network_id', '=', networkId).where('person_id', '=', personId).select(['kind', 'channel', 'updated_at']).execute();
}

/** The audit record of what was done to or for the person. */
export function historyOf(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('audit_event as e')
    .where('e.network_id', '=', networkId)
    .where((eb) => eb.or([eb.and([eb('e.subject_type', '=', 'person'), eb('e.subject_id', '=', personId)]), eb('e.on_behalf_of_person_id', '=', personId)]))
    .select(['e.id', 'e.at', 'e.action', 'e.actor_person_id', 'e.timebank_id', 'e.detail'])
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

/** Minutes still pending (two-phase, not yet confirmed or declined) on the person's accounts. */
export async function pendingMinutes(db: Q, networkId: string, personId: string): Promise<number> {
  const r = await db
    .selectFrom('account as a')
    .innerJoin('member as m', (j) => j.onRef('m.network_id', '=', 'a.network_id').onRef('m.id', '=', 'a.member_id'))
    .where('a.network_id', '=', networkId)
    .where('m.person_id', '=', personId)
    .select(sql<string>`coalesce(sum(a.debits_pending + a.credits_pending), 0)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function isGuardianOfSomeone(db: Q, networkId: string, personId: string): Promise<boolean> {
  const r = await db.selectFrom('guardian').where('network_id', '=', networkId).where('guardian_person_id', '=', personId).select('id').executeTakeFirst();
  return r !== undefined;
}

/**
 * Removes or blanks every piece of personal data held about the person, in one transaction.
 * Kept: the person row (blanked, with an opaque name), their memberships (left, blanked), their
 * ledger accounts and transfers (append-only), agreement signatures (a date and a version),
 * the audit record (with free-text reasons removed), and views they made of others' checks.
 */
export async function erasePerson(
  tx: Transaction<DB>,
  o: { networkId: string; personId: string; memberIds: string[]; oldEmail: string | null; displayName: string; ref: string; at: Date; by: string | null },
): Promise<void> {
  const { networkId: n, personId: id, memberIds } = o;
  await tx
    .updateTable('person')
    .set({
      display_name: o.displayName,
      email: null,
      phone: null,
      birth_year: null,
      birth_date: null,
      password_hash: null,
      totp_secret_enc: null,
      totp_enabled_at: null,
      totp_last_step: null,
      suspended_at: null,
      suspended_reason: null,
      erased_at: o.at,
      erased_by_person_id: o.by,
      erased_ref: o.ref,
    })
    .where('network_id', '=', n)
    .where('id', '=', id)
    .execute();
  await tx.deleteFrom('sign_in_directory').where('network_id', '=', n).where('person_id', '=', id).execute();
  await tx.deleteFrom('session').where('network_id', '=', n).where('person_id', '=', id).execute();
  await tx.updateTable('session').set({ acting_for_person_id: null }).where('network_id', '=', n).where('acting_for_person_id', '=', id).execute();
  if (memberIds.length) {
    for (const table of ['member_profile_category', 'member_profile_area', 'member_profile', 'member_preference_area', 'member_preference', 'availability_window', 'member_restriction'] as const) {
      await sql`delete from ${sql.table(table)} where network_id = ${n} and member_id in (${sql.join(memberIds)})`.execute(tx);
    }
    await tx
      .updateTable('listing')
      .set({ title: 'Erased', description: '', status: 'closed', closed_at: sql`coalesce(closed_at, ${o.at})`, updated_at: o.at })
      .where('network_id', '=', n)
      .where('member_id', 'in', memberIds)
      .execute();
    // broker matching (feat/matching): their "do not send" lists, both ways, and the notes of
    // calls made to them (the calls stay, as the record of who was rung, without what was said).
    await tx
      .deleteFrom('matching_do_not_send')
      .where('network_id', '=', n)
      .where((eb) => eb.or([eb('member_id', 'in', memberIds), eb('excluded_member_id', 'in', memberIds)]))
      .execute();
    await tx.updateTable('matching_contact').set({ note: null }).where('network_id', '=', n).where('member_id', 'in', memberIds).execute();
    await tx
      .updateTable('member')
      .set({ status: 'left', paused_until: null, status_reason: null, area_id: null })
      .where('network_id', '=', n)
      .where('id', 'in', memberIds)
      .execute();
  }
  await tx.deleteFrom('application').where('network_id', '=', n).where('person_id', '=', id).execute();
  await tx.deleteFrom('guardian').where('network_id', '=', n).where('child_person_id', '=', id).execute();
  await tx.deleteFrom('reference').where('network_id', '=', n).where('person_id', '=', id).execute();
  await tx.deleteFrom('safeguarding_check').where('network_id', '=', n).where('person_id', '=', id).execute();
  await tx.deleteFrom('safeguarding_view').where('network_id', '=', n).where('subject_person_id', '=', id).execute();
  await tx.deleteFrom('member_note').where('network_id', '=', n).where('person_id', '=', id).execute();
  await tx.deleteFrom('record_remark').where('network_id', '=', n).where('person_id', '=', id).execute();
  await tx.deleteFrom('organisation_person').where('network_id', '=', n).where('person_id', '=', id).execute();
  // feat/wellbeing: their check-ins and answers
  await tx.deleteFrom('wellbeing_checkin').where('network_id', '=', n).where('person_id', '=', id).execute();
  // feat/assetmap: capability conversations and survey answers are about the person: erased
  await eraseConversations(tx, n, memberIds);
  await eraseNotifications(tx, n, id, o.oldEmail);
  await eraseTakingPart(tx, o);
  await tx
    .updateTable('audit_event')
    .set({ detail: sql`detail - array['reason', 'displayName', 'name', 'email', 'phone', 'note', 'applicantName']` })
    .where('network_id', '=', n)
    .where((eb) => eb.or([eb.and([eb('subject_type', '=', 'person'), eb('subject_id', '=', id)]), eb('on_behalf_of_person_id', '=', id)]))
    .execute();
}

/**
 * What the person wrote or where they were, in exchanges, activities, the arguments board and
 * their calendar feed. Kept: the exchanges and their occurrences and hours (the ledger points at
 * them), registrations for activities (paid hours), endorsements, and debate transcripts, which
 * name the person through the (now opaque) person row only.
 */
async function eraseTakingPart(tx: Transaction<DB>, o: { networkId: string; personId: string; memberIds: string[]; at: Date; by: string | null }) {
  const { networkId: n, personId: id, memberIds } = o;
  await tx.deleteFrom('calendar_feed').where('network_id', '=', n).where('person_id', '=', id).execute();
  if (memberIds.length) {
    // Thank-you notes they wrote or were given; the place and note of exchanges they asked for
    // (often their home); free text in the story of exchanges they were in.
    await tx
      .deleteFrom('thank_you')
      .where('network_id', '=', n)
      .where((eb) => eb.or([eb('from_member_id', 'in', memberIds), eb('to_member_id', 'in', memberIds)]))
      .execute();
    await tx.updateTable('exchange').set({ note: null, place: null, expenses_for: null, cancelled_reason: null }).where('network_id', '=', n).where('receiver_member_id', 'in', memberIds).execute();
    const theirs = tx
      .selectFrom('exchange_giver')
      .select('exchange_id')
      .where('network_id', '=', n)
      .where('member_id', 'in', memberIds)
      .union(tx.selectFrom('exchange').select('id as exchange_id').where('network_id', '=', n).where('receiver_member_id', 'in', memberIds));
    await tx
      .updateTable('exchange_event')
      .set({ detail: sql`detail - array['reason', 'note', 'place', 'expensesFor', 'before', 'after']` } as never)
      .where('network_id', '=', n)
      .where('exchange_id', 'in', theirs)
      .execute();
    await tx.updateTable('exchange_occurrence').set({ reason: null }).where('network_id', '=', n).where('exchange_id', 'in', theirs).execute();
  }
  // Arguments: a named one stays, without the name; a private one loses its text. Comments are
  // hidden and emptied.
  await tx.updateTable('argument').set({ attribution: 'anonymous' }).where('network_id', '=', n).where('author_person_id', '=', id).where('attribution', '=', 'named').execute();
  await tx.updateTable('argument').set({ claim: 'Erased', details: null }).where('network_id', '=', n).where('author_person_id', '=', id).where('status', '=', 'private').execute();
  await tx
    .updateTable('argument_comment')
    .set({ body: 'Erased', hidden_at: o.at, hidden_by_person_id: o.by })
    .where('network_id', '=', n)
    .where('author_person_id', '=', id)
    .execute();
}

async function eraseNotifications(tx: Transaction<DB>, n: string, id: string, oldEmail: string | null) {
  const mine = tx.selectFrom('notification').where('network_id', '=', n).where('recipient_person_id', '=', id).select('id');
  await tx.deleteFrom('notification_phone_call').where('network_id', '=', n).where((eb) => eb.or([eb('person_id', '=', id), eb('notification_id', 'in', mine)])).execute();
  await tx.deleteFrom('notification_address_problem').where('network_id', '=', n).where('person_id', '=', id).execute();
  await tx.updateTable('notification').set({ digest_delivery_id: null }).where('network_id', '=', n).where('recipient_person_id', '=', id).execute();
  await tx
    .deleteFrom('notification_delivery')
    .where('network_id', '=', n)
    .where((eb) => eb.or([eb('digest_person_id', '=', id), eb('notification_id', 'in', mine)]))
    .execute();
  await tx.deleteFrom('notification').where('network_id', '=', n).where('recipient_person_id', '=', id).execute();
  await tx.deleteFrom('notification_preference').where('network_id', '=', n).where('person_id', '=', id).execute();
  if (oldEmail) await tx.deleteFrom('notification_email_optout').where('network_id', '=', n).where('email', '=', oldEmail).execute();
}

// ---- taking part: listings, exchanges, thank-yous, activities and broker calls of a person's
// memberships (participation.ts builds the archive's files from them).

export function listingsOf(db: Q, networkId: string, memberIds: string[]) {
  if (memberIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('listing')
    .where('network_id', '=', networkId)
    .where('member_id', 'in', memberIds)
    .select(['id', 'timebank_id', 'kind', 'title', 'description', 'category_slug', 'mode', 'status', 'visibility', 'created_at', 'expires_on', 'closed_at'])
    .orderBy('created_at')
    .execute();
}

export function occurrencesOf(db: Q, networkId: string, exchangeIds: string[]) {
  if (exchangeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('exchange_occurrence')
    .where('network_id', '=', networkId)
    .where('exchange_id', 'in', exchangeIds)
    .select(['exchange_id', 'seq', 'starts_at', 'ends_at', 'state', 'reason'])
    .orderBy('exchange_id')
    .orderBy('seq')
    .execute();
}

/** Thank-you notes the person wrote or received. */
export function thanksOf(db: Q, networkId: string, memberIds: string[]) {
  if (memberIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('thank_you')
    .where('network_id', '=', networkId)
    .where((eb) => eb.or([eb('from_member_id', 'in', memberIds), eb('to_member_id', 'in', memberIds)]))
    .select((eb) => ['exchange_id', 'body', 'show_on_profile', 'hidden_by_recipient', 'created_at', eb('from_member_id', 'in', memberIds).as('written')])
    .orderBy('created_at')
    .execute();
}

export function registrationsOf(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('activity_registration as r')
    .innerJoin('activity as a', (j) => j.onRef('a.network_id', '=', 'r.network_id').onRef('a.id', '=', 'r.activity_id'))
    .where('r.network_id', '=', networkId)
    .where('r.person_id', '=', personId)
    .select(['a.id as activity_id', 'a.title', 'a.starts_at', 'a.ends_at', 'r.status', 'r.attended', 'r.registered_at', 'r.cancelled_at'])
    .orderBy('a.starts_at')
    .execute();
}

/** Calls brokers made to the person about requests, with what was said; the people the person
 * asked not to be sent. (That someone else asked not to be sent this person is theirs to know.) */
export async function matchingOf(db: Q, networkId: string, memberIds: string[]) {
  if (memberIds.length === 0) return { calls: [], doNotSend: [] };
  const [calls, doNotSend] = await Promise.all([
    db
      .selectFrom('matching_contact as c')
      .innerJoin('matching_call as k', (j) => j.onRef('k.network_id', '=', 'c.network_id').onRef('k.id', '=', 'c.call_id'))
      .innerJoin('listing as l', (j) => j.onRef('l.network_id', '=', 'k.network_id').onRef('l.id', '=', 'k.listing_id'))
      .where('c.network_id', '=', networkId)
      .where('c.member_id', 'in', memberIds)
      .select(['c.at', 'l.title as request', 'c.outcome', 'c.call_back_at', 'c.note'])
      .orderBy('c.at')
      .execute(),
    db
      .selectFrom('matching_do_not_send as d')
      .innerJoin('member as m', (j) => j.onRef('m.network_id', '=', 'd.network_id').onRef('m.id', '=', 'd.excluded_member_id'))
      .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
      .where('d.network_id', '=', networkId)
      .where('d.member_id', 'in', memberIds)
      .select(['p.display_name as not_to_be_sent', 'd.reason', 'd.created_at'])
      .execute(),
  ]);
  return { calls, doNotSend };
}
