import { shortLabel } from "@/lib/leaderboard/format";

export interface CiPoint {
  label: string;
  value: number;
  lower: number;
  upper: number;
}

const ROW = 18,
  LEFT = 190,
  RIGHT = 24,
  TOP = 28,
  BOTTOM = 8,
  WIDTH = 720;

function ticks(min: number, max: number, count = 6): number[] {
  const span = max - min || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max; v += step) out.push(v);
  return out;
}

/** Ratings as points with 95% error bars, one row per model, in the given order (hand-written SVG). */
export function CiChart({
  points,
  title = "Rating with 95% confidence interval",
}: {
  points: CiPoint[];
  title?: string;
}) {
  if (!points.length) return null;
  const finite = points.flatMap((p) => [p.lower, p.upper, p.value]).filter(Number.isFinite);
  let min = Math.min(...finite),
    max = Math.max(...finite);
  if (min === max) [min, max] = [min - 10, max + 10];
  const pad = (max - min) * 0.04;
  min -= pad;
  max += pad;
  const x = (v: number) => LEFT + ((v - min) / (max - min)) * (WIDTH - LEFT - RIGHT);
  const height = TOP + points.length * ROW + BOTTOM;
  return (
    <figure className="max-h-[36rem] overflow-auto rounded border border-zinc-200" data-testid="leaderboard-ci-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        height={height}
        role="img"
        aria-label={title}
        className="text-[11px]"
      >
        <title>{title}</title>
        {ticks(min, max).map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={TOP - 6} y2={height - BOTTOM} stroke="#e4e4e7" />
            <text x={x(t)} y={TOP - 10} textAnchor="middle" fill="#71717a">
              {t}
            </text>
          </g>
        ))}
        {points.map((p, i) => {
          const y = TOP + i * ROW + ROW / 2;
          const lo = Number.isFinite(p.lower) ? p.lower : p.value;
          const hi = Number.isFinite(p.upper) ? p.upper : p.value;
          return (
            <g key={p.label} data-testid="ci-point">
              <title>{`${p.label}: ${p.value.toFixed(0)} (95% CI ${lo.toFixed(0)} – ${hi.toFixed(0)})`}</title>
              <text x={LEFT - 8} y={y + 4} textAnchor="end" fill="#27272a">
                {shortLabel(p.label, 28)}
              </text>
              <line x1={x(lo)} x2={x(hi)} y1={y} y2={y} stroke="#6366f1" strokeWidth={2} />
              <line x1={x(lo)} x2={x(lo)} y1={y - 4} y2={y + 4} stroke="#6366f1" />
              <line x1={x(hi)} x2={x(hi)} y1={y - 4} y2={y + 4} stroke="#6366f1" />
              <circle cx={x(p.value)} cy={y} r={3.5} fill="#312e81" />
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
