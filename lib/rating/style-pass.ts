/**
 * One pass of the style-controlled fit over a range of battles (./style-control.ts): the per-battle work,
 * summed into per-pair and per-feature partial sums from which the gradient and Hessian are assembled. A
 * range, so that two threads can each sum chunks of a pass (lib/leaderboard/pass-thread.ts).
 */
import { STYLE_K } from "./style-features";
import type { StyleData } from "./types";

/** Per ordered pair (a·m + b): Σ w(p−y), Σ w·h, Σ w·h·x_f. */
export const STRIDE = 2 + STYLE_K;
/** After the pairs: Σ r·x (STYLE_K), the Hessian's style block (10), the loss. */
const TAIL = STYLE_K + 10 + 1;

/** Length of the partial sums one `accumulate` fills for `models` models. */
export const partialLength = (models: number) => models * models * STRIDE + TAIL;

/**
 * From this many battles up, a pass is accumulated in chunks of about PASS_CHUNK battles whose sums are
 * added in chunk order: another thread (a PassHelper) can then take chunks as they come, and the sums are
 * the same bits whoever summed which chunk.
 */
export const SPLIT_MIN = 1_000_000;
export const PASS_CHUNK = 1 << 19;
/** At most this many chunks (a chunk number and a pass number share one 32-bit word: lib/leaderboard/pass-thread.ts). */
export const MAX_CHUNKS = 1000;

/** How many chunks a pass over `count` battles is summed in. */
export const passChunks = (count: number) => Math.min(MAX_CHUNKS, Math.ceil(count / PASS_CHUNK));
/** The first battle of chunk `c` of `chunks` over `count` (c = chunks: the end). */
export const chunkStart = (c: number, count: number, chunks: number) => Math.floor((c * count) / chunks);

/**
 * Sums one pass needs over battles `from`…`to` (indices into `subset` when given) into `out`
 * (partialLength(models)): the per-pair sums, then Σ r·x, the style block of the Hessian, the loss.
 */
export function accumulate(
  d: StyleData,
  theta: Float64Array,
  w: ArrayLike<number> | null,
  alpha: number,
  from: number,
  to: number,
  withHess: boolean,
  withLoss: boolean,
  subset: Int32Array | null,
  out: Float64Array,
): void {
  const m = d.models;
  const pairs = out;
  const stride = STRIDE;
  pairs.fill(0, 0, partialLength(m));
  const b0 = theta[m],
    b1 = theta[m + 1],
    b2 = theta[m + 2],
    b3 = theta[m + 3];
  let loss = 0;
  let g0 = 0,
    g1 = 0,
    g2 = 0,
    g3 = 0;
  let h00 = 0,
    h01 = 0,
    h02 = 0,
    h03 = 0,
    h11 = 0,
    h12 = 0,
    h13 = 0,
    h22 = 0,
    h23 = 0,
    h33 = 0;
  const { a, b, y, x } = d;
  for (let k = from; k < to; k++) {
    const i = subset ? subset[k] : k;
    const wi = w === null ? 1 : w[i];
    if (wi === 0) continue;
    const ai = a[i],
      bi = b[i],
      o = i * 4;
    const x0 = x[o],
      x1 = x[o + 1],
      x2 = x[o + 2],
      x3 = x[o + 3];
    const z = alpha * (theta[ai] - theta[bi]) + x0 * b0 + x1 * b1 + x2 * b2 + x3 * b3;
    // σ(z) without a branch on z's sign (near the optimum the sign is a coin flip, and a mispredicted
    // branch per battle cost a third of the pass); exp(−z) = ∞ gives 0, exactly the limit.
    const pr = 1 / (1 + Math.exp(-z));
    const yi = y[i];
    if (withLoss) loss += wi * (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - yi * z);
    const r = wi * (pr - yi);
    const q = (ai * m + bi) * stride;
    pairs[q] += r;
    g0 += r * x0;
    g1 += r * x1;
    g2 += r * x2;
    g3 += r * x3;
    if (withHess) {
      const h = wi * pr * (1 - pr);
      pairs[q + 1] += h;
      pairs[q + 2] += h * x0;
      pairs[q + 3] += h * x1;
      pairs[q + 4] += h * x2;
      pairs[q + 5] += h * x3;
      h00 += h * x0 * x0;
      h01 += h * x0 * x1;
      h02 += h * x0 * x2;
      h03 += h * x0 * x3;
      h11 += h * x1 * x1;
      h12 += h * x1 * x2;
      h13 += h * x1 * x3;
      h22 += h * x2 * x2;
      h23 += h * x2 * x3;
      h33 += h * x3 * x3;
    }
  }
  const t = m * m * stride;
  out[t] = g0;
  out[t + 1] = g1;
  out[t + 2] = g2;
  out[t + 3] = g3;
  out.set([h00, h01, h02, h03, h11, h12, h13, h22, h23, h33], t + STYLE_K);
  out[t + STYLE_K + 10] = loss;
}
