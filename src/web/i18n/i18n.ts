import { IntlMessageFormat } from 'intl-messageformat';
import { en, type MessageKey } from './en.ts';
import { pl } from './pl.ts';

export const LOCALES = ['en', 'pl'] as const;
export type Locale = (typeof LOCALES)[number];
export const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, pl };

export type T = (key: MessageKey, values?: Record<string, string | number>) => string;

const cache = new Map<string, IntlMessageFormat>();

/** A translator for one locale: ICU MessageFormat with plurals (Intl.PluralRules). */
export function translator(locale: Locale): T {
  return (key, values) => {
    const id = `${locale}:${key}`;
    let fmt = cache.get(id);
    if (!fmt) {
      fmt = new IntlMessageFormat(CATALOGS[locale][key], locale);
      cache.set(id, fmt);
    }
    return String(fmt.format(values));
  };
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/**
 * A counted message in each plural category of the locale, with "#" for the number, so the
 * browser can pick the form with Intl.PluralRules without the message catalog.
 */
export function pluralForms(locale: Locale, format: (count: number) => string): Record<string, string> {
  const rules = new Intl.PluralRules(locale);
  const forms: Record<string, string> = {};
  for (const n of [0, 1, 2, 3, 5, 11, 12, 21, 22, 25, 101, 1.5]) {
    const category = rules.select(n);
    if (!(category in forms)) forms[category] = format(n).replace(String(n), '#');
  }
  return forms;
}
