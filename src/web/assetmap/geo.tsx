// The geographic map, drawn on the server: area polygons projected with Web Mercator into one
// SVG, coloured by a figure, each with its name and value as a title. With a tile server
// configured, the tiles of the zoom that fits are laid under it as plain images, at the same
// pixel coordinates; with none, the SVG alone is the map. No script either way.
import type { Position } from 'geojson';
import type { AreaGeometry } from '../../modules/assetmap/geojson.ts';

const TILE = 256;
/** The map fits in about this many pixels across. */
export const MAP_WIDTH = 720;
export const MAP_HEIGHT = 540;
const PADDING = 16;

/** World pixel coordinates of a position at a zoom level (Web Mercator, as the tile servers use). */
export function project([lon, lat]: Position, zoom: number): [number, number] {
  const scale = TILE * 2 ** zoom;
  const clamped = Math.max(-85.05112878, Math.min(85.05112878, lat!));
  const s = Math.sin((clamped * Math.PI) / 180);
  return [((lon! + 180) / 360) * scale, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale];
}

/** The largest zoom (0..18) at which the box fits the map. */
export function fitZoom(bbox: [number, number, number, number]): number {
  for (let z = 18; z > 0; z--) {
    const [x0, y1] = project([bbox[0], bbox[1]], z);
    const [x1, y0] = project([bbox[2], bbox[3]], z);
    if (x1 - x0 <= MAP_WIDTH - 2 * PADDING && y1 - y0 <= MAP_HEIGHT - 2 * PADDING) return z;
  }
  return 0;
}

export interface MapShape {
  areaId: string;
  name: string;
  geometry: AreaGeometry;
  /** What the area is coloured by, and its words. */
  value: number;
  label: string;
  /** Where its label goes: the middle of its box. */
  centre: [number, number];
}

function pathOf(g: AreaGeometry, zoom: number, ox: number, oy: number): string {
  const polys: Position[][][] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys
    .flatMap((poly) =>
      poly.map(
        (ring) =>
          `M${ring
            .map((pos) => {
              const [x, y] = project(pos, zoom);
              return `${(x - ox).toFixed(1)},${(y - oy).toFixed(1)}`;
            })
            .join('L')}Z`,
      ),
    )
    .join('');
}

/** A colour from pale to dark for value/max (0 white-ish, 1 dark), in the one hue. */
export function shade(value: number, max: number, hue: number): string {
  const f = max > 0 ? Math.max(0, Math.min(1, value / max)) : 0;
  return `hsl(${hue} 70% ${Math.round(95 - f * 55)}%)`;
}

/** The tile URL of a template ({z}, {x}, {y}). */
const tileUrl = (template: string, z: number, x: number, y: number) => template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));

export function GeoMap(props: { shapes: MapShape[]; bbox: [number, number, number, number]; title: string; hue: number; tileTemplate?: string | undefined }) {
  const { shapes, bbox, hue } = props;
  const zoom = fitZoom(bbox);
  const [x0, y1] = project([bbox[0], bbox[1]], zoom);
  const [x1, y0] = project([bbox[2], bbox[3]], zoom);
  // The view: the areas in the middle of a MAP_WIDTH x MAP_HEIGHT frame.
  const ox = Math.floor((x0 + x1) / 2 - MAP_WIDTH / 2);
  const oy = Math.floor((y0 + y1) / 2 - MAP_HEIGHT / 2);
  const max = Math.max(0, ...shapes.map((s) => s.value));
  const tiles: { x: number; y: number }[] = [];
  if (props.tileTemplate) {
    const n = 2 ** zoom;
    for (let tx = Math.floor(ox / TILE); tx <= Math.floor((ox + MAP_WIDTH) / TILE); tx++)
      for (let ty = Math.floor(oy / TILE); ty <= Math.floor((oy + MAP_HEIGHT) / TILE); ty++) if (ty >= 0 && ty < n) tiles.push({ x: tx, y: ty });
  }
  const n = 2 ** zoom;
  return (
    <div className="geo-map" style={{ position: 'relative', width: `${MAP_WIDTH}px`, maxWidth: '100%', height: `${MAP_HEIGHT}px`, overflow: 'hidden', border: '1px solid #b1b4b6' }}>
      {tiles.map((t) => (
        <img
          key={`${t.x}/${t.y}`}
          src={tileUrl(props.tileTemplate!, zoom, ((t.x % n) + n) % n, t.y)}
          alt=""
          width={TILE}
          height={TILE}
          style={{ position: 'absolute', left: `${t.x * TILE - ox}px`, top: `${t.y * TILE - oy}px` }}
        />
      ))}
      <svg role="img" aria-labelledby="geo-map-title" viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`} width={MAP_WIDTH} height={MAP_HEIGHT} style={{ position: 'absolute', left: 0, top: 0 }}>
        <title id="geo-map-title">{props.title}</title>
        {shapes.map((s) => (
          <path key={s.areaId} d={pathOf(s.geometry, zoom, ox, oy)} fill={shade(s.value, max, hue)} fillOpacity={props.tileTemplate ? 0.7 : 1} stroke="#0b0c0c" strokeWidth={1.5} fillRule="evenodd">
            <title>{s.label}</title>
          </path>
        ))}
        {shapes.map((s) => {
          const [cx, cy] = project(s.centre, zoom);
          return (
            <text key={`${s.areaId}-label`} x={(cx - ox).toFixed(1)} y={(cy - oy).toFixed(1)} textAnchor="middle" fontSize="13" fill="#0b0c0c">
              {s.label}
            </text>
          );
        })}
      </svg>
    </div>
  );
}
