/**
 * Style-controlled (contextual) Bradley–Terry, as FastChat's `fit_contextual_bt`:
 *   minimise Σ w·[softplus(z) − y·z] + (reg/2)·‖θ‖²,  z = α·(r_a − r_b) + x·β,  θ = (r, β),
 * y = 1 / ½ / 0 for an A win / tie / B win, α = ln 10, reg = 0.5 (FastChat's default), solved to
 * the optimum by damped Newton (the objective is strictly convex; FastChat stops L-BFGS at 100
 * iterations). One pass over the battles per iteration: per-battle work accumulates into
 * per-ordered-pair sums, from which the (m+k)² Hessian is assembled.
 */
import { choleskyFactor, choleskySolveFactored } from "./cholesky";
import { STYLE_K } from "./style-features";
import { accumulate, chunkStart, partialLength, passChunks, SPLIT_MIN, STRIDE } from "./style-pass";
import type { PassHelper, StyleData } from "./types";

export type { PassHelper, StyleData };
export { SPLIT_MIN };

export interface StyleFitOptions {
  /** Default ln 10 (ratings r are in log10 units: Elo = 400·r + 1000). */
  alpha?: number;
  /** Default 0.5: the objective adds reg/2·‖θ‖². */
  reg?: number;
  /** Max-norm gradient tolerance (absolute). Default 1e-9, times battles / 100,000 above that many battles. */
  tol?: number;
  maxIter?: number;
  /** Warm start θ (length models + STYLE_K); not modified. */
  init?: Float64Array;
  /** The battles with non-zero weight, ascending (a bootstrap round visits only these). */
  subset?: Int32Array;
  /**
   * A Hessian close to the one at `init` (a bootstrap round: the full data's at the full-data fit),
   * used for the first Newton step instead of computing it: the first pass then needs the gradient only.
   */
  initHessian?: Float64Array;
  /** Skip the final pass that evaluates the objective (the result's loss is then NaN). */
  noLoss?: boolean;
  /** Another thread for chunks of each pass over SPLIT_MIN or more battles (unweighted fits only). */
  helper?: PassHelper;
}

export interface StyleFit {
  /** models + STYLE_K: ratings r, then coefficients β. */
  theta: Float64Array;
  /** The objective at theta (NaN with `noLoss`). */
  loss: number;
  gradNorm: number;
  iterations: number;
  converged: boolean;
}

export const STYLE_REG = 0.5;

/**
 * Objective value; fills `grad` and (when given) the dense Hessian. `w` = per-battle weights
 * (null: all 1). Exported for the gradient check. `scratch`: partialLength(models) × 2 of reusable memory.
 */
export function styleObjective(
  d: StyleData,
  theta: Float64Array,
  w: ArrayLike<number> | null,
  alpha: number,
  reg: number,
  grad: Float64Array,
  hess: Float64Array | null,
  scratch?: Float64Array,
  withLoss = true,
  subset: Int32Array | null = null,
  helper?: PassHelper,
): number {
  const m = d.models,
    k = STYLE_K,
    p = m + k;
  const len = partialLength(m);
  const buf = scratch && scratch.length >= 2 * len ? scratch : new Float64Array(2 * len);
  const pairs = buf.subarray(0, len);
  const withHess = hess !== null;
  const count = subset ? subset.length : d.n;
  if (count < SPLIT_MIN) accumulate(d, theta, w, alpha, 0, count, withHess, withLoss, subset, pairs);
  else {
    // In chunks added in chunk order: the same bits whether a helper thread summed some of them or none.
    const chunks = passChunks(count);
    const from = (c: number) => chunkStart(c, count, chunks);
    const tmp = buf.subarray(len, 2 * len);
    const sum = (c: number, out: Float64Array) =>
      accumulate(d, theta, w, alpha, from(c), from(c + 1), withHess, withLoss, subset, out);
    if (!w && !subset && helper?.start(d, theta, alpha, count, chunks, withHess, withLoss)) {
      for (let c = helper.claim(); c < chunks; c = helper.claim()) sum(c, helper.slot(c));
      for (let c = 0; c < chunks; c++) {
        let part = helper.sums(c);
        if (!part) sum(c, (part = tmp));
        if (c === 0) pairs.set(part);
        else for (let j = 0; j < len; j++) pairs[j] += part[j];
      }
    } else {
      sum(0, pairs);
      for (let c = 1; c < chunks; c++) {
        sum(c, tmp);
        for (let j = 0; j < len; j++) pairs[j] += tmp[j];
      }
    }
  }
  const stride = STRIDE;
  const t = m * m * stride;
  const g0 = pairs[t],
    g1 = pairs[t + 1],
    g2 = pairs[t + 2],
    g3 = pairs[t + 3];
  const [h00, h01, h02, h03, h11, h12, h13, h22, h23, h33] = pairs.subarray(t + k, t + k + 10);
  let loss = pairs[t + k + 10];
  let sq = 0;
  for (let j = 0; j < p; j++) {
    sq += theta[j] * theta[j];
    grad[j] = reg * theta[j];
  }
  loss += 0.5 * reg * sq;
  grad[m] += g0;
  grad[m + 1] += g1;
  grad[m + 2] += g2;
  grad[m + 3] += g3;
  if (withHess) {
    hess.fill(0, 0, p * p);
    for (let j = 0; j < p; j++) hess[j * p + j] = reg;
    const hf = [h00, h01, h02, h03, h01, h11, h12, h13, h02, h12, h22, h23, h03, h13, h23, h33];
    for (let u = 0; u < k; u++) for (let v = 0; v < k; v++) hess[(m + u) * p + m + v] += hf[u * k + v];
  }
  const a2 = alpha * alpha;
  for (let ia = 0; ia < m; ia++) {
    for (let ib = 0; ib < m; ib++) {
      const q = (ia * m + ib) * stride;
      const r = pairs[q];
      grad[ia] += alpha * r;
      grad[ib] -= alpha * r;
      if (!withHess) continue;
      const h = pairs[q + 1];
      if (h === 0) continue;
      hess[ia * p + ia] += a2 * h;
      hess[ib * p + ib] += a2 * h;
      hess[ia * p + ib] -= a2 * h;
      hess[ib * p + ia] -= a2 * h;
      for (let f = 0; f < k; f++) {
        const c = alpha * pairs[q + 2 + f];
        hess[ia * p + m + f] += c;
        hess[(m + f) * p + ia] += c;
        hess[ib * p + m + f] -= c;
        hess[(m + f) * p + ib] -= c;
      }
    }
  }
  return loss;
}

/** Fits θ = (r, β) with per-battle weights `w` (null: every battle once). */
export function fitStyleControl(
  d: StyleData,
  w: ArrayLike<number> | null = null,
  opts: StyleFitOptions = {},
): StyleFit {
  const m = d.models,
    p = m + STYLE_K;
  const alpha = opts.alpha ?? Math.LN10,
    reg = opts.reg ?? STYLE_REG;
  // The gradient is a sum over the battles: its float64 rounding grows with their number, so an absolute
  // tolerance must too (1e-8 at 1M battles, 1e-7 at 10M: θ is then within ~1e-13 of the optimum), or the
  // last iterations chase rounding noise.
  const tol = opts.tol ?? 1e-9 * Math.max(1, (opts.subset?.length ?? d.n) / 1e5),
    maxIter = opts.maxIter ?? 100;
  const scratch = new Float64Array(2 * partialLength(m));
  const helper = opts.helper;
  const sub = opts.subset ?? null;
  let theta = opts.init ? Float64Array.from(opts.init) : new Float64Array(p);
  let grad = new Float64Array(p),
    hess = new Float64Array(p * p);
  let tTheta = new Float64Array(p),
    tGrad = new Float64Array(p),
    tHess = new Float64Array(p * p);
  const step = new Float64Array(p);
  // Loss values are needed only when a full Newton step fails to shrink the gradient (rare: the
  // objective is strictly convex and smooth), so most passes skip the log1p per battle.
  let loss = NaN;
  const given = opts.initHessian?.length === p * p ? opts.initHessian : undefined;
  styleObjective(d, theta, w, alpha, reg, grad, given ? null : hess, scratch, false, sub, helper);
  if (given) hess.set(given);
  let gradNorm = maxAbs(grad);
  // The Hessian is recomputed only while it pays: after a full step that shrank the gradient at least
  // 100-fold the current one is kept (a chord step: near the optimum it barely changes), and a given
  // initial Hessian (approximate) is replaced after its first step. The gradient decides convergence.
  let hessApprox = given !== undefined,
    lastRatio = 1,
    factored = false,
    usable = true;
  let it = 0;
  for (; it < maxIter && gradNorm > tol; it++) {
    step.set(grad);
    // `hess` is factored in place once and the factor reused by chord steps.
    if (!factored) usable = factored = choleskyFactor(hess, p);
    if (usable) choleskySolveFactored(hess, step, p);
    else for (let j = 0; j < p; j++) step[j] = grad[j] / reg;
    for (let j = 0; j < p; j++) tTheta[j] = theta[j] - step[j];
    const withHess = hessApprox || !usable || lastRatio > 0.01;
    styleObjective(d, tTheta, w, alpha, reg, tGrad, withHess ? tHess : null, scratch, false, sub, helper);
    const full = maxAbs(tGrad);
    if (full < gradNorm) {
      [theta, tTheta] = [tTheta, theta];
      [grad, tGrad] = [tGrad, grad];
      if (withHess) {
        [hess, tHess] = [tHess, hess];
        factored = false;
      }
      hessApprox = false;
      lastRatio = full / gradNorm;
      gradNorm = full;
      loss = NaN;
      continue;
    }
    lastRatio = 1;
    if (!withHess) {
      // A chord step that failed: retry from here with the Hessian at this point.
      styleObjective(d, theta, w, alpha, reg, grad, hess, scratch, false, sub, helper);
      factored = false;
      continue;
    }
    // Damped step: backtrack on the objective (Armijo).
    if (Number.isNaN(loss)) loss = styleObjective(d, theta, w, alpha, reg, grad, null, scratch, true, sub, helper);
    let slope = 0;
    for (let j = 0; j < p; j++) slope += grad[j] * step[j];
    // Below the objective's float resolution the loss cannot judge a step: take the full Newton
    // step and judge it by the gradient (quadratic regime).
    const quadratic = slope <= 1e-11 * (1 + Math.abs(loss));
    let alphaStep = 1,
      accepted = false,
      next = loss;
    for (let ls = 0; ls < 60 && !accepted; ls++, alphaStep *= 0.5) {
      for (let j = 0; j < p; j++) tTheta[j] = theta[j] - alphaStep * step[j];
      next = styleObjective(d, tTheta, w, alpha, reg, tGrad, tHess, scratch, true, sub, helper);
      accepted = quadratic ? maxAbs(tGrad) < gradNorm : next <= loss - 1e-4 * alphaStep * slope;
      if (quadratic) break;
    }
    if (!accepted) break;
    [theta, tTheta] = [tTheta, theta];
    [grad, tGrad] = [tGrad, grad];
    [hess, tHess] = [tHess, hess];
    factored = false;
    hessApprox = false;
    loss = next;
    gradNorm = maxAbs(grad);
  }
  if (Number.isNaN(loss) && !opts.noLoss)
    loss = styleObjective(d, theta, w, alpha, reg, new Float64Array(p), null, scratch, true, sub, helper);
  helper?.end();
  return { theta, loss, gradNorm, iterations: it, converged: gradNorm <= tol };
}

function maxAbs(v: Float64Array): number {
  let x = 0;
  for (let i = 0; i < v.length; i++) x = Math.max(x, Math.abs(v[i]));
  return x;
}
