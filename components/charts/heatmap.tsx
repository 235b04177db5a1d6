import { shortLabel } from "@/lib/leaderboard/format";

export interface HeatmapProps<T> {
  title: string;
  /** Row/column labels (already ordered). */
  labels: string[];
  matrix: T[][];
  color: (v: T) => string;
  /** Text inside a cell (kept short) and in its tooltip. */
  cellText: (v: T) => string;
  tooltip: (row: string, col: string, v: T) => string;
  /** Only the first `limit` labels are drawn; a note says so. */
  limit?: number;
  testId?: string;
}

const CELL = 26,
  LABEL = 170;

/** Square matrix as an SVG heatmap: scrolls when large, tooltips via <title>, top-N limit with a note. */
export function Heatmap<T>({ title, labels, matrix, color, cellText, tooltip, limit = 40, testId }: HeatmapProps<T>) {
  const n = Math.min(labels.length, limit);
  if (n === 0) return null;
  const shown = labels.slice(0, n);
  const size = LABEL + n * CELL + 4;
  const width = size + LABEL / 2; // room for the last rotated column labels
  return (
    <figure className="space-y-1" data-testid={testId}>
      <figcaption className="text-sm font-medium text-zinc-700">{title}</figcaption>
      {labels.length > n && (
        <p className="text-xs text-zinc-500" data-testid={testId ? `${testId}-note` : undefined}>
          Showing the top {n} of {labels.length} models by rating.
        </p>
      )}
      <div className="max-h-[40rem] max-w-full overflow-auto rounded border border-zinc-200">
        <svg
          viewBox={`0 0 ${width} ${size}`}
          width={width}
          height={size}
          role="img"
          aria-label={title}
          className="text-[10px]"
        >
          <title>{title}</title>
          {shown.map((label, j) => (
            <text
              key={`c-${label}`}
              transform={`translate(${LABEL + j * CELL + CELL / 2 + 3},${LABEL - 6}) rotate(-60)`}
              fill="#27272a"
            >
              {shortLabel(label)}
            </text>
          ))}
          {shown.map((row, i) => (
            <g key={`r-${row}`}>
              <text x={LABEL - 6} y={LABEL + i * CELL + CELL / 2 + 3} textAnchor="end" fill="#27272a">
                {shortLabel(row)}
              </text>
              {shown.map((col, j) => {
                const v = matrix[i][j];
                const text = i === j ? "" : cellText(v);
                return (
                  <g key={col}>
                    <rect
                      x={LABEL + j * CELL}
                      y={LABEL + i * CELL}
                      width={CELL - 1}
                      height={CELL - 1}
                      fill={i === j ? "#e4e4e7" : color(v)}
                    >
                      <title>{i === j ? row : tooltip(row, col, v)}</title>
                    </rect>
                    {text && (
                      <text
                        x={LABEL + j * CELL + CELL / 2}
                        y={LABEL + i * CELL + CELL / 2 + 3}
                        textAnchor="middle"
                        fill="#18181b"
                        pointerEvents="none"
                      >
                        {text}
                      </text>
                    )}
                  </g>
                );
              })}
            </g>
          ))}
        </svg>
      </div>
    </figure>
  );
}
