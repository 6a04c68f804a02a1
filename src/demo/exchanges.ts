// The demo's exchanges (docs/demo.md) through the exchanges service, built on the demo's
// listings: in every timebank some proposed, agreed, done, given hours and confirmed over the
// last weeks (one with travel expenses, thank-you notes on a few), one weekly and still running,
// one cancelled, one disputed and settled by a broker, some agreed for the days to come and one
// waiting for an answer. The member sign-in gives help in one that is done and receives help in
// one to come. Receivers are chosen among those who can spend the hours, so the ledger never
// refuses; the coordinator tags a few with the Co-Production Star.
import type { Insertable } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import type { ManualClock } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import { silentLogger } from '../lib/log.ts';
import { DEFAULT_ZONE, wallOf } from '../lib/zone.ts';
import { createExchanges, type ExchangeView } from '../modules/exchanges/service.ts';
import type { Ledger } from '../modules/ledger/service.ts';
import type { Projects } from '../modules/outcomes/projects.ts';
import type { StarMode } from '../modules/outcomes/tables.ts';
import { actorOf, type Cast, type CastMember } from './cast.ts';
import { spendable } from './queries.ts';
import type { Random } from './random.ts';

type Listing = Insertable<DB['listing']>;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** What a receiver keeps in hand after paying: the ledger's floor is never approached. */
const SPEND_MARGIN_MINUTES = 120;
/** A weekly exchange's occurrences: begun two to three weeks ago, running for a month more. */
const WEEKLY_COUNT = 7;

type Story =
  | 'completed'
  | 'expenses'
  | 'weekly'
  | 'cancelled'
  | 'disputed'
  | 'upcoming'
  | 'proposed';

/** Every timebank's exchanges, in this order (the member sign-in's come first in hers). */
const STORIES: readonly Story[] = [
  'weekly',
  'completed',
  'completed',
  'expenses',
  'disputed',
  'cancelled',
  'upcoming',
  'proposed',
];

const THANKS = [
  'Thank you so much, it made a real difference to my week.',
  'Lovely to meet you, and thank you for your patience!',
  'Thanks for the help and the good company.',
] as const;

export interface ExchangeCounts {
  exchanges: number;
  confirmedOccurrences: number;
  thanks: number;
}

interface Writer {
  cast: Cast;
  clock: ManualClock;
  r: Random;
  ex: ReturnType<typeof createExchanges>;
  projects: Projects;
  /** Minutes each member can still spend (by member id). */
  spend: Map<string, number>;
  /** Days each member is already busy, so no giver is booked twice at a time. */
  busy: Set<string>;
  now: Date;
  counts: ExchangeCounts;
}

const dayOf = (at: Date) => wallOf(DEFAULT_ZONE, at).date;
const adult = (m: CastMember) => m.age === null || m.age >= 18;

interface Cast3 {
  listing: Listing;
  receiver: CastMember;
  giver: CastMember;
}

/** The other side of a listing: a member of its timebank who is free, and (receiving) can pay. */
function partyFor(
  w: Writer,
  l: Listing,
  story: Story,
  minutes: number,
  fixed?: { receiver?: CastMember; giver?: CastMember },
): Cast3 | null {
  const members = (w.cast.membersOf.get(l.timebank_id) ?? []).filter(adult);
  const author = members.find((m) => m.memberId === l.member_id);
  if (!author) return null;
  const pays = story === 'weekly' ? 4 * minutes : story === 'disputed' ? 180 : minutes;
  const canPay = (m: CastMember) => (w.spend.get(m.memberId) ?? 0) >= pays + SPEND_MARGIN_MINUTES;
  const others = w.r.shuffle(members.filter((m) => m.memberId !== author.memberId));
  if (l.kind === 'request') {
    const receiver = fixed?.receiver ?? author;
    if (receiver.memberId !== author.memberId) return null;
    const giver = fixed?.giver ?? others[0];
    if (!giver || giver.memberId === receiver.memberId) return null;
    if (story !== 'upcoming' && story !== 'proposed' && story !== 'cancelled' && !canPay(receiver))
      return null;
    return { listing: l, receiver, giver };
  }
  const giver = fixed?.giver ?? author;
  if (giver.memberId !== author.memberId) return null;
  const receiver =
    fixed?.receiver ??
    others.find(
      (m) => story === 'upcoming' || story === 'proposed' || story === 'cancelled' || canPay(m),
    );
  if (!receiver || receiver.memberId === giver.memberId) return null;
  return { listing: l, receiver, giver };
}

const at = (base: Date, days: number, hour: number) => {
  const d = new Date(base.getTime() + days * DAY_MS);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};

/** Proposes and agrees it: proposed `lead` days before the first time, agreed the next day. */
async function proposeAndAgree(
  w: Writer,
  c: Cast3,
  first: Date,
  minutes: number,
  extra: { repeatCount?: number; expenses?: boolean } = {},
) {
  const proposer = w.cast.asMember(c.listing.kind === 'request' ? c.giver : c.receiver, w.r);
  const agreer = w.cast.asMember(c.listing.kind === 'request' ? c.receiver : c.giver, w.r);
  const lead = w.r.int(3, 6);
  w.clock.set(new Date(first.getTime() - lead * DAY_MS));
  const proposed = await w.ex.propose(proposer, actorOf(proposer), {
    listingId: c.listing.id!,
    receiverMemberId: c.receiver.memberId,
    giverMemberIds: [c.giver.memberId],
    note: c.listing.kind === 'request' ? 'I can help with this.' : 'Could you help me with this?',
  });
  w.clock.set(new Date(first.getTime() - (lead - 1) * DAY_MS));
  const wall = wallOf(DEFAULT_ZONE, first);
  await w.ex.agree(agreer, actorOf(agreer), proposed.exchange.id, {
    date: wall.date,
    time: wall.time,
    durationMinutes: minutes,
    place:
      c.listing.mode === 'online'
        ? 'On a video call'
        : c.listing.mode === 'home'
          ? "At the receiver's home"
          : 'Meeting at the pier',
    repeat: extra.repeatCount
      ? { weekdays: [isoWeekdayOf(first)], count: extra.repeatCount }
      : null,
    expenses: extra.expenses
      ? {
          amountMinor: 50 * w.r.int(8, 24),
          currency: 'GBP',
          what: 'Bus fare there and back',
          payer: 'receiver',
        }
      : null,
  });
  w.counts.exchanges++;
  return { id: proposed.exchange.id, proposer, agreer };
}

const isoWeekdayOf = (d: Date) => ((new Date(`${dayOf(d)}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** One occurrence, after it happened: done and hours by the giver's side, then the receiver's
 * side confirms (or disputes, and a broker settles it). */
async function settle(
  w: Writer,
  c: Cast3,
  exchangeId: string,
  occ: { id: string; ends_at: Date },
  minutes: number,
  how: 'confirm' | 'dispute',
) {
  const giverSide = w.cast.asMember(c.giver, w.r);
  const receiverSide = w.cast.asMember(c.receiver, w.r);
  w.clock.set(new Date(occ.ends_at.getTime() + HOUR_MS));
  await w.ex.done(giverSide, actorOf(giverSide), exchangeId, occ.id);
  w.clock.set(new Date(occ.ends_at.getTime() + 3 * HOUR_MS));
  const claimed = how === 'dispute' ? minutes + 60 : minutes;
  await w.ex.recordHours(giverSide, actorOf(giverSide), exchangeId, occ.id, {
    id: newId(),
    minutes: claimed,
  });
  w.spend.set(c.receiver.memberId, (w.spend.get(c.receiver.memberId) ?? 0) - claimed);
  w.clock.set(new Date(occ.ends_at.getTime() + 20 * HOUR_MS));
  if (how === 'confirm') {
    await w.ex.confirm(receiverSide, actorOf(receiverSide), exchangeId, occ.id);
    w.counts.confirmedOccurrences++;
    return;
  }
  await w.ex.dispute(receiverSide, actorOf(receiverSide), exchangeId, occ.id, {
    reason: `It was ${minutes / 60} hours, not ${claimed / 60}.`,
  });
  const broker = w.cast.staff(
    w.r.pick(w.cast.brokersOf.get(c.listing.timebank_id)!),
    c.listing.timebank_id,
  );
  w.clock.set(new Date(occ.ends_at.getTime() + 44 * HOUR_MS));
  await w.ex.resolve(broker, actorOf(broker), exchangeId, occ.id, {
    outcome: 'adjust',
    minutes,
    reason: 'Spoke to both on the phone: they agree it was the shorter time.',
  });
  w.spend.set(c.receiver.memberId, (w.spend.get(c.receiver.memberId) ?? 0) + claimed - minutes);
}

async function thank(w: Writer, c: Cast3, exchangeId: string, after: Date) {
  const receiverSide = w.cast.asMember(c.receiver, w.r);
  w.clock.set(new Date(after.getTime() + 26 * HOUR_MS));
  await w.ex.thank(receiverSide, actorOf(receiverSide), exchangeId, {
    toMemberId: c.giver.memberId,
    text: w.r.pick(THANKS),
    showOnProfile: w.r.chance(0.7),
  });
  w.counts.thanks++;
}

async function tag(w: Writer, tb: string, exchangeId: string, modes: StarMode[], day: Date) {
  const coordinator = w.cast.staff(w.cast.coordinatorOf.get(tb)!, tb);
  w.clock.set(day);
  await w.projects.tag(coordinator, actorOf(coordinator), 'exchange', exchangeId, modes);
}

const occurrencesOf = (v: ExchangeView) => [...v.occurrences].sort((a, b) => a.seq - b.seq);

/** Writes one story on a chosen listing and parties; `first` is when the help (first) happens. */
async function writeStory(w: Writer, story: Story, c: Cast3, first: Date, minutes: number) {
  const tb = c.listing.timebank_id;
  if (story === 'proposed') {
    const proposer = w.cast.asMember(c.listing.kind === 'request' ? c.giver : c.receiver, w.r);
    w.clock.set(new Date(w.now.getTime() - w.r.int(1, 3) * DAY_MS));
    await w.ex.propose(proposer, actorOf(proposer), {
      listingId: c.listing.id!,
      receiverMemberId: c.receiver.memberId,
      giverMemberIds: [c.giver.memberId],
      note: 'Would next week suit?',
    });
    w.counts.exchanges++;
    return;
  }
  const repeatCount = story === 'weekly' ? WEEKLY_COUNT : undefined;
  const { id, proposer } = await proposeAndAgree(w, c, first, minutes, {
    repeatCount,
    expenses: story === 'expenses',
  });
  if (story === 'upcoming') return;
  if (story === 'cancelled') {
    w.clock.set(new Date(first.getTime() - DAY_MS));
    await w.ex.cancel(proposer, actorOf(proposer), id, {
      reason: 'Not feeling well this week; I will ask again when I am better.',
    });
    return;
  }
  const v = await w.ex.get(proposer, id);
  const past = occurrencesOf(v).filter((o) => o.ends_at.getTime() + 21 * HOUR_MS < w.now.getTime());
  for (const occ of past)
    await settle(w, c, id, occ, minutes, story === 'disputed' ? 'dispute' : 'confirm');
  const last = past.at(-1);
  if (!last) return;
  if (story !== 'disputed' && w.r.chance(0.6)) await thank(w, c, id, last.ends_at);
  if (story === 'weekly')
    await tag(
      w,
      tb,
      id,
      ['co_design', 'co_delivery'],
      new Date(last.ends_at.getTime() + 30 * HOUR_MS),
    );
  else if (story === 'completed' && w.r.chance(0.5))
    await tag(w, tb, id, ['co_delivery'], new Date(last.ends_at.getTime() + 30 * HOUR_MS));
}

/** When the help happens: for the past stories after the listing was made and long enough ago
 * for every step; for the others in the coming weeks. */
function firstTime(w: Writer, story: Story, l: Listing): Date | null {
  const hour = w.r.pick([9, 10, 13, 14]);
  if (story === 'upcoming' || story === 'proposed') return at(w.now, w.r.int(2, 20), hour);
  const created = new Date(String(l.created_at));
  // days from now: a week after the listing was made; a weekly one began two to three weeks ago
  const earliest = Math.max(
    Math.ceil((created.getTime() - w.now.getTime()) / DAY_MS) + 8,
    story === 'weekly' ? -24 : -75,
  );
  const latest = story === 'weekly' ? -15 : -3;
  if (earliest > latest) return null;
  return at(w.now, w.r.int(earliest, latest), hour);
}

/** The listings an exchange can be built on: open, a member's, no safeguarding check needed. */
function usable(listings: readonly Listing[], tb: string) {
  return listings.filter(
    (l) =>
      l.timebank_id === tb &&
      l.member_id &&
      !l.check_needed &&
      (l.kind === 'offer' || l.kind === 'request'),
  );
}

/** Tries listings in turn until one has parties and a time for the story; marks the giver busy. */
async function writeOn(
  w: Writer,
  story: Story,
  candidates: Listing[],
  used: Set<string>,
  fixed?: { receiver?: CastMember; giver?: CastMember },
) {
  const minutes = w.r.pick([60, 90, 120]);
  for (const l of candidates) {
    if (used.has(l.id!)) continue;
    const c = partyFor(w, l, story, minutes, fixed);
    const first = c && firstTime(w, story, l);
    if (!c || !first) continue;
    const days = Array.from({ length: story === 'weekly' ? WEEKLY_COUNT : 1 }, (_, k) =>
      dayOf(new Date(first.getTime() + 7 * k * DAY_MS)),
    );
    const keys = days.flatMap((d) => [`${c.giver.memberId}|${d}`, `${c.receiver.memberId}|${d}`]);
    if (keys.some((k) => w.busy.has(k))) continue;
    used.add(l.id!);
    for (const k of keys) w.busy.add(k);
    await writeStory(w, story, c, first, minutes);
    return true;
  }
  return false;
}

export async function writeExchanges(
  database: Pick<Database, 'db'>,
  listings: readonly Listing[],
  deps: {
    cast: Cast;
    clock: ManualClock;
    ledger: Ledger;
    projects: Projects;
    r: Random;
    today: string;
  },
): Promise<ExchangeCounts> {
  const { cast, clock, r } = deps;
  const spend = new Map<string, number>();
  for (const s of await spendable(database.db, cast.networkId))
    if (s.memberId && s.minutes !== null) spend.set(s.memberId, s.minutes);
  const w: Writer = {
    cast,
    clock,
    r,
    ex: createExchanges({ db: database.db, clock, log: silentLogger, ledger: deps.ledger }),
    projects: deps.projects,
    spend,
    busy: new Set(),
    now: new Date(`${deps.today}T08:00:00Z`),
    counts: { exchanges: 0, confirmedOccurrences: 0, thanks: 0 },
  };
  for (const tb of [...cast.coordinatorOf.keys()].sort()) {
    const candidates = r.shuffle(usable(listings, tb));
    const used = new Set<string>();
    const signIn = cast.membersOf
      .get(tb)
      ?.find((m) => m.memberId === cast.signInMember.memberIdOf.get(tb));
    if (signIn && tb === cast.signInMember.homeTimebankId) {
      // The member sign-in: help she gave (computer help, if anyone asked for it), and help to come.
      const requests = candidates.filter(
        (l) => l.kind === 'request' && l.member_id !== signIn.memberId,
      );
      const digital = requests.filter((l) => String(l.category_slug).startsWith('digital-help'));
      await writeOn(w, 'completed', [...digital, ...requests], used, { giver: signIn });
      const offers = candidates.filter(
        (l) => l.kind === 'offer' && l.member_id !== signIn.memberId,
      );
      await writeOn(w, 'upcoming', offers, used, { receiver: signIn });
    }
    for (const story of STORIES) await writeOn(w, story, candidates, used);
  }
  return w.counts;
}
