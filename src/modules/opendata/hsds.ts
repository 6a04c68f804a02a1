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
const londonTime = (d: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(d);
const londonDay = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(d);

interface Input {
  tb: OpenTimebankRow;
  baseUrl: string;
  areas: { id: string; name: string }[];
  categories: string[];
  offers: OrganisationOfferRow[];
  activities: ActivityRow[];
}

export function hsdsServices(input: Input) {
  const { tb, baseUrl, areas } = input;
  const joinUrl = `${baseUrl}/join/${tb.network_slug}/${tb.timebank_slug}`;
  const timebankOrg = {
    id: tb.timebank_id,
    name: tb.name,
    description: `${tb.name} is a timebank: members swap help by the hour, everyone’s hour worth the same.`,
    website: joinUrl,
  };
  const serviceAreas = areas.map((a) => ({
    id: stableUuid(`area:${a.id}`),
    name: a.name,
    service_area: a.name,
    extent_type: null,
  }));
  const areaName = new Map(areas.map((a) => [a.id, a.name]));
  const location = (key: string, name: string, description: string) => [
    {
      id: stableUuid(`sal:${key}`),
      location: {
        id: stableUuid(`location:${name}`),
        location_type: 'physical',
        name,
        description,
      },
    },
  ];
  const main = {
    id: stableUuid(`timebank:${tb.timebank_id}`),
    name: `${tb.name} timebank`,
    description: [
      `Join to give and receive help, an hour for an hour.`,
      input.categories.length
        ? `Help on offer: ${input.categories.map(categoryName).join(', ')}.`
        : '',
    ]
      .filter(Boolean)
      .join(' '),
    url: joinUrl,
    status: 'active',
    last_modified: tb.updated_at.toISOString(),
    organization: timebankOrg,
    service_areas: serviceAreas,
    service_at_locations: [],
    schedules: [],
    attributes: input.categories.map((c) => attribute(tb.timebank_id, c)),
  };
  const offers = input.offers.map((o) => ({
    id: stableUuid(`offer:${o.id}`),
    name: o.title,
    description: o.description || o.title,
    url: joinUrl,
    status: 'active',
    last_modified: o.created_at.toISOString(),
    organization: {
      id: o.organisation_id,
      name: o.organisation_name,
      description: o.organisation_description ?? o.organisation_name,
      parent_organization_id: tb.timebank_id,
    },
    service_areas:
      o.area_id && areaName.has(o.area_id)
        ? serviceAreas.filter((a) => a.name === areaName.get(o.area_id!))
        : serviceAreas,
    service_at_locations: [],
    schedules: [],
    attributes: [attribute(o.id, o.category_top)],
  }));
  const activities = input.activities.map((a) => ({
    id: stableUuid(`activity:${a.id}`),
    name: a.title,
    description: a.description || a.title,
    url: joinUrl,
    status: 'active',
    last_modified: a.created_at.toISOString(),
    organization: a.organisation_id
      ? {
          id: a.organisation_id,
          name: a.organisation_name ?? tb.name,
          description: a.organisation_name ?? tb.name,
          parent_organization_id: tb.timebank_id,
        }
      : timebankOrg,
    service_areas:
      a.area_id && areaName.has(a.area_id)
        ? serviceAreas.filter((x) => x.name === areaName.get(a.area_id!))
        : serviceAreas,
    service_at_locations:
      a.place || a.area_id
        ? location(a.id, a.place ?? areaName.get(a.area_id!) ?? tb.name, a.place ?? '')
        : [],
    schedules: [
      {
        id: stableUuid(`schedule:${a.id}`),
        valid_from: londonDay(a.starts_at),
        valid_to: londonDay(a.ends_at),
        dtstart: londonDay(a.starts_at),
        opens_at: londonTime(a.starts_at),
        closes_at: londonTime(a.ends_at),
        description: `${londonDay(a.starts_at)} ${londonTime(a.starts_at).slice(0, 5)}–${londonTime(a.ends_at).slice(0, 5)} (UK time)`,
      },
    ],
    attributes: [attribute(a.id, a.category_slug.split('.')[0]!)],
  }));
  const contents = [main, ...offers, ...activities];
  return {
    total_items: contents.length,
    total_pages: 1,
    page_number: 1,
    size: contents.length,
    first_page: true,
    last_page: true,
    empty: contents.length === 0,
    contents,
  };
}
