// The seed post's story in the demo's ledger: the bedding two teenagers change for an
// 80-year-old, her shortbread and certificates, the regular donor, the translator, and the
// member sign-in's own year.
import { CAFE_SALE } from './history-data.ts';
import {
  activeAt,
  activityLeg,
  actorFor,
  brokerFor,
  type Ctx,
  coordinatorActor,
  DAY_MS,
  type HistoryEvent,
  type Owner,
  type Participant,
  receiverWeight,
  recorder,
  selfActor,
  timeOn,
  transferEvent,
  weightedParticipant,
} from './history-model.ts';

function storyMember(ctx: Ctx, displayName: string, slug = 'cowal'): Participant | undefined {
  const person = ctx.plan.persons.find((p) => p.display_name === displayName); // fixed people come first
  const timebankId = ctx.plan.timebanks.find((t) => t.slug === slug)?.id;
  return ctx.participants.find((p) => p.personId === person?.id && p.timebankId === timebankId);
}

function organisationNamed(ctx: Ctx, name: string): Owner | undefined {
  const o = ctx.plan.organisations.find((x) => x.name === name);
  return o ? { organisationId: o.id } : undefined;
}

export function planStory(ctx: Ctx): void {
  const agnes = storyMember(ctx, 'Agnes McKellar');
  const teens = [storyMember(ctx, 'Isla Paterson'), storyMember(ctx, 'Zofia Nowak')];
  const youthClub = organisationNamed(ctx, 'Cowal Youth Club');
  if (agnes && teens[0] && teens[1] && youthClub)
    planAgnes(ctx, agnes, [teens[0], teens[1]], youthClub);
  const verity = storyMember(ctx, 'Verity Hughes');
  if (verity && youthClub) {
    for (let month = 0; month < 12; month++) {
      const t = {
        debit: { memberId: verity.memberId },
        credit: youthClub,
        minutes: 60,
        kind: 'donation' as const,
      };
      transferEvent(
        ctx,
        timeOn(ctx, month * 30 + 2),
        { ...t, category: 'donation', memo: 'Monthly donation to the youth club' },
        actorFor(ctx, verity),
      );
    }
  }
  const agnieszka = storyMember(ctx, 'Agnieszka Nowak');
  if (agnieszka)
    planRegular(
      ctx,
      agnieszka,
      'gives',
      { category: 'translation', memo: 'Polish/English translation' },
      30,
    );
  const finlay = storyMember(ctx, 'Finlay Brown');
  if (finlay) {
    for (const day of [120, 250]) {
      const legs = [
        activityLeg(ctx, finlay.timebankId, finlay.memberId, {
          memo: 'Beach clean',
          category: 'environment',
        }),
      ];
      ctx.events.push({
        type: 'batch',
        at: timeOn(ctx, day),
        transfers: legs,
        actor: coordinatorActor(ctx, finlay.timebankId),
      });
    }
  }
  planMemberSignIn(ctx);
}

/** The bedding two teenagers change for an 80-year-old, who earns her hours with shortbread
 * for local events and certificates for the youth club. */
function planAgnes(
  ctx: Ctx,
  agnes: Participant,
  teens: [Participant, Participant],
  youthClub: Owner,
): void {
  for (let day = 7, n = 0; day < 360; day += 14, n++) {
    const teen = teens[n % 2]!;
    const t = {
      debit: { memberId: agnes.memberId },
      credit: { memberId: teen.memberId },
      minutes: 60,
      kind: 'exchange' as const,
    };
    transferEvent(
      ctx,
      timeOn(ctx, day),
      { ...t, category: 'housework', memo: 'Changing the bedding' },
      brokerFor(ctx, agnes.timebankId, agnes.personId),
    );
  }
  for (let month = 0; month < 12; month++) {
    const leg = activityLeg(ctx, agnes.timebankId, agnes.memberId, {
      memo: 'Shortbread for the coffee morning',
      category: 'baking',
    });
    ctx.events.push({
      type: 'batch',
      at: timeOn(ctx, month * 30 + 10),
      transfers: [{ ...leg, minutes: 120 }],
      actor: coordinatorActor(ctx, agnes.timebankId),
    });
    if (month % 2 === 0) {
      const t = {
        debit: youthClub,
        credit: { memberId: agnes.memberId },
        minutes: 60,
        kind: 'exchange' as const,
      };
      transferEvent(
        ctx,
        timeOn(ctx, month * 30 + 20),
        { ...t, category: 'admin help', memo: 'Writing certificates in her beautiful hand' },
        brokerFor(ctx, agnes.timebankId, agnes.personId),
      );
    }
  }
  for (const teen of teens)
    planRegular(ctx, teen, 'receives', { category: 'lessons', memo: 'Help with homework' }, 45);
}

/**
 * Someone who gives (or receives) one kind of help about every `everyDays` days, with others of
 * their timebank: receivers drawn as for any exchange, givers among adults up to 75.
 */
function planRegular(
  ctx: Ctx,
  person: Participant,
  side: 'gives' | 'receives',
  help: { category: string; memo: string },
  everyDays: number,
): void {
  for (let day = side === 'gives' ? 5 : 10; day < 360; day += everyDays) {
    const at = timeOn(ctx, day + ctx.random.int(0, 6));
    const pool = (ctx.byTimebank.get(person.timebankId) ?? []).filter(
      (p) => p !== person && activeAt(p, at),
    );
    const other =
      side === 'gives'
        ? weightedParticipant(ctx, pool, receiverWeight)
        : weightedParticipant(ctx, pool, (p) => (p.age >= 18 && p.age <= 75 ? 1 : 0));
    if (!other) continue;
    const [giver, receiver] = side === 'gives' ? [person, other] : [other, person];
    const t = {
      debit: { memberId: receiver.memberId },
      credit: { memberId: giver.memberId },
      minutes: 60,
    };
    transferEvent(ctx, at, { ...t, kind: 'exchange', ...help }, recorder(ctx, giver, receiver));
  }
}

/** The member sign-in's year: a full statement in Cowal, a few exchanges in Bute, a birthday
 * gift, the cafe, and one exchange waiting for her to confirm. */
function planMemberSignIn(ctx: Ctx): void {
  const cowal = storyMember(ctx, 'Eilidh Campbell');
  const bute = storyMember(ctx, 'Eilidh Campbell', 'bute');
  const cafe = organisationNamed(ctx, 'Argyll Street Cafe');
  if (!cowal || !bute || !cafe) return;
  planRegular(ctx, cowal, 'gives', { category: 'computer help', memo: 'Help ordering online' }, 30);
  planRegular(ctx, cowal, 'receives', { category: 'gardening', memo: 'Grass cutting' }, 60);
  planRegular(ctx, bute, 'gives', { category: 'admin help', memo: 'Designing a leaflet' }, 90);
  for (let day = 12; day < 360; day += 15) {
    const t = {
      debit: { memberId: cowal.memberId },
      credit: cafe,
      kind: 'exchange' as const,
      ...CAFE_SALE,
    };
    transferEvent(ctx, timeOn(ctx, day), t, selfActor(cowal.personId));
  }
  const shona = storyMember(ctx, 'Shona Kerr');
  if (shona) {
    const t = {
      debit: { memberId: shona.memberId },
      credit: { memberId: cowal.memberId },
      minutes: 120,
      kind: 'gift' as const,
    };
    transferEvent(
      ctx,
      timeOn(ctx, 300),
      { ...t, category: 'gift', memo: 'Happy birthday, Eilidh!' },
      selfActor(shona.personId),
    );
  }
  const helper = storyMember(ctx, 'Verity Hughes');
  if (helper) {
    const t = {
      debit: { memberId: cowal.memberId },
      credit: { memberId: helper.memberId },
      minutes: 90,
      kind: 'exchange' as const,
    };
    const waiting = transferEvent(
      ctx,
      timeOn(ctx, 363),
      { ...t, category: 'gardening', memo: 'Pruning the apple trees' },
      selfActor(helper.personId),
    );
    waiting.phase = 'pending';
  }
}

/** Hours recorded by the giver in the last few days, some still waiting for confirmation. */
export function planPending(ctx: Ctx): void {
  const since = ctx.end.getTime() - 5 * DAY_MS;
  for (const e of ctx.events) {
    if (
      e.type !== 'transfer' ||
      e.crossTimebank ||
      e.transfer.kind !== 'exchange' ||
      e.at.getTime() < since
    )
      continue;
    if (
      e.actor.onBehalfOfPersonId === null &&
      'memberId' in e.transfer.credit &&
      ctx.random.chance(0.5)
    )
      e.phase = 'pending';
  }
}

/** One exchange a broker recorded twice, and the reversal that corrects it the next day. */
export function planCorrection(ctx: Ctx): void {
  const from = ctx.start.getTime() + 150 * DAY_MS;
  const original = ctx.events.find(
    (e): e is HistoryEvent & { type: 'transfer' } =>
      e.type === 'transfer' &&
      e.actor.onBehalfOfPersonId !== null &&
      !e.crossTimebank &&
      e.at.getTime() > from,
  );
  if (!original) return;
  const again = new Date(original.at.getTime() + 10 * 60_000);
  const { id: _originalId, ...same } = original.transfer;
  const duplicate = transferEvent(ctx, again, same, original.actor);
  const reason = 'Recorded twice by mistake';
  const actor = { personId: original.actor.personId, onBehalfOfPersonId: null };
  ctx.events.push({
    type: 'reverse',
    at: new Date(again.getTime() + DAY_MS),
    id: ctx.nextId(),
    transferId: duplicate.transfer.id,
    reason,
    actor,
  });
}
