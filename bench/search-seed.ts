// The listings the search benchmark runs over, made in the database by generate_series (no
// round trips): BENCH_LISTINGS listings (300,000) in 5 networks. Network 1 is a national network
// of 40 timebanks holding 80 % of them; networks 2 to 5 have 4 timebanks each and the rest (so a
// search must keep to its own network while the indexes hold everyone's). In each timebank 400
// members and 4 areas. 70 % of listings are open, 20 % lapsed, 10 % closed; 30 % are visible to
// the whole network; 12 % are written in Polish, the rest in English. Titles and descriptions are
// drawn from a vocabulary of everyday help, so common words match many listings and rare ones few.

/** Words of titles: what the help is about, in English and in Polish. */
export const THINGS_EN = [
  'garden', 'hedge', 'lawn', 'weeding', 'ironing', 'laundry', 'bedding', 'shopping', 'prescription', 'hospital',
  'doctor', 'dentist', 'airport', 'ferry', 'station', 'computer', 'laptop', 'smartphone', 'tablet', 'email',
  'printer', 'wifi', 'knitting', 'sewing', 'curtains', 'painting', 'wallpaper', 'shelves', 'furniture', 'bicycle',
  'puncture', 'guitar', 'piano', 'violin', 'french', 'spanish', 'gaelic', 'maths', 'homework', 'reading',
  'letters', 'forms', 'benefits', 'taxes', 'cooking', 'baking', 'soup', 'cakes', 'bread', 'jam',
  'dog', 'cat', 'hens', 'sheep', 'ladder', 'drill', 'lawnmower', 'strimmer', 'wheelbarrow', 'tent',
  'kayak', 'projector', 'sewing-machine', 'pressure-washer', 'chainsaw', 'photography', 'camera', 'video', 'website', 'facebook',
  'walking', 'swimming', 'yoga', 'tai-chi', 'chess', 'bridge', 'scrabble', 'crossword', 'poetry', 'history',
  'firewood', 'peat', 'snow', 'gutters', 'windows', 'car', 'tyres', 'boat', 'fishing', 'beekeeping',
  'haircut', 'massage', 'listening', 'company', 'visits', 'phone-calls', 'meals', 'childminding', 'respite', 'tutoring',
];
export const THINGS_PL = [
  'ogród', 'żywopłot', 'trawnik', 'prasowanie', 'pranie', 'zakupy', 'recepta', 'szpital', 'lekarz', 'komputer',
  'telefon', 'drukarka', 'szycie', 'malowanie', 'półki', 'meble', 'rower', 'gitara', 'pianino', 'matematyka',
  'lekcje', 'czytanie', 'listy', 'formularze', 'gotowanie', 'pieczenie', 'zupa', 'ciasto', 'chleb', 'pies',
  'kot', 'drabina', 'wiertarka', 'kosiarka', 'namiot', 'aparat', 'spacery', 'szachy', 'drewno', 'okna',
];
export const FORMS_EN = ['Help with', 'Lift to the', 'Lend a', 'Teach', 'Learn', 'Fix the', 'Company for', 'Collect the', 'Borrow a', 'Advice on'];
export const FORMS_PL = ['Pomoc przy', 'Podwiozę na', 'Pożyczę', 'Nauczę', 'Naprawię', 'Towarzystwo na', 'Odbiorę'];
export const CATEGORIES = [
  'home-garden.gardening', 'home-garden.cleaning', 'home-garden.laundry', 'home-garden.cooking', 'home-garden.pets',
  'transport-errands.lifts', 'transport-errands.shopping', 'transport-errands.prescriptions', 'transport-errands.appointments',
  'companionship.visiting', 'companionship.phone-calls', 'companionship.walks', 'companionship.reading-aloud',
  'learning-teaching.languages', 'learning-teaching.homework', 'learning-teaching.music', 'creative.knitting-sewing',
  'creative.art-craft', 'creative.photography', 'digital-help.phones-tablets', 'digital-help.computers', 'digital-help.online-forms',
  'practical-skills.diy', 'practical-skills.decorating', 'practical-skills.bikes', 'care-of-others.meals', 'care-of-others.respite',
  'health-wellbeing.exercise', 'health-wellbeing.listening', 'lending.tools', 'lending.garden-equipment', 'lending.outdoor',
];

const sqlArray = (xs: readonly string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`;

/** The SQL that fills an empty, migrated database (one script; run it in one transaction). */
export function seedSql(listings: number): string {
  return `
create temporary table bench_tb as
  select n as tb, case when n <= 40 then 1 else 2 + (n - 41) / 4 end as net, gen_random_uuid() as id
  from generate_series(1, 56) n;
create temporary table bench_net as
  select net, gen_random_uuid() as id from (select distinct net from bench_tb) x;
insert into network (id, slug, name) select id, 'bench-' || net, 'Bench network ' || net from bench_net;
insert into timebank (network_id, id, slug, name)
  select n.id, t.id, 'tb-' || t.tb, 'Timebank ' || t.tb from bench_tb t join bench_net n using (net);
create temporary table bench_area as
  select t.tb, a, gen_random_uuid() as id from bench_tb t, generate_series(0, 3) a;
insert into area (network_id, id, timebank_id, name, kind)
  select n.id, a.id, t.id, 'Area ' || a.tb || '-' || a.a, 'village'
  from bench_area a join bench_tb t using (tb) join bench_net n using (net);
create temporary table bench_member as
  select t.tb, m, gen_random_uuid() as person_id, gen_random_uuid() as id from bench_tb t, generate_series(0, 399) m;
insert into person (network_id, id, display_name)
  select n.id, m.person_id, 'Member ' || m.tb || '-' || m.m from bench_member m join bench_tb t using (tb) join bench_net n using (net);
insert into member (network_id, id, timebank_id, person_id, status)
  select n.id, m.id, t.id, m.person_id, 'active' from bench_member m join bench_tb t using (tb) join bench_net n using (net);
create index on bench_member (tb, m);
create index on bench_area (tb, a);

insert into listing (network_id, id, timebank_id, kind, member_id, title, description, category_slug, area_id, mode,
  language, visibility, status, expires_on, created_at, created_by_person_id, closed_at, lapsed_at)
select n.id, gen_random_uuid(), t.id, x.kind, m.id, x.title, x.description, x.category, a.id, x.mode,
  x.lang, x.visibility, x.status,
  case when x.status = 'open' then current_date + 1 + (x.i % 90)::int else current_date - 1 - (x.i % 300)::int end,
  now() - make_interval(mins => (x.i % 525600)::int), m.person_id,
  case when x.status = 'closed' then now() - interval '1 day' end,
  case when x.status = 'lapsed' then now() - interval '1 day' end
from (
  select i, h7,
    case when h7 % 10 < 8 then 1 + (h7 / 10) % 40 else 41 + (h7 / 10) % 16 end as tb,
    h1 % 400 as m,
    h2 % 4 as a,
    case when (h7 / 1000) % 25 < 3 then 'pl' else 'en' end as lang,
    case h3 % 7 when 0 then 'request' when 1 then 'request' when 2 then 'request' when 3 then 'lend' else 'offer' end as kind,
    case h4 % 3 when 0 then 'home' when 1 then 'outside' else 'online' end as mode,
    case when h5 % 10 < 3 then 'network' else 'timebank' end as visibility,
    case when h6 % 10 < 7 then 'open' when h6 % 10 < 9 then 'lapsed' else 'closed' end as status,
    (${sqlArray(CATEGORIES)})[1 + (h1 / 7) % ${CATEGORIES.length}] as category,
    case when (h7 / 1000) % 25 < 3
      then (${sqlArray(FORMS_PL)})[1 + (h2 / 4) % ${FORMS_PL.length}] || ' ' || (${sqlArray(THINGS_PL)})[1 + (h3 / 7) % ${THINGS_PL.length}]
      else (${sqlArray(FORMS_EN)})[1 + (h2 / 4) % ${FORMS_EN.length}] || ' ' || (${sqlArray(THINGS_EN)})[1 + (h3 / 7) % ${THINGS_EN.length}]
        || ' ' || (${sqlArray(THINGS_EN)})[1 + (h4 / 3) % ${THINGS_EN.length}]
    end as title,
    case when (h7 / 1000) % 25 < 3
      then 'Mogę pomóc: ' || (${sqlArray(THINGS_PL)})[1 + (h5 / 10) % ${THINGS_PL.length}] || ', ' || (${sqlArray(THINGS_PL)})[1 + (h6 / 10) % ${THINGS_PL.length}] || '. Najlepiej w weekendy.'
      else 'Happy to help with ' || (${sqlArray(THINGS_EN)})[1 + (h5 / 10) % ${THINGS_EN.length}] || ' and ' || (${sqlArray(THINGS_EN)})[1 + (h6 / 10) % ${THINGS_EN.length}]
        || '. Mornings suit me best; I live near the ' || (${sqlArray(THINGS_EN)})[1 + (h1 / 400) % ${THINGS_EN.length}] || '.'
    end as description
  from generate_series(1::bigint, ${listings}) i,
    -- Each attribute from its own hash of i, so that none goes with another (i modulo small
    -- numbers would tie words, status and visibility together).
    lateral (select hashint8(i) & 2147483647 as h1, hashint8(i + 1000000007) & 2147483647 as h2,
      hashint8(i + 2000000011) & 2147483647 as h3, hashint8(i + 3000000019) & 2147483647 as h4,
      hashint8(i + 4000000007) & 2147483647 as h5, hashint8(i + 5000000003) & 2147483647 as h6,
      hashint8(i + 6000000011) & 2147483647 as h7) h
) x
join bench_tb t on t.tb = x.tb
join bench_net n on n.net = t.net
join bench_member m on m.tb = x.tb and m.m = x.m
join bench_area a on a.tb = x.tb and a.a = x.a;
`;
}
