/** Display helpers shared by the leaderboard table and charts (pure). */

export function formatRating(x: number): string {
  return Number.isFinite(x) ? x.toFixed(0) : "–";
}

/** "+12/-9" — the 95% interval relative to the rating. */
export function formatCi(rating: number, lower: number, upper: number): string {
  if (![rating, lower, upper].every(Number.isFinite)) return "–";
  return `+${Math.max(0, upper - rating).toFixed(0)}/-${Math.max(0, rating - lower).toFixed(0)}`;
}

export function formatPercent(x: number | null): string {
  return x === null || !Number.isFinite(x) ? "–" : `${(x * 100).toFixed(0)}%`;
}

/** Red (0) → white (0.5) → blue (1) for win fractions; light grey for no data. */
export function winFractionColor(f: number | null): string {
  if (f === null || !Number.isFinite(f)) return "#f4f4f5";
  const t = Math.min(1, Math.max(0, f));
  const mix = (a: number, b: number, u: number) => Math.round(a + (b - a) * u);
  if (t < 0.5) {
    const u = t / 0.5;
    return `rgb(${mix(220, 255, u)},${mix(38, 255, u)},${mix(38, 255, u)})`;
  }
  const u = (t - 0.5) / 0.5;
  return `rgb(${mix(255, 37, u)},${mix(255, 99, u)},${mix(255, 235, u)})`;
}

/** White → indigo by count relative to the maximum (square-root scale so small counts show). */
export function countColor(n: number, max: number): string {
  if (!(n > 0) || !(max > 0)) return "#f4f4f5";
  const u = Math.sqrt(n / max);
  const mix = (a: number, b: number) => Math.round(a + (b - a) * u);
  return `rgb(${mix(238, 67)},${mix(242, 56)},${mix(255, 202)})`;
}

/** Shorten long model ids for axis labels, keeping both ends (ids usually differ at the end). */
export function shortLabel(name: string, max = 24): string {
  if (name.length <= max) return name;
  const head = Math.ceil((max - 1) / 3);
  return `${name.slice(0, head)}…${name.slice(name.length - (max - 1 - head))}`;
}

/** yyyy-mm-dd (UTC) ↔ epoch seconds, for the date-range filter. */
export function dateToEpoch(date: string, endOfDay = false): number | undefined {
  if (!date) return undefined;
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(ms)) return undefined;
  return ms / 1000 + (endOfDay ? 86399 : 0);
}
