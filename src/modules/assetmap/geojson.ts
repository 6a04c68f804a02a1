// Area boundaries as GeoJSON (RFC 7946): checked before they are stored. A FeatureCollection
// whose features name an area of the timebank (properties.areaId, or properties.name) and are
// Polygons or MultiPolygons of closed rings of [longitude, latitude]; no two areas may overlap
// (sharing a border is fine). Every refusal names the path of the bad part.
import { area } from '@turf/area';
import { featureCollection, feature as turfFeature } from '@turf/helpers';
import { intersect } from '@turf/intersect';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { FieldError } from '../../lib/errors.ts';

export const FEATURES_MAX = 500;
export const POSITIONS_MAX = 200_000;
/** Two areas sharing more than this many square metres overlap (less is rounding on a shared border). */
export const OVERLAP_M2_MIN = 1;

export type AreaGeometry = Polygon | MultiPolygon;

export interface BoundaryFeature {
  /** The area as the feature named it. */
  areaRef: { areaId: string } | { name: string };
  geometry: AreaGeometry;
  bbox: [number, number, number, number];
  /** Where it was in the upload, for error paths. */
  index: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A ring: at least four positions, closed, each [lon, lat] in range. */
function checkRing(ring: unknown, path: string, errors: FieldError[], count: { n: number }): void {
  if (!Array.isArray(ring) || ring.length < 4) {
    errors.push({ path, message: 'a ring is an array of at least four positions' });
    return;
  }
  for (let i = 0; i < ring.length; i++) {
    const pos = ring[i];
    count.n++;
    if (!Array.isArray(pos) || pos.length < 2 || pos.length > 3 || !pos.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      errors.push({ path: `${path}/${i}`, message: 'a position is [longitude, latitude]' });
      return;
    }
    if (pos[0] < -180 || pos[0] > 180 || pos[1] < -90 || pos[1] > 90) {
      errors.push({ path: `${path}/${i}`, message: 'longitude from -180 to 180 and latitude from -90 to 90' });
      return;
    }
  }
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1]) errors.push({ path, message: 'a ring must be closed: its last position the same as its first' });
}

function checkPolygon(coords: unknown, path: string, errors: FieldError[], count: { n: number }): void {
  if (!Array.isArray(coords) || coords.length < 1) {
    errors.push({ path, message: 'a polygon is an array of rings (the outer ring first)' });
    return;
  }
  coords.forEach((ring, i) => {
    checkRing(ring, `${path}/${i}`, errors, count);
  });
}

function checkGeometry(g: unknown, path: string, errors: FieldError[], count: { n: number }): g is AreaGeometry {
  if (!isObject(g)) {
    errors.push({ path, message: 'a geometry object' });
    return false;
  }
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    errors.push({ path: `${path}/type`, message: `not a polygon (${String(g.type)}): areas are Polygon or MultiPolygon` });
    return false;
  }
  const before = errors.length;
  if (g.type === 'Polygon') checkPolygon(g.coordinates, `${path}/coordinates`, errors, count);
  else if (!Array.isArray(g.coordinates) || g.coordinates.length < 1) errors.push({ path: `${path}/coordinates`, message: 'a multipolygon is an array of polygons' });
  else {
    g.coordinates.forEach((poly, i) => {
      checkPolygon(poly, `${path}/coordinates/${i}`, errors, count);
    });
  }
  return errors.length === before;
}

function bboxOf(g: AreaGeometry): [number, number, number, number] {
  const box: [number, number, number, number] = [180, 90, -180, -90];
  const polys: Position[][][] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polys)
    for (const ring of poly)
      for (const [lon, lat] of ring) {
        box[0] = Math.min(box[0], lon!);
        box[1] = Math.min(box[1], lat!);
        box[2] = Math.max(box[2], lon!);
        box[3] = Math.max(box[3], lat!);
      }
  return box;
}

function areaRefOf(props: unknown, path: string, errors: FieldError[]): BoundaryFeature['areaRef'] | null {
  if (isObject(props) && typeof props.areaId === 'string') return { areaId: props.areaId };
  if (isObject(props) && typeof props.name === 'string' && props.name.trim()) return { name: props.name.trim() };
  errors.push({ path, message: 'name the area: properties.areaId or properties.name' });
  return null;
}

/** The features of an upload, or the errors with their paths (base: "/body/geojson"). */
export function parseBoundaries(geojson: unknown, base = '/body/geojson'): { features: BoundaryFeature[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!isObject(geojson) || geojson.type !== 'FeatureCollection') return { features: [], errors: [{ path: `${base}/type`, message: 'a GeoJSON FeatureCollection' }] };
  const list = geojson.features;
  if (!Array.isArray(list) || list.length < 1 || list.length > FEATURES_MAX) {
    return { features: [], errors: [{ path: `${base}/features`, message: `an array of 1 to ${FEATURES_MAX} features` }] };
  }
  const features: BoundaryFeature[] = [];
  const count = { n: 0 };
  list.forEach((f, i) => {
    const path = `${base}/features/${i}`;
    if (!isObject(f) || f.type !== 'Feature') {
      errors.push({ path: `${path}/type`, message: 'a GeoJSON Feature' });
      return;
    }
    const ref = areaRefOf(f.properties, `${path}/properties`, errors);
    if (checkGeometry(f.geometry, `${path}/geometry`, errors, count) && ref) {
      const geometry = f.geometry as AreaGeometry;
      features.push({ areaRef: ref, geometry, bbox: bboxOf(geometry), index: i });
    }
  });
  if (count.n > POSITIONS_MAX) errors.push({ path: `${base}/features`, message: `at most ${POSITIONS_MAX} positions in all` });
  return { features, errors };
}

const boxesMeet = (a: BoundaryFeature['bbox'], b: BoundaryFeature['bbox']) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** The square metres two area geometries share (0 when they only touch or are apart). */
export function sharedArea(a: AreaGeometry, b: AreaGeometry): number {
  const common = intersect(featureCollection([turfFeature(a), turfFeature(b)]) as Parameters<typeof intersect>[0]);
  return common ? area(common) : 0;
}

/** Errors for each feature overlapping an earlier one (and for a geometry too broken to compare). */
export function overlapErrors(features: readonly BoundaryFeature[], base = '/body/geojson'): FieldError[] {
  const errors: FieldError[] = [];
  for (let j = 0; j < features.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = features[i]!;
      const b = features[j]!;
      if (!boxesMeet(a.bbox, b.bbox)) continue;
      let shared: number;
      try {
        shared = sharedArea(a.geometry, b.geometry);
      } catch {
        errors.push({ path: `${base}/features/${b.index}/geometry`, message: 'the polygon crosses itself: it cannot be compared with the others' });
        break;
      }
      if (shared > OVERLAP_M2_MIN) {
        errors.push({ path: `${base}/features/${b.index}/geometry`, message: `overlaps features/${a.index} by about ${Math.round(shared)} square metres: areas must not overlap` });
        break;
      }
    }
  }
  return errors;
}
