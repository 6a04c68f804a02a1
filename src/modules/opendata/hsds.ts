// A timebank's public services in the Open Referral UK shape (HSDS 3.0 UK profile: the paged
// list of /services, each service with its organization, service_areas, service_at_locations
// with their location, schedules and attributes). Three kinds of service:
//   - the timebank itself (organization = the timebank), naming the categories of help on
//     offer only where enough members offer them (counts never shown);
//   - each open, network-visible offer of one of its organisations (organization = it);
//   - each open, network-visible group activity yet to start, if the coordinators chose so.
// Ids are UUIDs derived from the platform's ids, so they stay the same from one read to the next.
import { createHash } from 'node:crypto';
import { SHIPPED } from '../categories/taxonomy.ts';
import type { ActivityRow, OpenTimebankRow, OrganisationOfferRow } from './queries.ts';
import { wallOf } from '../../lib/zone.ts';

/** A stable UUID (version 5 layout) for a name. */
export function stableUuid(name: string): string {
  const h = createHash('sha1').update(`timebank-hsds:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const categoryName = (slug: string) => SHIPPED.get(slug)?.en ?? slug;
const attribute = (owner: string, slug: string) => ({
  id: stableUuid(`attribute:${owner}:${slug}`),
  link_type: 'service',
  taxonomy_term: {
    id: stableUuid(`term:${slug}`),
    code: slug,
    term: categoryName(slug),
    vocabulary: 'timebank-categories',
  },
});
/** A moment's wall-clock time (HH:MM:SS) and day (YYYY-MM-DD) in the timebank's own zone. */
const zonedTime = (zone: string, d: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(d);
const zonedDay = (zone: string, d: Date) => wallOf(zone, d).date;

interface Input {
  tb: OpenTimebankRow;
  baseUrl: string;
  areas: { id: string; name: string }[];
  categories: string[];
  offers: OrganisationOfferRow[];
  activities: ActivityRow[];
}

/** What every service of the timebank shares: its address, organisation and areas. */
function context({ tb, baseUrl, areas }: Input) {
  const joinUrl = `${baseUrl}/join/${tb.network_slug}/${tb.timebank_slug}`;
  const serviceAreas = areas.map((a) => ({
    id: stableUuid(`area:${a.id}`),
    name: a.name,
    service_area: a.name,
    extent_type: null,
  }));
  const areaName = new Map(areas.map((a) => [a.id, a.name]));
  return {
    joinUrl,
    timeZone: tb.time_zone,
    organization: {
      id: tb.timebank_id,
      name: tb.name,
      description: `${tb.name} is a timebank: members swap help by the hour, everyone’s hour worth the same.`,
      website: joinUrl,
    },
    /** The service areas: the one area given, else all of the timebank's. */
    areasOf: (areaId: string | null) =>
      areaId && areaName.has(areaId)
        ? serviceAreas.filter((a) => a.name === areaName.get(areaId))
        : serviceAreas,
    areaName: (areaId: string | null) => (areaId ? areaName.get(areaId) : undefined),
    childOrganization: (id: string, name: string, description: string) => ({
      id,
      name,
      description,
      parent_organization_id: tb.timebank_id,
    }),
  };
}
type Context = ReturnType<typeof context>;

/** The fields every service has, from one of the platform's things. */
function service(c: Context, key: string, name: string, description: string, modified: Date) {
  return {
    id: stableUuid(key),
    name,
    description: description || name,
    url: c.joinUrl,
    status: 'active',
    last_modified: modified.toISOString(),
  };
}

function timebankService(c: Context, input: Input) {
  const { tb, categories } = input;
  const offered = categories.length
    ? ` Help on offer: ${categories.map(categoryName).join(', ')}.`
    : '';
  return {
    ...service(
      c,
      `timebank:${tb.timebank_id}`,
      `${tb.name} timebank`,
      `Join to give and receive help, an hour for an hour.${offered}`,
      tb.updated_at,
    ),
    organization: c.organization,
    service_areas: c.areasOf(null),
    service_at_locations: [],
    schedules: [],
    attributes: categories.map((cat) => attribute(tb.timebank_id, cat)),
  };
}

function offerService(c: Context, o: OrganisationOfferRow) {
  return {
    ...service(c, `offer:${o.id}`, o.title, o.description, o.created_at),
    organization: c.childOrganization(
      o.organisation_id,
      o.organisation_name,
      o.organisation_description ?? o.organisation_name,
    ),
    service_areas: c.areasOf(o.area_id),
    service_at_locations: [],
    schedules: [],
    attributes: [attribute(o.id, o.category_top)],
  };
}

function activityService(c: Context, a: ActivityRow) {
  const place = a.place ?? c.areaName(a.area_id);
  const zone = c.timeZone;
  const [day, opens, closes] = [zonedDay(zone, a.starts_at), zonedTime(zone, a.starts_at), zonedTime(zone, a.ends_at)];
  return {
    ...service(c, `activity:${a.id}`, a.title, a.description, a.created_at),
    organization: a.organisation_id
      ? c.childOrganization(a.organisation_id, a.organisation_name ?? '', a.organisation_name ?? '')
      : c.organization,
    service_areas: c.areasOf(a.area_id),
    service_at_locations: place
      ? [
          {
            id: stableUuid(`sal:${a.id}`),
            location: {
              id: stableUuid(`location:${place}`),
              location_type: 'physical',
              name: place,
              description: a.place ?? '',
            },
          },
        ]
      : [],
    schedules: [
      {
        id: stableUuid(`schedule:${a.id}`),
        valid_from: day,
        valid_to: zonedDay(zone, a.ends_at),
        dtstart: day,
        opens_at: opens,
        closes_at: closes,
        description: `${day} ${opens.slice(0, 5)}–${closes.slice(0, 5)} (${zone} time)`,
      },
    ],
    attributes: [attribute(a.id, a.category_slug.split('.')[0]!)],
  };
}

/** A page of the list: `page` counts from 1; a page past the last is empty. */
export interface Paging {
  page: number;
  perPage: number;
}

export function hsdsServices(input: Input, paging: Paging = { page: 1, perPage: 50 }) {
  const c = context(input);
  const all = [
    timebankService(c, input),
    ...input.offers.map((o) => offerService(c, o)),
    ...input.activities.map((a) => activityService(c, a)),
  ];
  const totalPages = Math.max(1, Math.ceil(all.length / paging.perPage));
  const contents = all.slice((paging.page - 1) * paging.perPage, paging.page * paging.perPage);
  return {
    total_items: all.length,
    total_pages: totalPages,
    page_number: paging.page,
    size: contents.length,
    first_page: paging.page === 1,
    last_page: paging.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}
