// A small line chart drawn on the server as SVG: the measured values over the periods, the
// target of each period and the baseline ("turn the curve"). No script; the table beside it
// carries the same figures for anyone who cannot see the chart.
import type { T } from '../i18n/i18n.ts';

export interface ChartPoint {
  label: string;
  value: number | null;
  target: number | null;
}

const W = 480;
const H = 200;
const PAD = { left: 48, right: 16, top: 16, bottom: 32 };

/** A scale with some room above the highest figure (targets included), from 0 unless a figure is negative. */
function scale(points: ChartPoint[], baseline: number | null) {
  const all = points.flatMap((p) => [p.value, p.target]).concat(baseline);
  const nums = all.filter((v): v is number => v !== null);
  const max = Math.max(1, ...nums);
  const min = Math.min(0, ...nums);
  const span = (max - min) * 1.1 || 1;
  const x = (i: number) => PAD.left + (points.length <= 1 ? (W - PAD.left - PAD.right) / 2 : (i * (W - PAD.left - PAD.right)) / (points.length - 1));
  const y = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - (v - min) / span);
  return { x, y, max: min + span, min };
}

const path = (pts: [number, number][]) => pts.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`).join(' ');

export function LineChart({ id, title, points, baseline, t }: { id: string; title: string; points: ChartPoint[]; baseline: number | null; t: T }) {
  const s = scale(points, baseline);
  const measured = points.flatMap((p, i) => (p.value === null ? [] : [[s.x(i), s.y(p.value)] as [number, number]]));
  const targets = points.flatMap((p, i) => (p.target === null ? [] : [[s.x(i), s.y(p.target)] as [number, number]]));
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{t('outcomes.chart.desc')}</desc>
      <line x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} stroke="currentColor" />
      <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} stroke="currentColor" />
      <text x={PAD.left - 6} y={s.y(s.max) + 4} textAnchor="end" fontSize="11">
        {Math.round(s.max)}
      </text>
      <text x={PAD.left - 6} y={H - PAD.bottom + 4} textAnchor="end" fontSize="11">
        {Math.round(s.min)}
      </text>
      {points.map((p, i) => (
        <text key={p.label} x={s.x(i)} y={H - PAD.bottom + 18} textAnchor="middle" fontSize="11">
          {p.label}
        </text>
      ))}
      {baseline !== null ? <line x1={PAD.left} y1={s.y(baseline)} x2={W - PAD.right} y2={s.y(baseline)} stroke="#6f777b" strokeDasharray="2 4" /> : null}
      {targets.length ? <path d={path(targets)} fill="none" stroke="#00703c" strokeDasharray="6 4" strokeWidth="2" /> : null}
      {targets.map(([px, py]) => (
        <rect key={`t${px}`} x={px - 4} y={py - 4} width="8" height="8" fill="#00703c" />
      ))}
      {measured.length ? <path d={path(measured)} fill="none" stroke="#1d70b8" strokeWidth="3" /> : null}
      {measured.map(([px, py]) => (
        <circle key={`m${px}`} cx={px} cy={py} r="4" fill="#1d70b8" />
      ))}
    </svg>
  );
}
