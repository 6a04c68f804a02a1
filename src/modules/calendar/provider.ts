// What a module gives the calendar feed: its events for one person. The feed asks every
// provider listed in createServices (src/http/app.ts) and merges what they answer; a module
// adds its events with one line there (docs/calendar.md).

export interface CalendarEvent {
  /** Stable across calls and across regenerated feed URLs, e.g. `activity-<id>`: calendar apps
   * match updates and cancellations by it. The feed adds `@<host>`. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string | null;
  location?: string | null;
  /** A page of the app about the event (absolute URLs are made from it). */
  path?: string | null;
  status: 'confirmed' | 'tentative' | 'cancelled';
  /** When the event last changed (LAST-MODIFIED; calendar apps refresh by it). */
  updatedAt: Date;
}

export interface CalendarWindow {
  from: Date;
  to: Date;
}

export interface CalendarProvider {
  /** A short name, for logs when a provider fails. */
  readonly source: string;
  /** The person's events that overlap the window, in their network only. */
  eventsFor(networkId: string, personId: string, window: CalendarWindow): Promise<CalendarEvent[]>;
}
