/** Mean score per category and model as grouped SVG bars (0–10). */
const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563"];

export function EvalCategoryChart({ means }: { means: Map<string, Map<string, number>> }) {
  const models = [...means.keys()];
  const categories = [...new Set(models.flatMap((m) => [...means.get(m)!.keys()]))].sort();
  if (!categories.length) return null;
  const barW = 14;
  const groupW = models.length * barW + 16;
  const h = 160;
  const top = 10;
  const width = 40 + categories.length * groupW;
  const y = (v: number) => top + h - (v / 10) * h;
  return (
    <figure className="space-y-1" data-testid="eval-category-chart">
      <svg role="img" aria-label="Mean score per category" width={width} height={h + 50} className="max-w-full">
        {[0, 5, 10].map((t) => (
          <g key={t}>
            <line x1={30} x2={width} y1={y(t)} y2={y(t)} stroke="#e4e4e7" />
            <text x={24} y={y(t) + 4} fontSize={10} textAnchor="end" fill="#71717a">
              {t}
            </text>
          </g>
        ))}
        {categories.map((c, ci) => (
          <g key={c} transform={`translate(${36 + ci * groupW},0)`}>
            {models.map((m, mi) => {
              const v = means.get(m)!.get(c);
              if (v === undefined) return null;
              return (
                <rect
                  key={m}
                  data-testid="eval-chart-bar"
                  data-model={m}
                  data-category={c}
                  data-value={v}
                  x={mi * barW}
                  y={y(v)}
                  width={barW - 2}
                  height={top + h - y(v)}
                  fill={COLORS[mi % COLORS.length]}
                >
                  <title>{`${m} · ${c}: ${v.toFixed(2)}`}</title>
                </rect>
              );
            })}
            <text x={(models.length * barW) / 2} y={top + h + 14} fontSize={10} textAnchor="middle" fill="#3f3f46">
              {c}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="flex flex-wrap gap-3 text-xs">
        {models.map((m, i) => (
          <span key={m} className="inline-flex items-center gap-1">
            <span className="inline-block h-2 w-2" style={{ background: COLORS[i % COLORS.length] }} />
            {m}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
