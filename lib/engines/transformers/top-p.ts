/**
 * Nucleus (top-p) filtering as a transformers.js logits processor. transformers.js 4.x
 * declares TopPLogitsWarper but never applies it during sampling, so we do it here.
 */
import { LogitsProcessor, type Tensor } from "@huggingface/transformers";

/** Keeps the smallest set of most likely tokens whose probabilities sum to ≥ topP (in place). */
export function topPFilter(row: Float32Array, topP: number): void {
  if (!(topP < 1)) return;
  let max = -Infinity;
  for (const x of row) if (x > max) max = x;
  const probs = new Float64Array(row.length);
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += probs[i] = Math.exp(row[i] - max);
  const order = Array.from(row.keys()).sort((a, b) => probs[b] - probs[a] || a - b);
  let cum = 0;
  let keep = 0;
  while (keep < order.length) {
    cum += probs[order[keep++]] / sum;
    if (cum >= topP) break;
  }
  for (let i = keep; i < order.length; i++) row[order[i]] = -Infinity;
}

export class TopPProcessor extends LogitsProcessor {
  constructor(private readonly topP: number) {
    super();
  }
  _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    const data = logits.data as Float32Array;
    const vocab = logits.dims[logits.dims.length - 1];
    for (let off = 0; off < data.length; off += vocab) topPFilter(data.subarray(off, off + vocab), this.topP);
    return logits;
  }
}
