// What a year in the demo's timebanks is made of: the kinds of help people trade (from the
// seed post: grass-cutting, shopping, ironing, lifts, internet searches, guitar lessons…), the
// group activities the community pot pays for, and what the organisations do.

/**
 * Starter minutes a new member's account gets from the community pot, by timebank: some
 * timebanks give them, most do not.
 */
export const STARTER_MINUTES_BY_TIMEBANK: Readonly<Record<string, number>> = {
  cowal: 120,
  'islay-jura': 60,
};

export interface Category {
  name: string;
  /** How often, relatively. */
  weight: number;
  /** Minutes of a typical exchange: [min, max], in quarter hours. */
  minutes: readonly [number, number];
  memos: readonly string[];
  /** Givers must be at least this old (lifts need a driver). */
  giverAgeMin: number;
}

export const CATEGORIES: readonly Category[] = [
  {
    name: 'gardening',
    weight: 14,
    minutes: [60, 180],
    memos: [
      'Grass cutting',
      'Weeding the front garden',
      'Advice on pruning apple trees',
      'Digging the vegetable patch',
    ],
    giverAgeMin: 14,
  },
  {
    name: 'shopping',
    weight: 12,
    minutes: [30, 60],
    memos: ['Picked up the shopping', 'Collected a prescription', 'Shopping from the Co-op'],
    giverAgeMin: 16,
  },
  {
    name: 'ironing',
    weight: 7,
    minutes: [60, 120],
    memos: ['A pile of ironing', 'Ironing and folding'],
    giverAgeMin: 16,
  },
  {
    name: 'lifts',
    weight: 9,
    minutes: [60, 240],
    memos: ['Lift to a hospital appointment', 'Lift to the ferry', 'Lift to the GP surgery'],
    giverAgeMin: 21,
  },
  {
    name: 'computer help',
    weight: 10,
    minutes: [30, 90],
    memos: [
      'An internet search',
      'Help ordering online',
      'Setting up a tablet',
      'Searching holiday destinations',
    ],
    giverAgeMin: 12,
  },
  {
    name: 'housework',
    weight: 9,
    minutes: [60, 120],
    memos: [
      'Hoovering and changing the bedding',
      'Cleaning the kitchen cupboards',
      'Spring cleaning',
    ],
    giverAgeMin: 14,
  },
  {
    name: 'cooking',
    weight: 5,
    minutes: [60, 120],
    memos: ['Cooking advice', 'Batch of soup for the freezer', 'Baking for a birthday'],
    giverAgeMin: 14,
  },
  {
    name: 'sewing',
    weight: 4,
    minutes: [30, 90],
    memos: ['Shortening trousers', 'Mending a coat', 'Taking in a dress'],
    giverAgeMin: 16,
  },
  {
    name: 'lessons',
    weight: 5,
    minutes: [30, 60],
    memos: [
      'Guitar lesson',
      'Help with homework',
      'Help with a school project',
      'Gaelic conversation',
    ],
    giverAgeMin: 16,
  },
  {
    name: 'befriending',
    weight: 6,
    minutes: [60, 90],
    memos: ['A visit and a cup of tea', 'Walk along the front', 'Phone call and a chat'],
    giverAgeMin: 16,
  },
  {
    name: 'repairs',
    weight: 5,
    minutes: [60, 180],
    memos: ['Putting up shelves', 'Painting the kitchen', 'Fixing a dripping tap'],
    giverAgeMin: 18,
  },
  {
    name: 'pet care',
    weight: 4,
    minutes: [30, 60],
    memos: ['Dog walking', 'Feeding the cat while away'],
    giverAgeMin: 12,
  },
  {
    name: 'waiting in',
    weight: 3,
    minutes: [60, 180],
    memos: ['Waiting in for a parcel delivery', 'Waiting in for the plumber'],
    giverAgeMin: 18,
  },
  {
    name: 'child care',
    weight: 3,
    minutes: [60, 180],
    memos: ['Looking after the children after school', 'Babysitting'],
    giverAgeMin: 18,
  },
  {
    name: 'admin help',
    weight: 4,
    minutes: [30, 120],
    memos: [
      'Photocopying',
      'Designing a leaflet',
      'Help filling in a form',
      'Help publishing a book',
    ],
    giverAgeMin: 14,
  },
];

export interface ActivitySpec {
  memo: string;
  category: string;
}

export const ACTIVITIES: readonly ActivitySpec[] = [
  { memo: 'Baking shortbread for the gala', category: 'baking' },
  { memo: 'Beach clean', category: 'environment' },
  { memo: 'Drop-in coffee morning', category: 'drop-in' },
  { memo: 'Community garden day', category: 'gardening' },
  { memo: 'Christmas lunch for older members', category: 'events' },
  { memo: 'Litter pick', category: 'environment' },
  { memo: 'Helping at the summer fete', category: 'events' },
];

/** What the organisations buy with time credits, and sell for them. */
export const CAFE_SALE = { category: 'cafe', memo: 'Teas and coffees', minutes: 30 } as const;
export const ORGANISATION_NEEDS: readonly { category: string; memo: string; minutes: number }[] = [
  { category: 'window cleaning', memo: 'Window cleaning', minutes: 60 },
  { category: 'admin help', memo: 'Help with publicity', minutes: 90 },
  { category: 'repairs', memo: 'Fixing the hall chairs', minutes: 120 },
  { category: 'cooking', memo: 'Cooking for the lunch club', minutes: 120 },
  { category: 'lifts', memo: 'Driving members to the lunch club', minutes: 90 },
];
