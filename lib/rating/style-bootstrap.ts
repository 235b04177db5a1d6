/**
 * FastChat `compute_bootstrap_style_control`: each round refits the style-controlled model on N
 * battles drawn with replacement (as per-battle multiplicities, seeded like the plain bootstrap),
 * warm-started at the full-data fit. Features stay standardised over the full data, as FastChat's.
 */
import { quantile } from "./bootstrap";
import { createRng } from "./random";
import { fitStyleControl, type StyleData, type StyleFitOptions } from "./style-control";
import { STYLE_K } from "./style-features";

export interface StyleBootstrap {
  /** rounds × models natural ratings r (log10 units); NaN where a model had no battle that round. */
  ratings: Float64Array;
  /** rounds × STYLE_K coefficients. */
  coefficients: Float64Array;
  rounds: number;
}

export function bootstrapStyleControl(
  d: StyleData,
  opts: StyleFitOptions & { rounds?: number; seed?: number | string; reference?: Float64Array } = {},
): StyleBootstrap {
  const m = d.models,
    n = d.n;
  const rounds = Math.max(0, Math.floor(opts.rounds ?? 100));
  const rng = createRng(opts.seed ?? 0);
  const ratings = new Float64Array(rounds * m).fill(NaN);
  const coefficients = new Float64Array(rounds * STYLE_K);
  const w = new Float64Array(n);
  const present = new Uint8Array(m);
  const drawn = new Int32Array(n);
  // Rounds stop at FastChat's gradient tolerance (its L-BFGS gtol, 1e-6, on the same summed objective).
  const tol = opts.tol ?? 1e-6;
  for (let r = 0; r < rounds; r++) {
    w.fill(0);
    for (let k = 0; k < n; k++) w[Math.floor(rng.next() * n)]++;
    present.fill(0);
    let nz = 0;
    for (let k = 0; k < n; k++) {
      if (w[k] === 0) continue;
      drawn[nz++] = k;
      present[d.a[k]] = present[d.b[k]] = 1;
    }
    const fit = fitStyleControl(d, w, {
      ...opts,
      tol,
      init: opts.reference ?? opts.init,
      subset: drawn.subarray(0, nz),
    });
    for (let i = 0; i < m; i++) if (present[i]) ratings[r * m + i] = fit.theta[i];
    for (let f = 0; f < STYLE_K; f++) coefficients[r * STYLE_K + f] = fit.theta[m + f];
  }
  return { ratings, coefficients, rounds };
}

/** 2.5% / 50% / 97.5% quantiles of each column of a rounds × cols sample matrix (NaN skipped). */
export function columnQuantiles(samples: Float64Array, rounds: number, cols: number) {
  const lower = new Float64Array(cols),
    median = new Float64Array(cols),
    upper = new Float64Array(cols);
  const col = new Float64Array(rounds);
  for (let i = 0; i < cols; i++) {
    let k = 0;
    for (let r = 0; r < rounds; r++) {
      const v = samples[r * cols + i];
      if (!Number.isNaN(v)) col[k++] = v;
    }
    const sorted = col.subarray(0, k).sort();
    lower[i] = quantile(sorted, 0.025);
    median[i] = quantile(sorted, 0.5);
    upper[i] = quantile(sorted, 0.975);
  }
  return { lower, median, upper };
}
