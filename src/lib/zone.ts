// Wall-clock times in a timebank's time zone (its `time_zone` setting, an IANA name). The API
// takes and gives instants (ISO 8601 with an offset); dates and times people read and type
// ("2026-05-02", "14:30") are in the zone of the timebank the thing belongs to.

/** The zone of a timebank that has not chosen one, and of pages outside any timebank. */
export const DEFAULT_ZONE = 'Europe/London';

const ZONES = new Set(Intl.supportedValuesOf('timeZone'));

/** Whether the runtime knows the zone (an IANA name such as "Europe/Warsaw"). */
export function isTimeZone(zone: string): boolean {
  return ZONES.has(zone) || zone === 'UTC';
}

function parts(zone: string, at: Date) {
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const o: Record<string, string> = {};
  for (const p of f.formatToParts(at)) o[p.type] = p.value;
  return o as { year: string; month: string; day: string; hour: string; minute: string; second: string };
}

/** Minutes the zone is ahead of UTC at that instant. */
function offsetMinutes(zone: string, at: Date): number {
  const p = parts(zone, at);
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant of a wall-clock date ("2026-05-02") and time ("14:30") in the zone; null if malformed.
 * A time that does not exist (the hour skipped in spring) moves forward by the gap. */
export function instantOf(zone: string, date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time.trim());
  if (!d || !t) return null;
  const wall = Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +t[1]!, +t[2]!);
  const check = new Date(wall);
  if (check.getUTCMonth() !== +d[2]! - 1 || check.getUTCDate() !== +d[3]!) return null;
  let guess = wall - offsetMinutes(zone, new Date(wall)) * 60_000;
  guess = wall - offsetMinutes(zone, new Date(guess)) * 60_000;
  return new Date(guess);
}

/** The wall-clock date (YYYY-MM-DD) and time (HH:MM) of an instant in the zone. */
export function wallOf(zone: string, at: Date): { date: string; time: string } {
  const p = parts(zone, at);
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** "2026-05-02 10:00–12:30", or both dates when it ends on another day, in the zone. */
export function wallRange(zone: string, start: Date, end: Date): string {
  const s = wallOf(zone, start);
  const e = wallOf(zone, end);
  return s.date === e.date ? `${s.date} ${s.time}–${e.time}` : `${s.date} ${s.time} – ${e.date} ${e.time}`;
}
