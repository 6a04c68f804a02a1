// The geographic map's shapes from the map's figures and the area boundaries: each area's value
// for the chosen figure (people in need, people offering, or need without capability) in one
// category or all, and the box around every area.
import type { AreaGeometry } from '../../modules/assetmap/geojson.ts';
import type { T } from '../i18n/i18n.ts';
import type { MapShape } from './geo.tsx';
import { fmt, type MapData } from './pages.tsx';

export type Metric = 'need' | 'capability' | 'gap';

interface Boundary {
  area_id: string;
  area_name: string;
  geometry: unknown;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
}

export function geoShapes(t: T, m: MapData, boundaries: readonly Boundary[], metric: Metric, category: string) {
  const sums = new Map<string, { need: number; cap: number; suppressed: boolean }>();
  for (const c of m.cells) {
    if (category && c.category !== category) continue;
    const s = sums.get(c.areaId) ?? { need: 0, cap: 0, suppressed: false };
    s.need += c.needPeople.value ?? 0;
    s.cap += c.peopleOffering.value ?? 0;
    s.suppressed ||= c.needPeople.suppressed || c.peopleOffering.suppressed;
    sums.set(c.areaId, s);
  }
  const shapes: MapShape[] = boundaries.map((b) => {
    const s = sums.get(b.area_id) ?? { need: 0, cap: 0, suppressed: false };
    const value = metric === 'need' ? s.need : metric === 'capability' ? s.cap : Math.max(0, s.need - s.cap);
    // A public map adds suppressed counts as nothing: its figure is then at least the shown one.
    const shown = s.suppressed && m.audience === 'public' ? `${fmt(t, { value, suppressed: false })}+` : String(value);
    return {
      areaId: b.area_id,
      name: b.area_name,
      geometry: b.geometry as AreaGeometry,
      value,
      label: t('assetmap.geoArea', { area: b.area_name, value: shown }),
      centre: [(b.min_lon + b.max_lon) / 2, (b.min_lat + b.max_lat) / 2],
    };
  });
  const bbox: [number, number, number, number] | null = boundaries.length
    ? [Math.min(...boundaries.map((b) => b.min_lon)), Math.min(...boundaries.map((b) => b.min_lat)), Math.max(...boundaries.map((b) => b.max_lon)), Math.max(...boundaries.map((b) => b.max_lat))]
    : null;
  return { shapes, bbox };
}
