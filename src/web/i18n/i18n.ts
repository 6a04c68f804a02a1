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
