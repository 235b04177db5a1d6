/**
 * The style-controlled point fit over many battles, started near its optimum: Newton from θ = 0 needs
 * about six passes over every battle, each costing the same; a fit on an evenly spaced sample of the
 * battles first (a few percent of one pass) leaves the full data two or three passes to converge to
 * the same optimum (the objective is strictly convex: the start changes the cost, not the answer).
 */
import { fitStyleControl, type PassHelper, type StyleFit } from "./style-control";
import { emptyStyleData, STYLE_K } from "./style-features";
import type { StyleData } from "./types";

/** Below this many battles the sample would save less than it costs. */
export const WARM_START_MIN = 400_000;
/** About this many battles in the sample. */
const SAMPLE = 100_000;

/** Every `step`-th battle of `d`, as its own fit input. */
export function strideSample(d: StyleData, step: number): StyleData {
  const s = emptyStyleData(d.models, Math.ceil(d.n / step));
  for (let k = 0, i = 0; k < s.n; k++, i += step) {
    s.a[k] = d.a[i];
    s.b[k] = d.b[i];
    s.y[k] = d.y[i];
    for (let f = 0; f < STYLE_K; f++) s.x[k * STYLE_K + f] = d.x[i * STYLE_K + f];
  }
  return s;
}

/**
 * fitStyleControl(d) to its optimum (its loss is not computed: NaN), warm-started on a sample when d is large;
 * `helper` sums chunks of each pass over the full data on another thread.
 */
export function fitStyleControlWarm(d: StyleData, helper?: PassHelper): StyleFit {
  if (d.n < WARM_START_MIN) return fitStyleControl(d, null, { noLoss: true, helper });
  const step = Math.floor(d.n / SAMPLE);
  // A loose tolerance: the sample's optimum is only a starting point (its own error is ~1/√SAMPLE).
  const start = fitStyleControl(strideSample(d, step), null, { noLoss: true, tol: 1e-6 * SAMPLE });
  return fitStyleControl(d, null, { init: start.theta, noLoss: true, helper });
}
