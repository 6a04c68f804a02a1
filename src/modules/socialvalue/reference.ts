// Reference data the social value engine ships with, each with its source, licence and price
// year. Nothing here is under a licence that forbids redistribution: the HACT Social Value Bank
// and the National TOMs are never shipped (an organisation may enter its own proxies). See
// docs/social-value.md.

/** HM Treasury Green Book discount rate (the standard rate for the first 30 years). */
export const DISCOUNT_RATE = '0.035';
export const DISCOUNT_SOURCE = {
  source: 'HM Treasury, The Green Book: appraisal and evaluation in central government (2022), discount rate 3.5%',
  url: 'https://www.gov.uk/government/publications/the-green-book-appraisal-and-evaluation-in-central-governent',
  licence: 'Open Government Licence v3.0',
};

/** One WELLBY: a one-point change in life satisfaction (0-10) for one person for one year. */
export const WELLBY = {
  valuePence: 1_300_000,
  priceYear: 2019,
  source: 'HM Treasury, Green Book supplementary guidance: wellbeing guidance for appraisal (July 2021): one WELLBY = GBP 13,000 in 2019 prices (range 10,000 to 16,000)',
  url: 'https://www.gov.uk/government/publications/green-book-supplementary-guidance-wellbeing',
  licence: 'Open Government Licence v3.0',
} as const;

/**
 * GDP deflator at market prices, calendar years (index, 2024 = 100; only the ratio between two
 * years is used). From HM Treasury, "GDP deflators at market prices, and money GDP", December
 * 2025 (Quarterly National Accounts), calendar-year block, ONS series MNF2.
 */
export const GDP_DEFLATOR = {
  source: 'HM Treasury, GDP deflators at market prices, and money GDP: December 2025 (Quarterly National Accounts), calendar years (ONS series MNF2)',
  url: 'https://www.gov.uk/government/collections/gdp-deflators-at-market-prices-and-money-gdp',
  licence: 'Open Government Licence v3.0',
  index: {
    2015: '75.1536',
    2016: '76.4554',
    2017: '77.6367',
    2018: '79.1606',
    2019: '81.1085',
    2020: '85.2137',
    2021: '85.6358',
    2022: '90.5005',
    2023: '96.2507',
    2024: '100',
  } as Record<number, string>,
} as const;

export const DEFLATOR_YEARS = Object.keys(GDP_DEFLATOR.index).map(Number);
export const LATEST_PRICE_YEAR = Math.max(...DEFLATOR_YEARS);
