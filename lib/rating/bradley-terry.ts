/**
 * Bradley–Terry maximum likelihood, as FastChat's `compute_mle_elo` / `compute_bt`:
 * P(i beats j) = σ(θi − θj), ties scored ½ each way, fitted on weighted deduplicated rows
 * by damped Newton (Cholesky) to a tight gradient tolerance, then put on the Elo scale
 * (θ·scale/ln(base) + init) and optionally shifted so an anchor model has a fixed rating.
 */
import { JoustError } from "@/lib/errors";
import { choleskySolve } from "./cholesky";
import type { Anchor, OutcomeTable, RatingScale } from "./types";

export interface FitOptions {
  /** L2 prior strength (units of battles): keeps separable / sparse fits finite. Default 1e-6. */
  l2?: number;
  /** Max-norm gradient tolerance, relative to the total weight. Default 1e-10. */
  tol?: number;
  maxIter?: number;
  /** Warm start (natural-log strengths); not modified. */
  init?: Float64Array;
}

export interface FitResult {
  theta: Float64Array;
  iterations: number;
  gradNorm: number;
  converged: boolean;
}

export const DEFAULT_L2 = 1e-6;

/** Connected components of the comparison graph (over rows with positive weight). */
export function components(m: number, a: Int32Array, b: Int32Array, weight: ArrayLike<number>): number[][] {
  const parent = Int32Array.from({ length: m }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (let r = 0; r < a.length; r++) if (weight[r] > 0) parent[find(a[r])] = find(b[r]);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < m; i++) {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(i);
    else groups.set(root, [i]);
  }
  return [...groups.values()].sort((x, y) => y.length - x.length);
}

/** Throws `unsupported:leaderboard` (details.reason = "disconnected") when ratings would not be comparable. */
export function assertConnected(t: OutcomeTable): void {
  const groups = components(t.models.length, t.a, t.b, t.count);
  if (groups.length <= 1) return;
  const names = groups.map((g) => g.map((i) => t.models[i]));
  const show = names.map((g) => (g.length > 4 ? `${g.slice(0, 4).join(", ")} +${g.length - 4} more` : g.join(", ")));
  throw new JoustError(
    "unsupported:leaderboard",
    `The models fall into ${names.length} groups that were never compared with each other ` +
      `(${show.map((s) => `[${s}]`).join(" vs ")}); ratings across groups would be meaningless. ` +
      `Collect battles between the groups or narrow the filters.`,
    { reason: "disconnected", components: names },
  );
}

/**
 * Negative log-likelihood (+ prior) value, gradient and Hessian at θ; the value only `withLoss` (else
 * NaN: it costs a logarithm per row and the fit needs it only to judge a damped step).
 */
function evaluate(
  t: OutcomeTable,
  w: ArrayLike<number>,
  theta: Float64Array,
  l2: number,
  grad: Float64Array | null,
  hess: Float64Array | null,
  withLoss = true,
): number {
  const m = theta.length;
  let loss = 0;
  if (grad) for (let i = 0; i < m; i++) grad[i] = l2 * theta[i];
  if (hess) {
    hess.fill(0);
    for (let i = 0; i < m; i++) hess[i * m + i] = l2;
  }
  for (let i = 0; i < m; i++) loss += 0.5 * l2 * theta[i] * theta[i];
  for (let r = 0; r < t.rows; r++) {
    const wr = w[r];
    if (wr <= 0) continue;
    const i = t.a[r],
      j = t.b[r],
      y = t.score[r];
    const d = theta[i] - theta[j];
    // One exponential: e = exp(−|d|) gives both σ(d) and softplus(d) = max(d, 0) + log1p(e).
    const e = Math.exp(-Math.abs(d));
    if (withLoss) loss += wr * (Math.max(d, 0) + Math.log1p(e) - y * d);
    const p = d >= 0 ? 1 / (1 + e) : e / (1 + e);
    if (grad) {
      const g = wr * (p - y);
      grad[i] += g;
      grad[j] -= g;
    }
    if (hess) {
      const h = wr * p * (1 - p);
      hess[i * m + i] += h;
      hess[j * m + j] += h;
      hess[i * m + j] -= h;
      hess[j * m + i] -= h;
    }
  }
  return withLoss ? loss : NaN;
}

export function fitBradleyTerry(t: OutcomeTable, w: ArrayLike<number> = t.count, opts: FitOptions = {}): FitResult {
  const m = t.models.length;
  const l2 = opts.l2 ?? DEFAULT_L2;
  let total = 0;
  for (let r = 0; r < t.rows; r++) total += w[r];
  const tol = (opts.tol ?? 1e-10) * Math.max(1, total);
  const maxIter = opts.maxIter ?? 200;
  let theta = opts.init ? Float64Array.from(opts.init) : new Float64Array(m);
  let grad = new Float64Array(m),
    hess = new Float64Array(m * m);
  let tTheta = new Float64Array(m),
    tGrad = new Float64Array(m),
    tHess = new Float64Array(m * m);
  const step = new Float64Array(m);
  // The loss is computed only when a full Newton step fails to shrink the gradient (rare: the objective
  // is strictly convex and smooth), so most passes skip its logarithm per row; the gradient decides.
  let loss = NaN;
  evaluate(t, w, theta, l2, grad, hess, false);
  let gradNorm = maxAbs(grad);
  let it = 0;
  for (; it < maxIter && gradNorm > tol; it++) {
    step.set(grad);
    if (!choleskySolve(hess, step, m)) for (let i = 0; i < m; i++) step[i] = grad[i] / Math.max(l2, 1); // gradient fallback
    for (let i = 0; i < m; i++) tTheta[i] = theta[i] - step[i];
    evaluate(t, w, tTheta, l2, tGrad, tHess, false);
    const full = maxAbs(tGrad);
    let accepted = full < gradNorm;
    if (!accepted) {
      // Damped step: backtrack on the objective (Armijo) from half the step.
      if (Number.isNaN(loss)) loss = evaluate(t, w, theta, l2, null, null, true);
      let slope = 0;
      for (let i = 0; i < m; i++) slope += grad[i] * step[i];
      // Once the predicted decrease is below the objective's float resolution, the loss can no longer
      // judge a step: the full Newton step (quadratic regime) was judged by the gradient, and failed.
      if (slope <= 1e-11 * (1 + Math.abs(loss))) break; // float floor reached: no step improves the fit any more
      let alpha = 0.5,
        next = loss;
      for (let ls = 1; ls < 60 && !accepted; ls++, alpha *= 0.5) {
        for (let i = 0; i < m; i++) tTheta[i] = theta[i] - alpha * step[i];
        next = evaluate(t, w, tTheta, l2, tGrad, tHess, true);
        accepted = next <= loss - 1e-4 * alpha * slope;
      }
      if (!accepted) break;
      loss = next;
    } else loss = NaN;
    [theta, tTheta] = [tTheta, theta];
    [grad, tGrad] = [tGrad, grad];
    [hess, tHess] = [tHess, hess];
    gradNorm = maxAbs(grad);
  }
  return { theta, iterations: it, gradNorm, converged: gradNorm <= tol };
}

function maxAbs(v: Float64Array): number {
  let x = 0;
  for (let i = 0; i < v.length; i++) x = Math.max(x, Math.abs(v[i]));
  return x;
}

/** θ (natural log odds) → Elo scale, anchored when the anchor model is present. */
export function toElo(theta: ArrayLike<number>, models: string[], s: RatingScale = {}, anchor?: Anchor): Float64Array {
  const k = (s.scale ?? 400) / Math.log(s.base ?? 10);
  const init = s.initRating ?? 1000;
  const out = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++) out[i] = theta[i] * k + init;
  if (anchor) {
    const ai = models.indexOf(anchor.model);
    if (ai >= 0) {
      const shift = anchor.rating - out[ai];
      for (let i = 0; i < out.length; i++) out[i] += shift;
    }
  }
  return out;
}
