// The method statement every report, download and open-data feed carries (English, Polish).
import type { DisclosureRules } from './rules.ts';

export type MethodLocale = 'en' | 'pl';

/** The marker a suppressed cell shows in CSV, PDF and on the page. */
export const SUPPRESSED_MARKER = '[c]';

/** The method statement for the given rules, as paragraphs. */
export function methodStatement(rules: DisclosureRules, locale: MethodLocale = 'en'): string[] {
  const { countMin, wellbeingMin, meanMinPeople } = rules;
  if (locale === 'pl') {
    return [
      `Aby nikogo nie dało się rozpoznać, liczby oparte na mniej niż ${countMin} osobach (w danych o dobrostanie: mniej niż ${wellbeingMin}) nie są publikowane. Zamiast nich widnieje znak ${SUPPRESSED_MARKER} (dane poufne). Zero jest publikowane.`,
      'Tam, gdzie tabela ma sumy wierszy lub kolumn, ukrywamy także inne komórki (ukrycie wtórne), tak aby żadnej ukrytej liczby nie dało się obliczyć przez odejmowanie od opublikowanych sum. Gdy cała tabela dotyczy mniej niż progu osób, nie publikujemy z niej nic.',
      `Średnie podajemy tylko wtedy, gdy stoi za nimi co najmniej ${meanMinPeople} osób. Godziny liczone są z pełnych minut zapisanych w księdze. Opublikowane liczby są dokładne: nie są zaokrąglane ani zaburzane.`,
    ];
  }
  return [
    `So that no one can be identified, figures based on fewer than ${countMin} people (${wellbeingMin} for wellbeing data) are not published; they show as ${SUPPRESSED_MARKER} (confidential). Zero is published.`,
    'Where a table has row or column totals, other cells are also hidden (secondary suppression) so that no hidden figure can be worked out by subtracting from the published totals. When a whole table covers fewer people than the threshold, nothing in it is published.',
    `Averages are given only over ${meanMinPeople} or more people. Hours are counted from whole minutes recorded in the ledger. Published figures are exact: they are not rounded or perturbed.`,
  ];
}
