// National benchmarks: the ONS annual estimates of personal well-being for the UK (mean
// ratings, adults 16+, Annual Population Survey). REFERENCE VALUES ONLY: a national population
// average, not a comparison group for a timebank's members, who are not a random sample.
// Update by adding a year; never edit a published year. docs/wellbeing.md.

export interface Benchmark {
  /** The survey year, as ONS names it. */
  period: string;
  lifeSatisfaction: number;
  worthwhile: number;
  happiness: number;
  anxiety: number;
  source: string;
  url: string;
  licence: string;
}

export const ONS_UK_BENCHMARKS: readonly Benchmark[] = [
  {
    period: 'April 2021 to March 2022',
    lifeSatisfaction: 7.54,
    worthwhile: 7.77,
    happiness: 7.45,
    anxiety: 3.12,
    source: 'ONS, Personal well-being in the UK: April 2022 to March 2023 (previous-year figures), released 7 November 2023',
    url: 'https://www.ons.gov.uk/peoplepopulationandcommunity/wellbeing/bulletins/measuringnationalwellbeing/april2022tomarch2023',
    licence: 'Open Government Licence v3.0',
  },
  {
    period: 'April 2022 to March 2023',
    lifeSatisfaction: 7.45,
    worthwhile: 7.73,
    happiness: 7.39,
    anxiety: 3.23,
    source: 'ONS, Personal well-being in the UK: April 2022 to March 2023, released 7 November 2023',
    url: 'https://www.ons.gov.uk/peoplepopulationandcommunity/wellbeing/bulletins/measuringnationalwellbeing/april2022tomarch2023',
    licence: 'Open Government Licence v3.0',
  },
];

/** The latest published year. */
export const latestBenchmark = (): Benchmark => ONS_UK_BENCHMARKS.at(-1)!;
