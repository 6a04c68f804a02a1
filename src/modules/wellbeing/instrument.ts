// The wellbeing check-in's questions, kept in our own storage with their sources and licences,
// in English (the published wording) and Polish (our translation). Only openly licensed
// wording: licensed instruments (WEMWBS, the Outcomes Star) are not shipped. docs/wellbeing.md.

/** Bumped when a question's wording changes; each check-in records the version it was asked in. */
export const INSTRUMENT_VERSION = 1;

export type Lang = 'en' | 'pl';
type Text = Record<Lang, string>;

export interface Source {
  name: string;
  url: string;
  licence: string;
}

const OGL = 'Open Government Licence v3.0 (Crown copyright)';
export const SOURCES = {
  ons4: {
    name: 'ONS, Personal well-being user guidance (the ONS4 questions and thresholds)',
    url: 'https://www.ons.gov.uk/peoplepopulationandcommunity/wellbeing/methodologies/personalwellbeingsurveyuserguide',
    licence: OGL,
  },
  loneliness: {
    name: 'ONS, Measuring loneliness: guidance for use of the national indicators on surveys (2018): the direct question and the 3-item scale (Hughes et al. 2004, from the Revised UCLA Loneliness Scale)',
    url: 'https://www.ons.gov.uk/peoplepopulationandcommunity/wellbeing/methodologies/measuringlonelinessguidanceforuseofthenationalindicatorsonsurveys',
    licence: `${OGL}; the 3 items are published by ONS and the Government for use in surveys without charge`,
  },
  cls: {
    name: 'DCMS, Community Life Survey questionnaire (neighbourhood belonging; borrowing things and exchanging favours)',
    url: 'https://www.gov.uk/government/collections/community-life-survey--2',
    licence: OGL,
  },
} as const satisfies Record<string, Source>;

export type ScaleId = 'life_satisfaction' | 'worthwhile' | 'happiness' | 'anxiety';
export type ItemId = 'lack_companionship' | 'left_out' | 'isolated';
export const SCALES: readonly ScaleId[] = ['life_satisfaction', 'worthwhile', 'happiness', 'anxiety'];
export const LONELINESS_ITEMS: readonly ItemId[] = ['lack_companionship', 'left_out', 'isolated'];

export const LONELY_DIRECT = ['often_always', 'some_of_the_time', 'occasionally', 'hardly_ever', 'never'] as const;
export const BELONGING = ['very_strongly', 'fairly_strongly', 'not_very_strongly', 'not_at_all_strongly'] as const;
export const FAVOURS = ['definitely_agree', 'tend_to_agree', 'tend_to_disagree', 'definitely_disagree'] as const;
export type LonelyDirect = (typeof LONELY_DIRECT)[number];
export type Belonging = (typeof BELONGING)[number];
export type Favours = (typeof FAVOURS)[number];

export const QUESTIONS: Record<ScaleId | ItemId | 'lonely_direct' | 'belonging' | 'favours', { source: keyof typeof SOURCES; text: Text }> = {
  life_satisfaction: {
    source: 'ons4',
    text: { en: 'Overall, how satisfied are you with your life nowadays?', pl: 'Ogólnie rzecz biorąc, jak bardzo jest Pan/Pani obecnie zadowolony/zadowolona ze swojego życia?' },
  },
  worthwhile: {
    source: 'ons4',
    text: {
      en: 'Overall, to what extent do you feel that the things you do in your life are worthwhile?',
      pl: 'Ogólnie rzecz biorąc, w jakim stopniu czuje Pan/Pani, że to, co robi w życiu, jest wartościowe?',
    },
  },
  happiness: { source: 'ons4', text: { en: 'Overall, how happy did you feel yesterday?', pl: 'Ogólnie rzecz biorąc, jak szczęśliwy/szczęśliwa czuł/czuła się Pan/Pani wczoraj?' } },
  anxiety: { source: 'ons4', text: { en: 'Overall, how anxious did you feel yesterday?', pl: 'Ogólnie rzecz biorąc, jak bardzo niespokojny/niespokojna czuł/czuła się Pan/Pani wczoraj?' } },
  lonely_direct: { source: 'loneliness', text: { en: 'How often do you feel lonely?', pl: 'Jak często czuje się Pan/Pani samotny/samotna?' } },
  lack_companionship: { source: 'loneliness', text: { en: 'How often do you feel that you lack companionship?', pl: 'Jak często czuje Pan/Pani, że brakuje Panu/Pani towarzystwa?' } },
  left_out: { source: 'loneliness', text: { en: 'How often do you feel left out?', pl: 'Jak często czuje się Pan/Pani pominięty/pominięta?' } },
  isolated: { source: 'loneliness', text: { en: 'How often do you feel isolated from others?', pl: 'Jak często czuje się Pan/Pani odizolowany/odizolowana od innych?' } },
  belonging: {
    source: 'cls',
    text: { en: 'How strongly do you feel you belong to your immediate neighbourhood?', pl: 'Jak silnie czuje Pan/Pani przynależność do swojej najbliższej okolicy?' },
  },
  favours: {
    source: 'cls',
    text: {
      en: 'To what extent do you agree or disagree that people in your neighbourhood borrow things and exchange favours with their neighbours?',
      pl: 'W jakim stopniu zgadza się Pan/Pani lub nie zgadza, że ludzie w Pana/Pani okolicy pożyczają sobie rzeczy i wyświadczają przysługi sąsiadom?',
    },
  },
};

/** The 0-10 scale's ends, as ONS asks them. */
export const SCALE_ENDS: Record<ScaleId, { low: Text; high: Text }> = {
  life_satisfaction: { low: { en: 'not at all satisfied', pl: 'zupełnie niezadowolony' }, high: { en: 'completely satisfied', pl: 'całkowicie zadowolony' } },
  worthwhile: { low: { en: 'not at all worthwhile', pl: 'zupełnie niewartościowe' }, high: { en: 'completely worthwhile', pl: 'całkowicie wartościowe' } },
  happiness: { low: { en: 'not at all happy', pl: 'zupełnie nieszczęśliwy' }, high: { en: 'completely happy', pl: 'całkowicie szczęśliwy' } },
  anxiety: { low: { en: 'not at all anxious', pl: 'zupełnie spokojny' }, high: { en: 'completely anxious', pl: 'całkowicie niespokojny' } },
};

export const OPTION_TEXT: Record<LonelyDirect | Belonging | Favours | 'item_1' | 'item_2' | 'item_3', Text> = {
  often_always: { en: 'Often or always', pl: 'Często lub zawsze' },
  some_of_the_time: { en: 'Some of the time', pl: 'Czasami' },
  occasionally: { en: 'Occasionally', pl: 'Sporadycznie' },
  hardly_ever: { en: 'Hardly ever', pl: 'Prawie nigdy' },
  never: { en: 'Never', pl: 'Nigdy' },
  very_strongly: { en: 'Very strongly', pl: 'Bardzo silnie' },
  fairly_strongly: { en: 'Fairly strongly', pl: 'Dość silnie' },
  not_very_strongly: { en: 'Not very strongly', pl: 'Niezbyt silnie' },
  not_at_all_strongly: { en: 'Not at all strongly', pl: 'Wcale' },
  definitely_agree: { en: 'Definitely agree', pl: 'Zdecydowanie się zgadzam' },
  tend_to_agree: { en: 'Tend to agree', pl: 'Raczej się zgadzam' },
  tend_to_disagree: { en: 'Tend to disagree', pl: 'Raczej się nie zgadzam' },
  definitely_disagree: { en: 'Definitely disagree', pl: 'Zdecydowanie się nie zgadzam' },
  // The 3-item scale: hardly ever or never = 1, some of the time = 2, often = 3.
  item_1: { en: 'Hardly ever or never', pl: 'Prawie nigdy lub nigdy' },
  item_2: { en: 'Some of the time', pl: 'Czasami' },
  item_3: { en: 'Often', pl: 'Często' },
};

// ---- the ONS thresholds (bands)

export type PositiveBand = 'low' | 'medium' | 'high' | 'very_high';
export type AnxietyBand = 'very_low' | 'low' | 'medium' | 'high';
export const POSITIVE_BANDS: readonly PositiveBand[] = ['low', 'medium', 'high', 'very_high'];
export const ANXIETY_BANDS: readonly AnxietyBand[] = ['very_low', 'low', 'medium', 'high'];

/** Life satisfaction, worthwhile, happiness: low 0-4, medium 5-6, high 7-8, very high 9-10. */
export function positiveBand(score: number): PositiveBand {
  if (score <= 4) return 'low';
  if (score <= 6) return 'medium';
  if (score <= 8) return 'high';
  return 'very_high';
}

/** Anxiety: very low 0-1, low 2-3, medium 4-5, high 6-10. */
export function anxietyBand(score: number): AnxietyBand {
  if (score <= 1) return 'very_low';
  if (score <= 3) return 'low';
  if (score <= 5) return 'medium';
  return 'high';
}

export function bandOf(scale: ScaleId, score: number): string {
  return scale === 'anxiety' ? anxietyBand(score) : positiveBand(score);
}

export const bandsOf = (scale: ScaleId): readonly string[] => (scale === 'anxiety' ? ANXIETY_BANDS : POSITIVE_BANDS);

/** The 3-item loneliness score, 3 (least lonely) to 9: only when all three items are answered. */
export function lonelinessScore(a: { lack_companionship: number | null; left_out: number | null; isolated: number | null }): number | null {
  if (a.lack_companionship === null || a.left_out === null || a.isolated === null) return null;
  return a.lack_companionship + a.left_out + a.isolated;
}

/** The answers that prompt a broker to offer signposting (never an automatic referral). */
export function needsSignposting(a: { anxiety: number | null; lonely_direct: string | null }): boolean {
  return (a.anxiety !== null && anxietyBand(a.anxiety) === 'high') || a.lonely_direct === 'often_always';
}
