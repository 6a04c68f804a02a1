// Thank-you notes instead of star ratings: after the help happened, the receiver or a giver
// writes to the other side. A note is shown on the recipient's profile only when its writer
// agreed to that, and the recipient can hide it (and show it again). An organisation writes
// through a person acting for it (to the members who helped it, or whom it helped); notes go to
// members only, as they are shown on members' profiles.
import { DomainError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { authorize, type Resource } from '../policy/policy.ts';
import { memberSubject } from '../safeguarding/subject.ts';
import { isStaffFor, loadFor, type Party, recordStep, speaksAs } from './access.ts';
import * as q from './queries.ts';
import { assertRole, HAPPENED } from './rules.ts';
import type { ExchangesDeps } from './service.ts';

export function createThanks<G>(deps: ExchangesDeps, { get }: { get: (p: Principal, id: string) => Promise<G> }) {
  const { db, clock } = deps;

  async function thank(p: Principal, actor: Actor, id: string, input: { toMemberId: string; text: string; showOnProfile: boolean }) {
    const l = await loadFor(db, p, id);
    assertRole('thank', l.roles);
    const happened = (await q.occurrencesOf(db, p.networkId, id)).some((o) => HAPPENED.includes(o.state));
    if (!happened) throw new DomainError('not_yet', 'a thank-you is written after the help has happened');
    const me = speaksAs(p);
    const speaks = (x: Party) => x.personIds.some((id) => me.includes(id));
    // The writer is the caller's side: the receiver thanks a giver, a giver thanks the receiver.
    const fromReceiver = speaks(l.receiver) && l.givers.some((g) => g.memberId === input.toMemberId);
    const giver = l.givers.find(speaks);
    const from = fromReceiver ? l.receiver : giver && input.toMemberId === l.receiver.memberId ? giver : null;
    const org = [l.receiver, ...l.givers].find((x) => x.organisationId === input.toMemberId);
    if (!from && org) {
      throw new DomainError('thanks_to_organisation', `${org.name} is an organisation: thank-you notes go to members`, { fields: [{ path: '/body/toMemberId', message: 'an organisation' }] });
    }
    if (!from) {
      throw new DomainError('validation_failed', 'thank the other side of the exchange', { fields: [{ path: '/body/toMemberId', message: 'not the other side of this exchange' }] });
    }
    const at = clock.now();
    const noteId = newId();
    try {
      await db.transaction().execute(async (tx) => {
        await q.insertThankYou(tx, { networkId: p.networkId, id: noteId, exchangeId: id, fromMemberId: from.memberId, fromOrganisationId: from.organisationId, toMemberId: input.toMemberId, body: input.text, showOnProfile: input.showOnProfile, by: actor.personId, at });
        await recordStep(tx, actor, l, { kind: 'thanked', at, detail: { thankYouId: noteId, toMemberId: input.toMemberId, showOnProfile: input.showOnProfile } });
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new DomainError('conflict', 'you already thanked them for this exchange', { fields: [{ path: '/body/toMemberId', message: 'already thanked' }] });
      }
      throw err;
    }
    return get(p, id);
  }

  /** The recipient hides a note from their profile, or shows it again. */
  async function setHidden(p: Principal, actor: Actor, thankYouId: string, hidden: boolean) {
    const note = await q.findThankYou(db, p.networkId, thankYouId);
    if (!note) throw notFound('thank-you');
    const to = await q.findMemberAnywhere(db, p.networkId, note.to_member_id);
    if (!to || !speaksAs(p).includes(to.person_id)) throw notFound('thank-you');
    await db.transaction().execute(async (tx) => {
      await q.setThankYouHidden(tx, p.networkId, thankYouId, hidden);
      await recordAudit(tx, actor, { action: hidden ? 'thank_you.hide' : 'thank_you.show', subjectType: 'thank_you', subjectId: thankYouId, timebankId: to.timebank_id, detail: { exchangeId: note.exchange_id } });
    });
    return { id: thankYouId, hiddenByRecipient: hidden };
  }

  /**
   * Notes to a member. The member themself and the brokers and coordinators of their timebank
   * see every note (with the hidden ones); the other members who may read the directory see
   * the notes shown on the profile.
   */
  async function thanksFor(p: Principal, timebankId: string, memberId: string) {
    const { member, resource } = await memberSubject(db, p, timebankId, memberId);
    const own = speaksAs(p).includes(member.person_id);
    const staff = isStaffFor(p, [timebankId]);
    if (!own && !staff) {
      const directory: Resource = { type: 'timebank', networkId: p.networkId, timebankId };
      try {
        authorize(p, 'directory.read', directory);
      } catch {
        authorize(p, 'person.read', resource);
      }
    }
    const rows = await q.thanksTo(db, p.networkId, memberId, !(own || staff));
    return { own, items: rows };
  }

  return { thank, setHidden, thanksFor };
}
