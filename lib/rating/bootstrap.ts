/**
 * FastChat `compute_bootstrap_bt` with weights: each round redraws the deduplicated outcome
 * counts from Multinomial(N, counts/N) and refits — O(rows) per round instead of O(battles).
 * Rounds are seeded by their number (plainRoundRunner), so they can be split across threads.
 */
import { DEFAULT_L2, fitBradleyTerry, toElo } from "./bradley-terry";
import { createRng, multinomial } from "./random";
import type { BootstrapResult, BootstrapRun, OutcomeTable } from "./types";

export type { BootstrapResult, BootstrapRun };

export function bootstrap(t: OutcomeTable, opts: BootstrapRun = {}): BootstrapResult {
  const m = t.models.length;
  const rounds = Math.max(0, Math.floor(opts.rounds ?? 100));
  const samples = new Float64Array(rounds * m).fill(NaN);
  const round = plainRoundRunner(t, opts);
  for (let r = 0; r < rounds; r++) round(r, samples);
  return summarizeBootstrap(samples, rounds, m);
}

/**
 * A function that computes round r into row r of `samples` (rounds × models, Elo scale, starting as
 * NaN: a model absent that round stays NaN). Each round draws from its own stream, seeded by
 * (seed, round), so rounds may be computed in any order, on any thread that has its own runner.
 */
export function plainRoundRunner(t: OutcomeTable, opts: BootstrapRun = {}): (r: number, samples: Float64Array) => void {
  const m = t.models.length;
  const w = new Float64Array(t.rows);
  const present = new Uint8Array(m);
  const perModel = new Float64Array(m);
  const ref = opts.reference;
  const anchorIdx = opts.anchor ? t.models.indexOf(opts.anchor.model) : -1;
  return (r, samples) => {
    multinomial(createRng(`${opts.seed ?? 0}:round:${r}`), t.total, t.count, w);
    present.fill(0);
    perModel.fill(0);
    for (let k = 0; k < t.rows; k++) {
      if (w[k] <= 0) continue;
      present[t.a[k]] = present[t.b[k]] = 1;
      perModel[t.a[k]] += w[k];
      perModel[t.b[k]] += w[k];
    }
    if (anchorIdx >= 0 && !present[anchorIdx]) return; // cannot pin this round: leave it out
    const fit = fitBradleyTerry(t, w, { l2: opts.l2 ?? DEFAULT_L2, init: ref });
    if (ref && anchorIdx < 0) {
      let num = 0,
        den = 0;
      for (let i = 0; i < m; i++) {
        num += perModel[i] * (ref[i] - fit.theta[i]);
        den += perModel[i];
      }
      const shift = den > 0 ? num / den : 0;
      for (let i = 0; i < m; i++) fit.theta[i] += shift;
    }
    const elo = toElo(fit.theta, t.models, opts, opts.anchor);
    for (let i = 0; i < m; i++) if (present[i] && Number.isFinite(elo[i])) samples[r * m + i] = elo[i];
  };
}

/** The 2.5% / 97.5% quantiles and the median of each model's samples (NaN skipped). */
export function summarizeBootstrap(samples: Float64Array, rounds: number, m: number): BootstrapResult {
  const lower = new Float64Array(m),
    upper = new Float64Array(m),
    median = new Float64Array(m);
  const col = new Float64Array(rounds);
  for (let i = 0; i < m; i++) {
    let n = 0;
    for (let r = 0; r < rounds; r++) {
      const v = samples[r * m + i];
      if (!Number.isNaN(v)) col[n++] = v;
    }
    const sorted = col.subarray(0, n).sort();
    lower[i] = quantile(sorted, 0.025);
    upper[i] = quantile(sorted, 0.975);
    median[i] = quantile(sorted, 0.5);
  }
  return { samples, rounds, lower, upper, median };
}

/** numpy's default (linear) quantile of an ascending array; NaN when empty. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos),
    hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** FastChat `recompute_final_ranking`: 1 + #models whose lower bound exceeds this one's upper bound. */
export function ranksFromIntervals(lower: ArrayLike<number>, upper: ArrayLike<number>): Int32Array {
  const m = lower.length;
  const rank = new Int32Array(m).fill(1);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (j !== i && lower[j] > upper[i]) rank[i]++;
  return rank;
}
