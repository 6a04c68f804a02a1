// A person's iCalendar feed at a secret URL (docs/calendar.md). The URL carries the network id
// and a random 256-bit secret; only the secret's SHA-256 is stored. Regenerating replaces it, so
// the old URL stops working; a forged or old token finds nothing (404).
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Config, publicBaseUrl } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Logger } from '../../lib/log.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import { type Principal, subjectPersonId } from '../auth/principal.ts';
import { renderCalendar } from './ics.ts';
import type { CalendarEvent, CalendarProvider } from './provider.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest();
const DAY_MS = 86_400_000;
/** The feed lists events from 90 days back to 400 days ahead. */
export const WINDOW_PAST_DAYS = 90;
export const WINDOW_AHEAD_DAYS = 400;

export function parseFeedToken(token: string): { networkId: string; secret: string } | null {
  const t = token.replace(/\.ics$/, '');
  const i = t.indexOf('.');
  if (i < 0) return null;
  const networkId = t.slice(0, i);
  const secret = t.slice(i + 1);
  if (!isUuid(networkId) || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
  return { networkId, secret };
}

export function createCalendar({ db, clock, config, log, providers }: { db: Kysely<DB>; clock: Clock; config: Config; log: Logger; providers: CalendarProvider[] }) {
  const baseUrl = publicBaseUrl(config);
  const urlOf = (token: string) => `${baseUrl}/calendar/${token}.ics`;

  /** Whether the person shown has a feed, and since when (the URL itself is shown only once). */
  async function status(p: Principal) {
    const row = await db
      .selectFrom('calendar_feed')
      .where('network_id', '=', p.networkId)
      .where('person_id', '=', subjectPersonId(p))
      .select('created_at')
      .executeTakeFirst();
    return { active: !!row, createdAt: row?.created_at ?? null };
  }

  /** A new secret URL for the person shown; the old one stops working. */
  async function regenerate(p: Principal, actor: Actor) {
    const personId = subjectPersonId(p);
    const secret = randomBytes(32).toString('base64url');
    const token = `${p.networkId}.${secret}`;
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('calendar_feed')
        .values({ network_id: p.networkId, person_id: personId, token_hash: sha256(secret), created_at: now })
        .onConflict((oc) => oc.columns(['network_id', 'person_id']).doUpdateSet({ token_hash: sha256(secret), created_at: now }))
        .execute();
      await recordAudit(tx, actor, { action: 'calendar.regenerate', subjectType: 'person', subjectId: personId });
    });
    return { url: urlOf(token), createdAt: now };
  }

  /** Turns the feed off: its URL stops working. */
  async function revoke(p: Principal, actor: Actor) {
    const personId = subjectPersonId(p);
    await db.transaction().execute(async (tx) => {
      await tx.deleteFrom('calendar_feed').where('network_id', '=', p.networkId).where('person_id', '=', personId).execute();
      await recordAudit(tx, actor, { action: 'calendar.revoke', subjectType: 'person', subjectId: personId });
    });
    return { active: false, createdAt: null };
  }

  /** The feed behind a token, or null (forged, replaced, revoked, or of a suspended person). */
  async function feed(token: string): Promise<string | null> {
    const parsed = parseFeedToken(token);
    if (!parsed) return null;
    const row = await db
      .selectFrom('calendar_feed as f')
      .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'f.network_id').onRef('p.id', '=', 'f.person_id'))
      .where('f.network_id', '=', parsed.networkId)
      .where('f.token_hash', '=', sha256(parsed.secret))
      .select(['f.person_id', 'p.display_name', 'p.suspended_at'])
      .executeTakeFirst();
    if (!row || row.suspended_at) return null;
    const now = clock.now();
    const window = { from: new Date(now.getTime() - WINDOW_PAST_DAYS * DAY_MS), to: new Date(now.getTime() + WINDOW_AHEAD_DAYS * DAY_MS) };
    const events: CalendarEvent[] = [];
    for (const provider of providers) {
      try {
        events.push(...(await provider.eventsFor(parsed.networkId, row.person_id, window)));
      } catch (err) {
        log.error({ err, source: provider.source }, 'a calendar provider failed; the feed is served without its events');
      }
    }
    events.sort((a, b) => a.start.getTime() - b.start.getTime() || a.uid.localeCompare(b.uid));
    return renderCalendar({ name: `Timebank – ${row.display_name}`, baseUrl, events, now });
  }

  return { status, regenerate, revoke, feed, urlOf };
}

export type Calendar = ReturnType<typeof createCalendar>;
