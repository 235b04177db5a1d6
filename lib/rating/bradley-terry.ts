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

/** Negative log-likelihood (+ prior) value, gradient and Hessian at θ. */
function evaluate(
  t: OutcomeTable,
  w: ArrayLike<number>,
  theta: Float64Array,
  l2: number,
  grad: Float64Array | null,
  hess: Float64Array | null,
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
    // log σ(d) = −softplus(−d), log(1−σ(d)) = −softplus(d)
    const sp = d > 0 ? d + Math.log1p(Math.exp(-d)) : Math.log1p(Math.exp(d));
    loss += wr * (sp - y * d);
    const p = 1 / (1 + Math.exp(-d));
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
  return loss;
}

/** Fit natural-log strengths θ with weights `w` (defaults to the table's counts). */
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
  let loss = evaluate(t, w, theta, l2, grad, hess);
  let gradNorm = maxAbs(grad);
  let it = 0;
  for (; it < maxIter && gradNorm > tol; it++) {
    step.set(grad);
    if (!choleskySolve(hess, step, m)) for (let i = 0; i < m; i++) step[i] = grad[i] / Math.max(l2, 1); // gradient fallback
    let slope = 0;
    for (let i = 0; i < m; i++) slope += grad[i] * step[i];
    // Once the predicted decrease is below the objective's float resolution, the loss can no longer
    // judge a step: take the full Newton step (quadratic regime) and judge it by the gradient instead.
    const quadratic = slope <= 1e-11 * (1 + Math.abs(loss));
    let alpha = 1,
      accepted = false,
      next = loss;
    for (let ls = 0; ls < 60 && !accepted; ls++, alpha *= 0.5) {
      for (let i = 0; i < m; i++) tTheta[i] = theta[i] - alpha * step[i];
      next = evaluate(t, w, tTheta, l2, tGrad, tHess);
      accepted = quadratic ? maxAbs(tGrad) < gradNorm : next <= loss - 1e-4 * alpha * slope;
      if (quadratic) break;
    }
    if (!accepted) break; // float floor reached: no step improves the fit any more
    [theta, tTheta] = [tTheta, theta];
    [grad, tGrad] = [tGrad, grad];
    [hess, tHess] = [tHess, hess];
    loss = next;
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
