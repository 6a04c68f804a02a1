// Limits typed as hours: "10" or "10:30" (hours and minutes), read into whole minutes.
// No decimals: "1.5" is refused rather than guessed at, so minutes stay integers.

/** Minutes as the field shows them: "10" or "10:30" (never negative here). */
export function hoursText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? String(h) : `${h}:${String(m).padStart(2, '0')}`;
}

/** Whole minutes from "H" or "H:MM", or null when the text is not that (or above maxHours). */
export function readHours(text: string, maxHours: number): number | null {
  const m = /^(\d{1,6})(?::([0-5]\d))?$/.exec(text.trim());
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2] ?? 0);
  return minutes <= maxHours * 60 ? minutes : null;
}
