// What the demo network is made of: seven linked timebanks across Argyll and Bute (small towns,
// remote rural areas and islands), their areas and organisations, and the names people there
// carry. Modelled on the seed post "How we grew timebanking in rural Scotland".
import type { AreaTable, OrganisationTable } from '../db/schema.ts';

export type AreaKind = AreaTable['kind'];
export type OrganisationKind = OrganisationTable['kind'];

export interface DemoTimebankSpec {
  slug: string;
  name: string;
  foundedYear: number;
  /** Memberships at scale 1 (all seven add up to the seed's 1,406). */
  members: number;
  brokers: number;
  /** An earlier timebank whose members sometimes join this one too. */
  neighbourSlug: string | null;
  /** name, kind, weight (how many members live there, relatively). */
  areas: readonly (readonly [string, AreaKind, number])[];
  /** Surnames more common here than elsewhere in Argyll. */
  localSurnames: readonly string[];
  organisations: readonly DemoOrganisationSpec[];
}

export interface DemoOrganisationSpec {
  name: string;
  kind: OrganisationKind;
  description: string;
}

export const DEMO_NETWORK = { slug: 'argyll', name: 'Argyll Timebanks' } as const;

/** The default seed: 2005, the year the first of the Argyll timebanks began. */
export const DEMO_SEED = 2005;

export const DEMO_TIMEBANKS: readonly DemoTimebankSpec[] = [
  {
    slug: 'cowal',
    name: 'Cowal Timebank',
    foundedYear: 2005,
    members: 235,
    brokers: 5,
    neighbourSlug: null,
    areas: [
      ['Dunoon', 'town', 50],
      ['Kirn', 'neighbourhood', 8],
      ['Hunters Quay', 'neighbourhood', 6],
      ['Sandbank', 'village', 10],
      ['Innellan', 'village', 7],
      ['Kilmun', 'village', 4],
      ['Strachur', 'village', 5],
      ['Tighnabruaich', 'village', 6],
      ['Colintraive', 'village', 2],
      ['Glendaruel', 'rural', 2],
    ],
    localSurnames: ['Lamont', 'MacLachlan', 'McKellar', 'Campbell', 'McArthur'],
    organisations: [
      {
        name: 'Argyll Street Cafe',
        kind: 'business',
        description:
          'Takes time credits for teas and coffees, and spends them on window cleaning and help with publicity.',
      },
      {
        name: 'Cowal Youth Club',
        kind: 'voluntary',
        description:
          'Youth organisation for ages 9 to 18; young members earn hours helping at events.',
      },
      {
        name: 'Dunoon Community Council',
        kind: 'public',
        description:
          'Gives hours for litter picks, the winter gala and helping at community events.',
      },
      {
        name: "Cowal Men's Shed",
        kind: 'voluntary',
        description: 'Shares tools and equipment, and mends things for members.',
      },
    ],
  },
  {
    slug: 'bute',
    name: 'Bute Timebank',
    foundedYear: 2007,
    members: 210,
    brokers: 3,
    neighbourSlug: 'cowal',
    areas: [
      ['Rothesay', 'town', 60],
      ['Port Bannatyne', 'village', 14],
      ['Ascog', 'village', 6],
      ['Kilchattan Bay', 'village', 5],
      ['Kingarth', 'rural', 5],
    ],
    localSurnames: ['McFie', 'Bannatyne', 'McAlister', 'Stewart', 'Crichton'],
    organisations: [
      {
        name: 'Rothesay Community Garden',
        kind: 'voluntary',
        description: 'Grows vegetables with volunteers and shares the harvest with the lunch club.',
      },
      {
        name: 'Bute Lunch Club',
        kind: 'voluntary',
        description: 'A weekly lunch for older people; cooks and drivers earn hours.',
      },
      {
        name: 'Port Bannatyne Village Hall',
        kind: 'voluntary',
        description: 'Hosts the timebank drop-in and get-togethers.',
      },
    ],
  },
  {
    slug: 'mid-argyll',
    name: 'Mid Argyll Timebank',
    foundedYear: 2008,
    members: 190,
    brokers: 3,
    neighbourSlug: 'cowal',
    areas: [
      ['Lochgilphead', 'town', 35],
      ['Ardrishaig', 'village', 18],
      ['Inveraray', 'town', 12],
      ['Tarbert', 'village', 14],
      ['Kilmartin', 'village', 5],
      ['Tayvallich', 'village', 4],
      ['Furnace', 'village', 4],
      ['Crinan', 'village', 2],
    ],
    localSurnames: ['MacLachlan', 'Campbell', 'McVicar', 'Munro', 'McNab'],
    organisations: [
      {
        name: 'Lochgilphead Community Council',
        kind: 'public',
        description: 'Earns hours for the community that helps keep the town tidy and welcoming.',
      },
      {
        name: 'Ardrishaig Toddlers',
        kind: 'voluntary',
        description: 'A parent and toddler group; parents give hours and receive child-care swaps.',
      },
      {
        name: 'Mid Argyll Community Car Scheme',
        kind: 'voluntary',
        description: 'Volunteer drivers take people to hospital and GP appointments.',
      },
    ],
  },
  {
    slug: 'kintyre',
    name: 'Kintyre Timebank',
    foundedYear: 2009,
    members: 205,
    brokers: 3,
    neighbourSlug: 'mid-argyll',
    areas: [
      ['Campbeltown', 'town', 60],
      ['Carradale', 'village', 8],
      ['Tayinloan', 'village', 4],
      ['Southend', 'village', 5],
      ['Machrihanish', 'village', 4],
      ['Clachan', 'village', 3],
      ['Isle of Gigha', 'island', 4],
    ],
    localSurnames: ['McMillan', 'Galbraith', 'McKinven', 'McMurchy', 'Ronald'],
    organisations: [
      {
        name: 'Campbeltown Heritage Group',
        kind: 'voluntary',
        description: 'Records local history; members help with research, scanning and the archive.',
      },
      {
        name: 'Carradale Bakehouse',
        kind: 'business',
        description: 'Bakes for the timebank events and takes time credits for bread.',
      },
    ],
  },
  {
    slug: 'oban-lorn',
    name: 'Oban and Lorn Timebank',
    foundedYear: 2008,
    members: 260,
    brokers: 4,
    neighbourSlug: 'mid-argyll',
    areas: [
      ['Oban', 'town', 65],
      ['Dunbeg', 'village', 10],
      ['Connel', 'village', 8],
      ['Taynuilt', 'village', 7],
      ['Appin', 'rural', 4],
      ['Isle of Seil', 'island', 4],
      ['Isle of Luing', 'island', 2],
      ['Isle of Lismore', 'island', 3],
      ['Isle of Kerrera', 'island', 1],
    ],
    localSurnames: ['MacDougall', 'Carmichael', 'Stewart', 'MacCorquodale', 'Livingstone'],
    organisations: [
      {
        name: 'Lorn Befriending',
        kind: 'voluntary',
        description: 'Matches volunteers with people living alone for visits and phone calls.',
      },
      {
        name: 'Oban Harbour Tearoom',
        kind: 'business',
        description: 'Takes time credits for tea and cake; spends them on help with the garden.',
      },
      {
        name: 'Taynuilt Village Hall',
        kind: 'voluntary',
        description: 'Community hall; volunteers run the lunch club and the Tuesday drop-in.',
      },
    ],
  },
  {
    slug: 'islay-jura',
    name: 'Islay and Jura Timebank',
    foundedYear: 2010,
    members: 140,
    brokers: 2,
    neighbourSlug: 'kintyre',
    areas: [
      ['Bowmore', 'village', 30],
      ['Port Ellen', 'village', 28],
      ['Port Charlotte', 'village', 12],
      ['Port Askaig', 'village', 5],
      ['Portnahaven', 'village', 5],
      ['Isle of Jura', 'island', 10],
      ['Isle of Colonsay', 'island', 4],
    ],
    localSurnames: ['McTaggart', 'Currie', 'MacNeill', 'McKechnie', 'MacAffer'],
    organisations: [
      {
        name: 'Bowmore Youth Hub',
        kind: 'voluntary',
        description: 'After-school space; young people earn hours helping older islanders online.',
      },
      {
        name: 'Jura Community Council',
        kind: 'public',
        description: 'Gives hours for the ferry-day welcome and the island clean-up.',
      },
    ],
  },
  {
    slug: 'mull-iona',
    name: 'Mull, Iona, Coll and Tiree Timebank',
    foundedYear: 2011,
    members: 166,
    brokers: 3,
    neighbourSlug: 'oban-lorn',
    areas: [
      ['Tobermory', 'town', 35],
      ['Craignure', 'village', 10],
      ['Salen', 'village', 8],
      ['Dervaig', 'village', 5],
      ['Fionnphort', 'village', 6],
      ['Isle of Iona', 'island', 6],
      ['Isle of Ulva', 'island', 1],
      ['Isle of Tiree', 'island', 14],
      ['Isle of Coll', 'island', 5],
    ],
    localSurnames: ['MacLean', 'MacKinnon', 'MacPhail', 'MacKechnie', 'Lamont'],
    organisations: [
      {
        name: 'Tobermory Lunch Club',
        kind: 'voluntary',
        description: 'A weekly lunch in the church hall; volunteers cook, drive and wash up.',
      },
      {
        name: 'Tiree Community Council',
        kind: 'public',
        description: 'Gives hours for beach cleans and the regatta.',
      },
      {
        name: 'Craignure Village Shop',
        kind: 'business',
        description: 'Takes time credits for deliveries to outlying crofts.',
      },
    ],
  },
];

export const SURNAMES: readonly string[] = [
  'Campbell',
  'MacDonald',
  'MacLean',
  'MacDougall',
  'MacKinnon',
  'McMillan',
  'MacKay',
  'Stewart',
  'Lamont',
  'Brown',
  'Smith',
  'Wilson',
  'Robertson',
  'Thomson',
  'Paterson',
  'Black',
  'Ferguson',
  'McIntyre',
  'McCallum',
  'Buchanan',
  'Cameron',
  'Fraser',
  'Reid',
  'Murray',
  'Sinclair',
  'Morrison',
  'Kerr',
  'Munro',
  'Graham',
  'MacArthur',
  'MacKenzie',
  'Ross',
  'Anderson',
  'Scott',
  'Walker',
  'Hamilton',
  'Gillies',
  'Livingstone',
  'Bell',
  'MacFarlane',
  'McGregor',
  'Clark',
  'Watson',
  'Duncan',
  'Johnston',
  'Currie',
  'Galbraith',
  'Young',
  'Mitchell',
  'Henderson',
  'Crawford',
  'Hughes',
  'MacPherson',
  'MacIver',
  'Gray',
  'Kennedy',
  'Ritchie',
  'Boyd',
];

type Generation = 'born-before-1950' | 'born-1950-1974' | 'born-1975-1999' | 'born-2000-on';

export function generationOf(birthYear: number): Generation {
  if (birthYear < 1950) return 'born-before-1950';
  if (birthYear < 1975) return 'born-1950-1974';
  if (birthYear < 2000) return 'born-1975-1999';
  return 'born-2000-on';
}

export const FIRST_NAMES: Record<
  Generation,
  { female: readonly string[]; male: readonly string[] }
> = {
  'born-before-1950': {
    female: [
      'Margaret',
      'Jean',
      'Agnes',
      'Isobel',
      'Elizabeth',
      'Mary',
      'Catherine',
      'Morag',
      'Effie',
      'Flora',
      'Janet',
      'Helen',
      'Christina',
      'Annie',
      'Marion',
    ],
    male: [
      'John',
      'James',
      'William',
      'Donald',
      'Angus',
      'Archibald',
      'Hugh',
      'Alexander',
      'Duncan',
      'Robert',
      'Dugald',
      'Neil',
      'Hector',
      'Iain',
      'Lachlan',
    ],
  },
  'born-1950-1974': {
    female: [
      'Fiona',
      'Moira',
      'Linda',
      'Susan',
      'Elaine',
      'Karen',
      'Alison',
      'Shona',
      'Lorna',
      'Gillian',
      'Carol',
      'Anne',
      'Sheila',
      'Kirsteen',
      'Morven',
    ],
    male: [
      'David',
      'Andrew',
      'Colin',
      'Kenneth',
      'Stuart',
      'Graham',
      'Alan',
      'Gordon',
      'Ian',
      'Douglas',
      'Neil',
      'Ewan',
      'Fraser',
      'Malcolm',
      'Alasdair',
    ],
  },
  'born-1975-1999': {
    female: [
      'Kirsty',
      'Laura',
      'Lindsay',
      'Nicola',
      'Gemma',
      'Claire',
      'Emma',
      'Catriona',
      'Eilidh',
      'Rachel',
      'Mhairi',
      'Jennifer',
    ],
    male: [
      'Craig',
      'Scott',
      'Ross',
      'Calum',
      'Jamie',
      'Ryan',
      'Gary',
      'Stephen',
      'Euan',
      'Murray',
      'Darren',
      'Kyle',
    ],
  },
  'born-2000-on': {
    female: [
      'Isla',
      'Freya',
      'Ava',
      'Sophie',
      'Ellie',
      'Olivia',
      'Skye',
      'Millie',
      'Amelia',
      'Emily',
      'Rosie',
      'Orla',
    ],
    male: [
      'Lewis',
      'Finlay',
      'Callum',
      'Ruaridh',
      'Oliver',
      'Jack',
      'Harris',
      'Rory',
      'Archie',
      'Fraser',
      'Lachie',
      'Cameron',
    ],
  },
};

export const POLISH_FIRST_NAMES = {
  adult: {
    female: [
      'Agnieszka',
      'Katarzyna',
      'Magdalena',
      'Joanna',
      'Anna',
      'Małgorzata',
      'Ewa',
      'Monika',
      'Marta',
      'Karolina',
    ],
    male: [
      'Piotr',
      'Tomasz',
      'Paweł',
      'Krzysztof',
      'Marcin',
      'Michał',
      'Łukasz',
      'Grzegorz',
      'Adam',
      'Marek',
    ],
  },
  young: {
    female: ['Zofia', 'Julia', 'Maja', 'Lena', 'Hanna', 'Natalia'],
    male: ['Jakub', 'Kacper', 'Szymon', 'Filip', 'Antoni', 'Wojciech'],
  },
} as const;

/** [his form, her form] */
export const POLISH_SURNAMES: readonly (readonly [string, string])[] = [
  ['Nowak', 'Nowak'],
  ['Kowalski', 'Kowalska'],
  ['Wiśniewski', 'Wiśniewska'],
  ['Wójcik', 'Wójcik'],
  ['Kowalczyk', 'Kowalczyk'],
  ['Kamiński', 'Kamińska'],
  ['Lewandowski', 'Lewandowska'],
  ['Zieliński', 'Zielińska'],
  ['Szymański', 'Szymańska'],
  ['Woźniak', 'Woźniak'],
  ['Dąbrowski', 'Dąbrowska'],
  ['Mazur', 'Mazur'],
  ['Krawczyk', 'Krawczyk'],
  ['Jankowski', 'Jankowska'],
];

/** Age bands and their weights: every age group is there, the most people are 50 to 59. */
export const AGE_BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[9, 17], 6],
  [[18, 29], 9],
  [[30, 39], 11],
  [[40, 49], 15],
  [[50, 59], 22],
  [[60, 69], 16],
  [[70, 79], 12],
  [[80, 89], 7],
  [[90, 95], 2],
];

/** Polish members came mostly after 2004: younger, with their children. */
export const POLISH_AGE_BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[9, 17], 15],
  [[18, 29], 20],
  [[30, 44], 40],
  [[45, 59], 20],
  [[60, 70], 5],
];

export const PAUSE_REASONS: readonly string[] = [
  'On holiday',
  'Caring for a relative',
  'Recovering from an operation',
  'Busy with lambing',
  'Away working on the ferries',
  'Exams',
];

export const LEAVE_REASONS: readonly string[] = [
  'Moved away from the area',
  'Moved into a care home',
  'No longer has the time',
  'Moved to the mainland',
];
