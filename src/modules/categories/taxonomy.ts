// The category taxonomy shipped with the product: two levels, names in English and Polish,
// stable slugs ("top" and "top.sub"). Timebanks never copy it: they store overrides and their
// own subcategories (timebank_category), so an improved default reaches every timebank.

export interface ShippedCategory {
  slug: string;
  en: string;
  pl: string;
  /** Years; none when absent. */
  minimumAge?: number;
  /** Whether a safeguarding check is normally needed for this kind of help. */
  checkNeeded?: boolean;
}

export interface ShippedTop extends ShippedCategory {
  subs: ShippedCategory[];
}

/** A top-level slug, or "top.sub". The migration checks the same form. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,40}(\.[a-z0-9][a-z0-9-]{0,40})?$/;

const sub = (slug: string, en: string, pl: string, extra: Partial<ShippedCategory> = {}): ShippedCategory => ({ slug, en, pl, ...extra });

export const TAXONOMY: readonly ShippedTop[] = [
  {
    slug: 'home-garden',
    en: 'Home and garden',
    pl: 'Dom i ogród',
    subs: [
      sub('gardening', 'Gardening', 'Ogrodnictwo'),
      sub('cleaning', 'Cleaning and tidying', 'Sprzątanie'),
      sub('laundry', 'Laundry and bedding', 'Pranie i pościel'),
      sub('cooking', 'Cooking and baking', 'Gotowanie i pieczenie'),
      sub('pets', 'Pet care and dog walking', 'Opieka nad zwierzętami i spacery z psem'),
      sub('house-sitting', 'House-sitting', 'Pilnowanie domu'),
    ],
  },
  {
    slug: 'transport-errands',
    en: 'Transport and errands',
    pl: 'Transport i sprawunki',
    subs: [
      sub('lifts', 'Lifts by car', 'Podwożenie samochodem', { minimumAge: 18 }),
      sub('shopping', 'Shopping', 'Zakupy'),
      sub('prescriptions', 'Collecting prescriptions', 'Odbiór leków'),
      sub('appointments', 'Going along to appointments', 'Towarzyszenie podczas wizyt', { minimumAge: 18 }),
      sub('deliveries', 'Deliveries and parcels', 'Dostawy i paczki'),
    ],
  },
  {
    slug: 'companionship',
    en: 'Companionship',
    pl: 'Towarzystwo',
    subs: [
      sub('visiting', 'Visiting at home', 'Odwiedziny w domu', { minimumAge: 16, checkNeeded: true }),
      sub('phone-calls', 'Friendly phone calls', 'Rozmowy telefoniczne'),
      sub('walks', 'Walks and outings', 'Spacery i wycieczki'),
      sub('reading-aloud', 'Reading aloud', 'Czytanie na głos'),
      sub('letters', 'Letters and forms', 'Listy i formularze'),
    ],
  },
  {
    slug: 'learning-teaching',
    en: 'Learning and teaching',
    pl: 'Nauka i nauczanie',
    subs: [
      sub('languages', 'Languages', 'Języki obce'),
      sub('translation', 'Translation and interpreting', 'Tłumaczenia'),
      sub('homework', 'Homework help', 'Pomoc w lekcjach', { minimumAge: 16, checkNeeded: true }),
      sub('music', 'Music lessons', 'Lekcje muzyki'),
      sub('adult-learning', 'Reading, writing and numbers', 'Czytanie, pisanie i liczenie'),
    ],
  },
  {
    slug: 'creative',
    en: 'Creative',
    pl: 'Twórczość',
    subs: [
      sub('knitting-sewing', 'Knitting and sewing', 'Dziewiarstwo i szycie'),
      sub('art-craft', 'Art and craft', 'Sztuka i rękodzieło'),
      sub('photography', 'Photography', 'Fotografia'),
      sub('writing', 'Writing and certificates', 'Pisanie i dyplomy'),
      sub('performing', 'Music and performing', 'Muzyka i występy'),
    ],
  },
  {
    slug: 'digital-help',
    en: 'Digital help',
    pl: 'Pomoc cyfrowa',
    subs: [
      sub('phones-tablets', 'Phones and tablets', 'Telefony i tablety'),
      sub('computers', 'Computers', 'Komputery'),
      sub('online-forms', 'Online forms and accounts', 'Formularze i konta w internecie'),
      sub('video-calls', 'Video calls', 'Rozmowy wideo'),
      sub('websites', 'Websites and social media', 'Strony internetowe i media społecznościowe'),
    ],
  },
  {
    slug: 'practical-skills',
    en: 'Practical skills',
    pl: 'Umiejętności praktyczne',
    subs: [
      sub('diy', 'DIY and small repairs', 'Drobne naprawy', { minimumAge: 16 }),
      sub('decorating', 'Painting and decorating', 'Malowanie i dekorowanie'),
      sub('bikes', 'Bike repairs', 'Naprawa rowerów'),
      sub('mending', 'Mending clothes', 'Cerowanie ubrań'),
      sub('admin', 'Paperwork and admin', 'Papierkowa robota'),
    ],
  },
  {
    slug: 'care-of-others',
    en: 'Care of others',
    pl: 'Opieka nad innymi',
    subs: [
      sub('childcare', 'Childcare and babysitting', 'Opieka nad dziećmi', { minimumAge: 18, checkNeeded: true }),
      sub('respite', 'A break for carers', 'Wytchnienie dla opiekunów', { minimumAge: 18, checkNeeded: true }),
      sub('personal-care', 'Personal care', 'Opieka osobista', { minimumAge: 18, checkNeeded: true }),
      sub('meals', 'Meals for someone', 'Posiłki dla kogoś'),
    ],
  },
  {
    slug: 'health-wellbeing',
    en: 'Health and wellbeing',
    pl: 'Zdrowie i dobre samopoczucie',
    subs: [
      sub('exercise', 'Exercise and movement', 'Ćwiczenia i ruch'),
      sub('listening', 'A listening ear', 'Wysłuchanie'),
      sub('relaxation', 'Relaxation and mindfulness', 'Relaks i uważność'),
      sub('healthy-cooking', 'Healthy eating', 'Zdrowe odżywianie'),
    ],
  },
  {
    slug: 'lending',
    en: 'Lending tools and equipment',
    pl: 'Wypożyczanie narzędzi i sprzętu',
    subs: [
      sub('tools', 'Tools', 'Narzędzia'),
      sub('garden-equipment', 'Garden equipment', 'Sprzęt ogrodowy'),
      sub('kitchen', 'Kitchen equipment', 'Sprzęt kuchenny'),
      sub('mobility', 'Mobility aids', 'Sprzęt ułatwiający poruszanie się'),
      sub('outdoor', 'Camping and outdoor gear', 'Sprzęt turystyczny'),
    ],
  },
].map((top) => ({ ...top, subs: top.subs.map((s) => ({ ...s, slug: `${top.slug}.${s.slug}` })) }));

/** Every shipped category by slug, top levels and subcategories. */
export const SHIPPED: ReadonlyMap<string, ShippedCategory & { parent: string | null }> = new Map(
  TAXONOMY.flatMap((top): [string, ShippedCategory & { parent: string | null }][] => [
    [top.slug, { slug: top.slug, en: top.en, pl: top.pl, parent: null }],
    ...top.subs.map((s): [string, ShippedCategory & { parent: string | null }] => [s.slug, { ...s, parent: top.slug }]),
  ]),
);

/** Help with a hospital appointment, which a member restricted to "no hospital appointments"
 * may not give: the shipped "going along to appointments" category, or "hospital" ("szpital")
 * in what is asked. Matching rules such helpers out; an exchange refuses them. */
const HOSPITAL_SLUGS: readonly string[] = ['transport-errands.appointments'];
const HOSPITAL_WORDS = /hospital|szpital/i;
export function isHospitalAppointment(slug: string, text: string): boolean {
  return HOSPITAL_SLUGS.includes(slug) || HOSPITAL_WORDS.test(text);
}

export const parentOf = (slug: string): string | null => (slug.includes('.') ? slug.slice(0, slug.indexOf('.')) : null);

const POLISH: Record<string, string> = { ą: 'a', ć: 'c', ę: 'e', ł: 'l', ń: 'n', ó: 'o', ś: 's', ź: 'z', ż: 'z' };

/** The slug part of a name: "Łódź rowing!" → "lodz-rowing". */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[ąćęłńóśźż]/g, (c) => POLISH[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 36)
    .replace(/-+$/, '');
}
