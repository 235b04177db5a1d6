/**
 * FastChat's style features (`preprocess_for_style`, STYLE_CONTROL_ELEMENTS_V1): per battle the A−B
 * difference of four totals — answer tokens, headers, list items, bold spans — divided by their
 * sum + 1, then standardised over the battles (population std). Pure: reads `conv_metadata` as
 * FastChat writes it, each count a number or a dict of counts.
 */
import type { StyleData } from "./types";

export const STYLE_FEATURES = ["length", "header", "list", "bold"] as const;
export type StyleFeature = (typeof STYLE_FEATURES)[number];
export const STYLE_K = STYLE_FEATURES.length;

/** A style fit's input for `n` battles among `models` models, every array zeroed (to be filled). */
export function emptyStyleData(models: number, n: number): StyleData {
  return {
    models,
    n,
    a: new Int32Array(n),
    b: new Int32Array(n),
    y: new Float64Array(n),
    x: new Float64Array(n * STYLE_K),
  };
}

/** A count as FastChat stores it: a number, or a dict of sub-counts (`{h1: 2, h2: 0}`). */
export type StyleCount = number | Record<string, number>;

/** FastChat `conv_metadata` (the fields style control reads, plus the prompt-side ones). */
export interface ConvMetadata {
  sum_assistant_a_tokens: StyleCount;
  sum_assistant_b_tokens: StyleCount;
  header_count_a: StyleCount;
  header_count_b: StyleCount;
  list_count_a: StyleCount;
  list_count_b: StyleCount;
  bold_count_a: StyleCount;
  bold_count_b: StyleCount;
  sum_user_tokens?: number;
  turns?: number;
  [key: string]: unknown;
}

const FIELDS = [
  "sum_assistant_a_tokens",
  "header_count_a",
  "list_count_a",
  "bold_count_a",
  "sum_assistant_b_tokens",
  "header_count_b",
  "list_count_b",
  "bold_count_b",
] as const;

/** Counts are non-negative; a negative or absurd one (≥ 1e15) marks the metadata malformed (the store's SQL agrees). */
const count = (v: number) => (v >= 0 && v < 1e15 ? v : NaN);

function total(v: unknown): number {
  if (typeof v === "number") return count(v);
  if (typeof v !== "object" || v === null || Array.isArray(v)) return NaN;
  let s = 0;
  for (const x of Object.values(v)) {
    if (typeof x !== "number" || Number.isNaN(count(x))) return NaN;
    s += x;
  }
  return s;
}

/**
 * The eight totals (A's four, then B's four) into `out` at `offset`; false when `meta` lacks one
 * or one is not a number / dict of numbers (the battle then has no style data).
 */
export function readStyleCounts(meta: unknown, out: Float64Array, offset = 0): boolean {
  if (typeof meta !== "object" || meta === null) return false;
  const m = meta as Record<string, unknown>;
  for (let f = 0; f < FIELDS.length; f++) {
    const v = total(m[FIELDS[f]]);
    if (Number.isNaN(v)) return false;
    out[offset + f] = v;
  }
  return true;
}

export interface StyleStandardisation {
  mean: Float64Array;
  std: Float64Array;
}

/** Raw counts (n × 8) → FastChat's four features before standardisation, (A − B) / (A + B + 1) (n × 4, row-major). */
export function styleDiffs(counts: Float64Array, n: number): Float64Array {
  const k = STYLE_K;
  const x = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < k; f++) {
      const a = counts[i * 8 + f],
        b = counts[i * 8 + k + f];
      x[i * k + f] = (a - b) / (a + b + 1);
    }
  }
  return x;
}

/**
 * Raw counts (n × 8) → standardised features (n × 4, row-major). A feature with zero spread is
 * all zeros (FastChat would divide by zero), so its coefficient stays at the prior's 0.
 */
export function styleFeatureMatrix(counts: Float64Array, n: number): { x: Float64Array } & StyleStandardisation {
  return standardiseStyle(styleDiffs(counts, n), n);
}

/**
 * Standardises raw features (n × 4, from `styleDiffs` or the vote store) over the battles (population std)
 * into `out` (default: in place). Two passes: the first sums each feature and its square about the first
 * battle's value (a shift that keeps the variance free of cancellation for features in [−1, 1]), the
 * second writes (x − mean) / std.
 */
export function standardiseStyle(
  x: Float64Array,
  n: number,
  out: Float64Array = x,
): { x: Float64Array } & StyleStandardisation {
  const k0 = n > 0 ? x[0] : 0,
    k1 = n > 0 ? x[1] : 0,
    k2 = n > 0 ? x[2] : 0,
    k3 = n > 0 ? x[3] : 0;
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0,
    q0 = 0,
    q1 = 0,
    q2 = 0,
    q3 = 0;
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    const d0 = x[o] - k0,
      d1 = x[o + 1] - k1,
      d2 = x[o + 2] - k2,
      d3 = x[o + 3] - k3;
    s0 += d0;
    s1 += d1;
    s2 += d2;
    s3 += d3;
    q0 += d0 * d0;
    q1 += d1 * d1;
    q2 += d2 * d2;
    q3 += d3 * d3;
  }
  const m = (s: number) => (n > 0 ? s / n : 0);
  const sd = (s: number, q: number) => (n > 0 ? Math.sqrt(Math.max(0, q / n - m(s) * m(s))) : 0);
  const mean = Float64Array.of(k0 + m(s0), k1 + m(s1), k2 + m(s2), k3 + m(s3));
  const std = Float64Array.of(sd(s0, q0), sd(s1, q1), sd(s2, q2), sd(s3, q3));
  const [m0, m1, m2, m3] = mean;
  const [v0, v1, v2, v3] = std;
  // A feature that does not vary is all zeros (about the first value its sums are exactly 0).
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    out[o] = v0 > 0 ? (x[o] - m0) / v0 : 0;
    out[o + 1] = v1 > 0 ? (x[o + 1] - m1) / v1 : 0;
    out[o + 2] = v2 > 0 ? (x[o + 2] - m2) / v2 : 0;
    out[o + 3] = v3 > 0 ? (x[o + 3] - m3) / v3 : 0;
  }
  return { x: out, mean, std };
}
