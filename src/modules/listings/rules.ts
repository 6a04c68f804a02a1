// The rules of listings that need no database: expiry, days, languages and the text search
// configurations (the SQL function listing_ts_config in migration 0008 names the same ones).

/** A listing lapses after this many months unless its owner sets another day. */
export const EXPIRY_DEFAULT_MONTHS = 3;
/** And never further ahead than this. */
export const EXPIRY_MAX_MONTHS = 12;
/** The owner is reminded this many days before the last day. */
export const REMINDER_DAYS = 7;

export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 4000;
export const WHEN_NOTE_MAX = 200;

/** Today as YYYY-MM-DD (UTC, as the rest of the app counts days). */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

const daysInMonth = (year: number, month0: number) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/** The same day n months later, or the last day of that month (30 November + 3 = 28 February). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month0 = index % 12;
  const date = Math.min(d, daysInMonth(year, month0));
  return isoDay(new Date(Date.UTC(year, month0, date)));
}

export function addDays(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
}

/** Whole days from one day to another (negative when it is before). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A real calendar day in YYYY-MM-DD form. */
export function isDay(v: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && isoDay(new Date(`${v}T00:00:00Z`)) === v;
}

/**
 * The PostgreSQL text search configuration of a language, where both PostgreSQL 15 and PGlite
 * ship one (a stemmer and stop words). Polish, Gaelic, Welsh, Ukrainian and the rest have none
 * there: 'simple' (lower-cased words, no stemming). Kept equal to listing_ts_config() in SQL.
 */
export const TS_CONFIGS: Readonly<Record<string, string>> = {
  en: 'english',
  da: 'danish',
  nl: 'dutch',
  fi: 'finnish',
  fr: 'french',
  de: 'german',
  hu: 'hungarian',
  ga: 'irish',
  it: 'italian',
  lt: 'lithuanian',
  no: 'norwegian',
  nb: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  es: 'spanish',
  sv: 'swedish',
  tr: 'turkish',
};

export const tsConfigOf = (language: string): string => TS_CONFIGS[language] ?? 'simple';

/** The languages a listing's text may be written in, offered by the forms (en and pl first). */
export const TEXT_LANGUAGES = ['en', 'pl', 'gd', 'cy', 'ga', 'uk', 'de', 'fr', 'es', 'it', 'pt', 'ro', 'lt', 'ru'] as const;

/** Whole years of age on a day, from a date of birth, or from a year of birth alone (then at
 * their birthday this year, as the member directory counts). Null when neither is known. */
export function ageOn(person: { birth_date: string | null; birth_year: number | null }, day: string): number | null {
  if (person.birth_date) {
    const years = Number(day.slice(0, 4)) - Number(person.birth_date.slice(0, 4));
    return day.slice(5) < person.birth_date.slice(5) ? years - 1 : years;
  }
  if (person.birth_year) return Number(day.slice(0, 4)) - person.birth_year;
  return null;
}
