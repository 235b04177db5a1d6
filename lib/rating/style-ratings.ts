/** Style-controlled ratings for compact battles: full fit, bootstrap CIs, coefficients — on the Elo scale. */
import { A_WINS, B_WINS, type CompactBattles, type LeaderboardOptions, type StyleResult } from "./types";
import { bootstrapStyleControl, columnQuantiles } from "./style-bootstrap";
import type { StyleData } from "./style-control";
import { STYLE_FEATURES, STYLE_K, standardiseStyle, styleFeatureMatrix } from "./style-features";
import { fitStyleControlWarm } from "./style-warm-start";

/** Compact battles (built with `style`) → the fit's input. */
export function styleData(c: CompactBattles): StyleData {
  if (!c.style && !c.styleDiff)
    throw new TypeError("compact battles carry no style counts (build them with { style: true })");
  // In shared memory: a helper thread may sum chunks of the fit's passes (lib/leaderboard/pass-thread.ts).
  const y = new Float64Array(new SharedArrayBuffer(8 * Math.max(1, c.length))).subarray(0, c.length);
  const { outcome } = c;
  for (let i = 0; i < c.length; i++) y[i] = outcome[i] === A_WINS ? 1 : outcome[i] === B_WINS ? 0 : 0.5;
  const x = c.styleDiff ? standardised(c, c.styleDiff) : styleFeatureMatrix(c.style as Float64Array, c.length).x;
  return { models: c.models.length, n: c.length, a: c.a, b: c.b, y, x };
}

/**
 * The standardised features of `c`: its raw `styleDiff` standardised in place when `styleScaled` allows it
 * (or as a previous computation left them), else into a new array and the input's raw features stay as they
 * are (it may be rated again).
 */
function standardised(c: CompactBattles, raw: Float64Array): Float64Array {
  const n = c.length;
  const scaled = c.styleScaled;
  if (scaled && raw.buffer instanceof SharedArrayBuffer && raw.length === n * STYLE_K) {
    if (scaled[0] === n) return raw;
    if (scaled[0] === 0) {
      standardiseStyle(raw, n);
      scaled[0] = n;
      return raw;
    }
  }
  // In shared memory: a helper thread may sum chunks of the fit's passes.
  const out = new Float64Array(new SharedArrayBuffer(8 * Math.max(1, n * STYLE_K))).subarray(0, n * STYLE_K);
  return standardiseStyle(raw, n, out).x;
}

export interface StyleRatings {
  rating: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  median: Float64Array;
  style: StyleResult;
}

export function styleRatings(c: CompactBattles, opts: LeaderboardOptions = {}): StyleRatings {
  const m = c.models.length;
  const d = styleData(c);
  const rounds = Math.max(0, Math.floor(opts.rounds ?? 100));
  const fit = fitStyleControlWarm(d, opts.stylePasses);
  const boot = (opts.styleBootstrap ?? bootstrapStyleControl)(d, {
    rounds,
    seed: opts.seed ?? 0,
    reference: fit.theta,
  });
  const scale = opts.scale ?? 400,
    init = opts.initRating ?? 1000;
  // r is in units of log_base(odds)·(ln base / ln 10): FastChat reports 400·r + 1000 (base 10).
  const k = scale * (Math.LN10 / Math.log(opts.base ?? 10));
  const ai = opts.anchor ? c.models.indexOf(opts.anchor.model) : -1;
  const toElo = (r: Float64Array, row: number) => {
    const shift = ai >= 0 ? opts.anchor!.rating - (r[row * m + ai] * k + init) : 0;
    for (let i = 0; i < m; i++) r[row * m + i] = r[row * m + i] * k + init + shift;
  };
  const rating = fit.theta.slice(0, m);
  toElo(rating, 0);
  for (let r = 0; r < rounds; r++) toElo(boot.ratings, r);
  const q = columnQuantiles(boot.ratings, rounds, m);
  const fill = (v: Float64Array) => v.map((x, i) => (Number.isNaN(x) ? rating[i] : x));
  const cq = columnQuantiles(boot.coefficients, rounds, STYLE_K);
  const coef = (f: number) => {
    const value = fit.theta[m + f];
    return {
      value,
      lower: Number.isNaN(cq.lower[f]) ? value : cq.lower[f],
      upper: Number.isNaN(cq.upper[f]) ? value : cq.upper[f],
    };
  };
  const coefficients = Object.fromEntries(
    STYLE_FEATURES.map((name, f) => [name, coef(f)]),
  ) as StyleResult["coefficients"];
  return {
    rating,
    lower: fill(q.lower),
    upper: fill(q.upper),
    median: fill(q.median),
    style: { coefficients, skipped: c.styleSkipped ?? 0 },
  };
}
