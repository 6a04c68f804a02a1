// The kinds of notification, what each carries, and who emits it. The payload of a kind is
// stored as jsonb in the outbox and rendered at send time in the recipient's language.

/** What each kind carries. Names of people are looked up at send time where an id is given. */
export interface NotificationPayloads {
  /** A pending transfer waits for the recipient (the payer) to confirm it. Ledger trigger. */
  hours_to_confirm: LedgerPayload;
  /** Pending hours the recipient recorded were confirmed. Ledger trigger. */
  hours_confirmed: LedgerPayload;
  /** Someone gave the recipient hours. Ledger trigger. */
  gift_received: LedgerPayload;
  /** A member registered with status 'applied'; to the brokers of the timebank. */
  application_waiting: { applicantName: string; memberId: string; personId: string };
  /** A broker or member asks the recipient to help. */
  asked_to_help: { askerName: string; what: string; whenText?: string; linkPath?: string };
  exchange_agreed: ExchangePayload;
  exchange_changed: ExchangePayload;
  exchange_cancelled: ExchangePayload & { reason?: string };
  /** One of the recipient's listings lapses soon. */
  listing_lapsing: { listingTitle: string; lapsesOn: string; daysLeft: number; linkPath?: string };
  /** A new listing in a category the recipient follows. */
  listing_new_in_category: {
    listingTitle: string;
    categoryName: string;
    authorName: string;
    linkPath?: string;
  };
  /** To a referee (an email address, no account): please give a reference. The link is
   * derived from the reference's id when the mail is rendered (references/links.ts), so the
   * outbox never holds it. */
  reference_request: { memberName: string; timebankName: string; referenceId: string; expiresOn: string };
  /** To brokers: a safeguarding check is due for renewal. */
  recheck_due: {
    personName: string;
    scheme: string;
    dueOn: string;
    personId: string;
    memberId: string;
    checkId: string;
  };
  /** Someone else (a broker, a coordinator inviting from the asset map) registered the recipient for an activity. */
  activity_registered: ActivityPayload;
  /** An activity the recipient is registered for changed its time or place (activities). */
  activity_changed: ActivityPayload;
  /** An activity the recipient is registered for was cancelled (activities). */
  activity_cancelled: ActivityPayload & { reason: string };
  /** feat/wellbeing: to the member's brokers: a check-in asks them to offer signposting (no answer is carried). */
  wellbeing_signpost: { personName: string; memberId: string };
}

export interface ActivityPayload {
  activityId: string;
  title: string;
  /** Date and time in the timebank's wall-clock time, e.g. "2026-05-02 10:00–12:00". */
  whenText: string;
  place: string;
}

export interface LedgerPayload {
  transfer_id: string;
  minutes: number;
  category: string;
  transfer_kind: string;
  account_id: string;
  other_account_id: string;
  pending_id: string | null;
  memo: string | null;
}

export interface ExchangePayload {
  otherName: string;
  what: string;
  whenText: string;
  linkPath?: string;
}

export type NotificationKind = keyof NotificationPayloads;

export interface KindInfo {
  /** Where it comes from, and whether anything emits it yet. */
  source: 'ledger' | 'people' | 'exchanges' | 'listings' | 'references' | 'safeguarding' | 'activities' | 'wellbeing';
  emitted: boolean;
  /** The page the notification links to, from the recipient's point of view. */
  linkPath(payload: never, timebankId: string | null): string;
}

export const KINDS: {
  [K in NotificationKind]: KindInfo & {
    linkPath(payload: NotificationPayloads[K], timebankId: string | null): string;
  };
} = {
  hours_to_confirm: { source: 'ledger', emitted: true, linkPath: () => '/hours' },
  hours_confirmed: { source: 'ledger', emitted: true, linkPath: () => '/hours' },
  gift_received: { source: 'ledger', emitted: true, linkPath: () => '/hours' },
  application_waiting: {
    source: 'people',
    emitted: true,
    linkPath: (p) => `/people/${p.personId}`,
  },
  asked_to_help: { source: 'exchanges', emitted: true, linkPath: (p) => p.linkPath ?? '/' },
  exchange_agreed: { source: 'exchanges', emitted: true, linkPath: (p) => p.linkPath ?? '/' },
  exchange_changed: { source: 'exchanges', emitted: true, linkPath: (p) => p.linkPath ?? '/' },
  exchange_cancelled: { source: 'exchanges', emitted: true, linkPath: (p) => p.linkPath ?? '/' },
  listing_lapsing: { source: 'listings', emitted: true, linkPath: (p) => p.linkPath ?? '/' },
  listing_new_in_category: {
    source: 'listings',
    emitted: true,
    linkPath: (p) => p.linkPath ?? '/',
  },
  // The worker replaces this with the referee's one-time link (worker.ts, linkFor).
  reference_request: { source: 'references', emitted: true, linkPath: () => '/' },
  recheck_due: {
    source: 'safeguarding',
    emitted: true,
    linkPath: (p, tb) => (tb ? `/timebanks/${tb}/members/${p.memberId}/safeguarding` : '/'),
  },
  activity_registered: { source: 'activities', emitted: true, linkPath: (p) => `/activities/${p.activityId}` },
  activity_changed: { source: 'activities', emitted: true, linkPath: (p) => `/activities/${p.activityId}` },
  activity_cancelled: { source: 'activities', emitted: true, linkPath: (p) => `/activities/${p.activityId}` },
  // feat/wellbeing
  wellbeing_signpost: { source: 'wellbeing', emitted: true, linkPath: (_p, tb) => (tb ? `/timebanks/${tb}/wellbeing/due` : '/') },
};

/** The in-site path a notification of this kind links to. */
export function linkPathOf(
  kind: NotificationKind,
  payload: unknown,
  timebankId: string | null,
): string {
  return (KINDS[kind].linkPath as (p: unknown, tb: string | null) => string)(payload, timebankId);
}

export const KIND_NAMES = Object.keys(KINDS) as NotificationKind[];

export function isKind(v: unknown): v is NotificationKind {
  return typeof v === 'string' && Object.hasOwn(KINDS, v);
}

/** The unsubscribe link of a digest mail stops every kind the person gets in the digest. */
export const DIGEST = 'digest';
