import type { T } from '../i18n/i18n.ts';

/** Whole minutes as "2 h 30 min" (never a fraction of an hour). */
export function duration(t: T, minutes: number): string {
  const abs = Math.abs(minutes);
  return t('hours.duration', { sign: minutes < 0 ? '−' : '', hours: Math.floor(abs / 60), minutes: abs % 60 });
}

/** A signed change: "+1 h 0 min" or "−0 h 45 min". */
export function change(t: T, minutes: number): string {
  return minutes > 0 ? `+${duration(t, minutes)}` : duration(t, minutes);
}

export const CATEGORIES = [
  'gardening',
  'shopping',
  'lifts',
  'household',
  'companionship',
  'computer',
  'learning',
  'creative',
  'practical',
  'care',
  'community',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export function categoryLabel(t: T, category: string): string {
  return (CATEGORIES as readonly string[]).includes(category) ? t(`category.${category as Category}`) : category;
}

export const KINDS = ['exchange', 'activity', 'donation', 'gift', 'starter', 'reversal', 'clearing', 'adjustment'] as const;
