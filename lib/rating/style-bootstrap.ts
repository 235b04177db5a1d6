/**
 * FastChat `compute_bootstrap_style_control`: each round refits the style-controlled model on N
 * battles drawn with replacement (as per-battle multiplicities), warm-started at the full-data fit.
 * Features stay standardised over the full data, as FastChat's. Each round draws from its own
 * stream, seeded by (seed, round), so the rounds can be split across threads (see
 * styleRoundRunner) and still give the same samples.
 */
import { quantile } from "./bootstrap";
import { createRng } from "./random";
import { fitStyleControl, STYLE_REG, type StyleData, type StyleFitOptions, styleObjective } from "./style-control";
import { STYLE_K } from "./style-features";
import type { StyleBootstrap } from "./types";

export type { StyleBootstrap };

export type StyleBootstrapOptions = StyleFitOptions & {
  rounds?: number;
  seed?: number | string;
  reference?: Float64Array;
};

export function bootstrapStyleControl(d: StyleData, opts: StyleBootstrapOptions = {}): StyleBootstrap {
  const rounds = Math.max(0, Math.floor(opts.rounds ?? 100));
  const out: StyleBootstrap = {
    ratings: new Float64Array(rounds * d.models).fill(NaN),
    coefficients: new Float64Array(rounds * STYLE_K),
    rounds,
  };
  if (rounds === 0) return out; // the runner's set-up costs a pass over every battle
  const round = styleRoundRunner(d, opts);
  for (let r = 0; r < rounds; r++) round(r, out);
  return out;
}

/**
 * A function that computes round r of the bootstrap into `out` (row r of its ratings, which must
 * start as NaN, and of its coefficients). It holds one thread's buffers: call it for any rounds, in
 * any order, on any thread that has its own runner.
 */
export function styleRoundRunner(
  d: StyleData,
  opts: StyleBootstrapOptions,
): (r: number, out: Pick<StyleBootstrap, "ratings" | "coefficients">) => void {
  const m = d.models,
    n = d.n;
  const w = new Float64Array(n);
  const present = new Uint8Array(m);
  const drawn = new Int32Array(n);
  // Rounds stop at FastChat's gradient tolerance (its L-BFGS gtol, 1e-6, on the same summed objective).
  const tol = opts.tol ?? 1e-6;
  const init = opts.reference ?? opts.init;
  // Every round starts at `init` with the full data's Hessian there (the rounds' weights average 1).
  const p = m + STYLE_K;
  const initHessian = new Float64Array(p * p);
  if (init)
    styleObjective(d, init, null, opts.alpha ?? Math.LN10, opts.reg ?? STYLE_REG, new Float64Array(p), initHessian);
  return (r, out) => {
    const rng = createRng(`${opts.seed ?? 0}:style-round:${r}`);
    w.fill(0);
    // n indices drawn uniformly (multiply-shift of one 32-bit draw each; n < 2^21 keeps it exact).
    for (let k = 0; k < n; k++) w[Math.floor((rng.uint32() * n) / 4294967296)]++;
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
      init,
      subset: drawn.subarray(0, nz),
      initHessian: init ? initHessian : undefined,
      noLoss: true,
    });
    for (let i = 0; i < m; i++) if (present[i]) out.ratings[r * m + i] = fit.theta[i];
    for (let f = 0; f < STYLE_K; f++) out.coefficients[r * STYLE_K + f] = fit.theta[m + f];
  };
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
