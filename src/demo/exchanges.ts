// The demo's exchanges (docs/demo.md) through the exchanges service, built on the demo's
// listings: in every timebank some proposed, agreed, done, given hours and confirmed over the
// last weeks (one with travel expenses, thank-you notes on a few), one weekly and still running,
// one cancelled, one disputed and settled by a broker, some agreed for the days to come and one
// waiting for an answer. On the organisations' listings, a member receives what one offers (the
// member pays, the organisation earns) and a member helps one that asked (its account pays), and
// one more is agreed for the days to come; the people acting for the organisation take its
// steps. The member sign-in gives help in one that is done, receives help in one to come and has
// teas at the cafe. Receivers are chosen among those who can spend the hours, so the ledger never
// refuses; the coordinator tags a few with the Co-Production Star. A compact demo (the small
// scales of the tests) writes every story in the sign-in's own timebank and one in each of the
// others.
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
import { actorOf, type Cast, type CastMember, type CastOrganisation } from './cast.ts';
import { spendable } from './queries.ts';
import type { Random } from './random.ts';

type Listing = Insertable<DB['listing']>;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** What a receiver keeps in hand after paying: the ledger's floor is never approached. */
const SPEND_MARGIN_MINUTES = 120;
/** A weekly exchange's occurrences: begun two to three weeks ago, running for a month more. */
const WEEKLY_COUNT = 7;
/** The hours (UTC) of what happens in the days to come, weekly ones included: never the early
 * afternoon, which the browser tests book for a giver of the demo four days ahead (14:30). */
const LATER_HOURS = [9, 10, 16] as const;

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

/** In a compact demo, the one story of each timebank other than the sign-in's own, in turn. */
const COMPACT_STORIES: readonly Story[] = ['completed', 'upcoming'];

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
  /** Days each member (or organisation) is already busy, so no one is booked twice at a time. */
  busy: Set<string>;
  now: Date;
  counts: ExchangeCounts;
}

const dayOf = (at: Date) => wallOf(DEFAULT_ZONE, at).date;
const adult = (m: CastMember) => m.age === null || m.age >= 18;

/** The parties of an exchange on a listing. On an organisation's listing the organisation is
 * one side: the receiver of its request (`receiver` null), the giver of its offer (`giver` null). */
interface Cast3 {
  listing: Listing;
  receiver: CastMember | null;
  giver: CastMember | null;
  organisation: CastOrganisation | null;
}

type Fixed = { receiver?: CastMember; giver?: CastMember };

/** The key of a party in `spend` and `busy`: a member's id, or `o:` and an organisation's. */
const keyOf = (c: Cast3, side: 'receiver' | 'giver') =>
  c[side]?.memberId ?? `o:${c.organisation!.id}`;

/** Who takes a side's steps: the member (or a broker for them), or someone acting for the
 * organisation. */
const sideOf = (w: Writer, c: Cast3, side: 'receiver' | 'giver') => {
  const m = c[side];
  return m
    ? w.cast.asMember(m, w.r)
    : w.cast.asOrganisation(c.organisation!, c.listing.timebank_id, w.r);
};

/** Whether the story pays hours before the demo's day (so the receiver must be able to pay). */
const paysNow = (story: Story) =>
  story !== 'upcoming' && story !== 'proposed' && story !== 'cancelled';

/** The other side of a listing: a member of its timebank who is free, and (receiving) can pay. */
function partyFor(
  w: Writer,
  l: Listing,
  story: Story,
  minutes: number,
  fixed?: Fixed,
): Cast3 | null {
  if (l.organisation_id) return organisationPartyFor(w, l, story, minutes, fixed);
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
    if (paysNow(story) && !canPay(receiver)) return null;
    return { listing: l, receiver, giver, organisation: null };
  }
  const giver = fixed?.giver ?? author;
  if (giver.memberId !== author.memberId) return null;
  const receiver = fixed?.receiver ?? others.find((m) => !paysNow(story) || canPay(m));
  if (!receiver || receiver.memberId === giver.memberId) return null;
  return { listing: l, receiver, giver, organisation: null };
}

/** The member on the other side of an organisation's listing (never one of its own people): one
 * who can pay for what it offers, or one who helps with what it asked for when its account can
 * pay. */
function organisationPartyFor(
  w: Writer,
  l: Listing,
  story: Story,
  minutes: number,
  fixed?: Fixed,
): Cast3 | null {
  const org = w.cast.organisationsOf.get(l.timebank_id)?.find((o) => o.id === l.organisation_id);
  if (!org || org.personIds.length === 0) return null;
  const canPay = (key: string) => (w.spend.get(key) ?? 0) >= minutes + SPEND_MARGIN_MINUTES;
  const members = (w.cast.membersOf.get(l.timebank_id) ?? []).filter(
    (m) => adult(m) && !org.personIds.includes(m.personId),
  );
  const fixedOk = (m?: CastMember) => !m || members.some((x) => x.memberId === m.memberId);
  if (!fixedOk(fixed?.receiver) || !fixedOk(fixed?.giver)) return null;
  if (l.kind === 'request') {
    if (fixed?.receiver || (paysNow(story) && !canPay(`o:${org.id}`))) return null;
    const giver = fixed?.giver ?? w.r.shuffle(members)[0];
    return giver ? { listing: l, receiver: null, giver, organisation: org } : null;
  }
  if (fixed?.giver) return null;
  const receiver =
    fixed?.receiver ?? w.r.shuffle(members).find((m) => !paysNow(story) || canPay(m.memberId));
  if (!receiver || (paysNow(story) && !canPay(receiver.memberId))) return null;
  return { listing: l, receiver, giver: null, organisation: org };
}

/** What proposing names: both members; on an organisation's listing only the member. */
const proposal = (c: Cast3) => ({
  listingId: c.listing.id!,
  ...(c.receiver ? { receiverMemberId: c.receiver.memberId } : {}),
  ...(c.giver ? { giverMemberIds: [c.giver.memberId] } : {}),
});

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
  const proposer = sideOf(w, c, c.listing.kind === 'request' ? 'giver' : 'receiver');
  const agreer = sideOf(w, c, c.listing.kind === 'request' ? 'receiver' : 'giver');
  const lead = w.r.int(3, 6);
  w.clock.set(new Date(first.getTime() - lead * DAY_MS));
  const proposed = await w.ex.propose(proposer, actorOf(proposer), {
    ...proposal(c),
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
  const giverSide = sideOf(w, c, 'giver');
  const receiverSide = sideOf(w, c, 'receiver');
  const payer = keyOf(c, 'receiver');
  w.clock.set(new Date(occ.ends_at.getTime() + HOUR_MS));
  await w.ex.done(giverSide, actorOf(giverSide), exchangeId, occ.id);
  w.clock.set(new Date(occ.ends_at.getTime() + 3 * HOUR_MS));
  const claimed = how === 'dispute' ? minutes + 60 : minutes;
  await w.ex.recordHours(giverSide, actorOf(giverSide), exchangeId, occ.id, {
    id: newId(),
    minutes: claimed,
  });
  w.spend.set(payer, (w.spend.get(payer) ?? 0) - claimed);
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
  w.spend.set(payer, (w.spend.get(payer) ?? 0) + claimed - minutes);
}

/** The receiver's side thanks the giver (notes go to members: none to an organisation). */
async function thank(w: Writer, c: Cast3, exchangeId: string, after: Date) {
  if (!c.giver) return;
  const receiverSide = sideOf(w, c, 'receiver');
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
    const proposer = sideOf(w, c, c.listing.kind === 'request' ? 'giver' : 'receiver');
    w.clock.set(new Date(w.now.getTime() - w.r.int(1, 3) * DAY_MS));
    await w.ex.propose(proposer, actorOf(proposer), {
      ...proposal(c),
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
  const later = story === 'upcoming' || story === 'proposed' || story === 'weekly';
  const hour = w.r.pick(later ? LATER_HOURS : [9, 10, 13, 14]);
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

/** The listings an exchange can be built on: open, no safeguarding check needed; a member's,
 * or (`organisations`) an organisation's. */
function usable(listings: readonly Listing[], tb: string, organisations = false) {
  return listings.filter(
    (l) =>
      l.timebank_id === tb &&
      (organisations ? l.organisation_id : l.member_id) &&
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
  fixed?: Fixed,
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
    const keys = days.flatMap((d) => [`${keyOf(c, 'giver')}|${d}`, `${keyOf(c, 'receiver')}|${d}`]);
    if (keys.some((k) => w.busy.has(k))) continue;
    used.add(l.id!);
    for (const k of keys) w.busy.add(k);
    await writeStory(w, story, c, first, minutes);
    return true;
  }
  return false;
}

/** The member sign-in's own: help she gave (computer help, if anyone asked for it), help to
 * come, and teas at the cafe (or whatever an organisation of her timebank offers). */
async function writeSignIns(
  w: Writer,
  signIn: CastMember,
  candidates: Listing[],
  theirs: Listing[],
  used: Set<string>,
) {
  const requests = candidates.filter(
    (l) => l.kind === 'request' && l.member_id !== signIn.memberId,
  );
  const digital = requests.filter((l) => String(l.category_slug).startsWith('digital-help'));
  await writeOn(w, 'completed', [...digital, ...requests], used, { giver: signIn });
  const offers = candidates.filter((l) => l.kind === 'offer' && l.member_id !== signIn.memberId);
  await writeOn(w, 'upcoming', offers, used, { receiver: signIn });
  const teas = (l: Listing) => (l.category_slug === 'home-garden.cooking' ? 0 : 1);
  const cafe = theirs.filter((l) => l.kind === 'offer').sort((a, b) => teas(a) - teas(b));
  await writeOn(w, 'completed', cafe, used, { receiver: signIn });
}

/** On the organisations' listings: one it offers and one it asked for, done and confirmed (if
 * not written already), and one more agreed for the days to come. Says which were written. */
async function writeOrganisations(w: Writer, theirs: Listing[], used: Set<string>) {
  const done = (kind: string) => theirs.some((l) => l.kind === kind && used.has(l.id!));
  const written: OrganisationStory[] = [];
  for (const kind of ['offer', 'request'] as const) {
    const ok =
      done(kind) ||
      (await writeOn(
        w,
        'completed',
        theirs.filter((l) => l.kind === kind),
        used,
      ));
    if (ok) written.push(kind);
  }
  if (await writeOn(w, 'upcoming', theirs, used)) written.push('upcoming');
  return written;
}

type OrganisationStory = 'offer' | 'request' | 'upcoming';

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
    /** Every story in the sign-in's timebank only, one in each of the others (small scales). */
    compact: boolean;
  },
): Promise<ExchangeCounts> {
  const { cast, clock, r } = deps;
  const spend = new Map<string, number>();
  for (const s of await spendable(database.db, cast.networkId)) {
    if (s.minutes === null) continue;
    if (s.memberId) spend.set(s.memberId, s.minutes);
    if (s.organisationId) spend.set(`o:${s.organisationId}`, s.minutes);
  }
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
  // The sign-in's timebank first: in a compact demo, a story it could not have (no listing or
  // no one able to pay for it) is written in the next timebank that can.
  const home = cast.signInMember.homeTimebankId;
  const timebanks = [...cast.coordinatorOf.keys()].sort((a, b) =>
    a === home ? -1 : b === home ? 1 : a.localeCompare(b),
  );
  const missing = new Set<Story>(STORIES);
  let organisations = false;
  for (const [turn, tb] of timebanks.entries()) {
    const candidates = r.shuffle(usable(listings, tb));
    const theirs = r.shuffle(usable(listings, tb, true));
    const used = new Set<string>();
    const signIn = cast.membersOf
      .get(tb)
      ?.find((m) => m.memberId === cast.signInMember.memberIdOf.get(tb));
    if (signIn && tb === home) await writeSignIns(w, signIn, candidates, theirs, used);
    const full = tb === home || !deps.compact;
    const stories = full
      ? STORIES
      : [...new Set([COMPACT_STORIES[turn % COMPACT_STORIES.length]!, ...missing])];
    for (const story of stories)
      if (await writeOn(w, story, candidates, used)) missing.delete(story);
    if (full || !organisations)
      organisations = (await writeOrganisations(w, theirs, used)).length === 3;
  }
  return w.counts;
}
