// When each check-in is due: at joining, then 3, 6 and 12 months after the member joined. A
// wave is open from WINDOW_BEFORE_DAYS before its day to WINDOW_AFTER_DAYS after it (the
// tolerance window, docs/wellbeing.md); outside it the wave is not asked (a late answer would
// not measure the same span of membership).
import { addDays, addMonths } from '../listings/rules.ts';
import type { Wave } from './tables.ts';

export const WAVES: readonly Wave[] = ['joining', 'm3', 'm6', 'm12'];
export const FOLLOW_UPS: readonly Exclude<Wave, 'joining'>[] = ['m3', 'm6', 'm12'];
export const WAVE_MONTHS: Record<Wave, number> = { joining: 0, m3: 3, m6: 6, m12: 12 };
export const WINDOW_BEFORE_DAYS = 28;
export const WINDOW_AFTER_DAYS = 42;

export interface WaveWindow {
  wave: Wave;
  dueOn: string;
  opensOn: string;
  closesOn: string;
}

export function waveWindow(joinedOn: string, wave: Wave): WaveWindow {
  const dueOn = addMonths(joinedOn, WAVE_MONTHS[wave]);
  return { wave, dueOn, opensOn: addDays(dueOn, -WINDOW_BEFORE_DAYS), closesOn: addDays(dueOn, WINDOW_AFTER_DAYS) };
}

export const isOpen = (w: WaveWindow, today: string) => w.opensOn <= today && today <= w.closesOn;

/** The wave open today that is not yet answered or declined, if any. */
export function openWave(joinedOn: string | null, today: string, done: ReadonlySet<Wave>): WaveWindow | null {
  if (!joinedOn) return null;
  for (const wave of WAVES) {
    const w = waveWindow(joinedOn, wave);
    if (!done.has(wave) && isOpen(w, today)) return w;
  }
  return null;
}
