import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { CATALOGS, translator } from './i18n.ts';

describe('translations', () => {
  it('has every English key in every locale, each a valid ICU message', () => {
    for (const [locale, catalog] of Object.entries(CATALOGS)) {
      expect(Object.keys(catalog).sort(), locale).toEqual(Object.keys(en).sort());
      for (const [key, msg] of Object.entries(catalog)) {
        expect(() => new IntlMessageFormat(msg, locale), `${locale} ${key}`).not.toThrow();
      }
    }
  });

  it('uses Polish plural forms', () => {
    const t = translator('pl');
    expect(t('members.count', { count: 1 })).toBe('1 członek');
    expect(t('members.count', { count: 3 })).toBe('3 członków');
    expect(t('signIn.throttled', { seconds: 2 })).toContain('2 sekundy');
    expect(t('signIn.throttled', { seconds: 5 })).toContain('5 sekund');
    expect(t('signIn.throttled', { seconds: 1 })).toContain('1 sekundę');
  });

  it('uses English plural forms', () => {
    const t = translator('en');
    expect(t('members.count', { count: 1 })).toBe('1 member');
    expect(t('members.count', { count: 7 })).toBe('7 members');
  });
});
