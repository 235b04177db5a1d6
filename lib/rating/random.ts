/**
 * Seeded PRNG (sfc32 seeded through splitmix32) and the samplers the bootstrap needs:
 * exact binomial (inversion for small n·p, Hörmann's BTRS otherwise) and multinomial
 * by conditional binomials — O(rows) per draw, independent of the number of battles.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer (one step of the generator; next() takes two). */
  uint32(): number;
}

export function createRng(seed: number | string = 0): Rng {
  let h = typeof seed === "number" ? seed >>> 0 : hashString(seed);
  const split = () => {
    h = (h + 0x9e3779b9) | 0;
    let z = h;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(),
    b = split(),
    c = split(),
    d = split();
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  // 53-bit uniform from two 32-bit outputs.
  return { next: () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992, uint32: next };
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);
const LOG_FACT = new Float64Array(256);
for (let i = 1; i < 256; i++) LOG_FACT[i] = LOG_FACT[i - 1] + Math.log(i);

/** ln(k!) — table below 256, Stirling series above (error < 1e-12). */
export function logFactorial(k: number): number {
  if (k < 256) return LOG_FACT[k];
  const k2 = k * k;
  // (k + ½)·ln k − k + ½·ln 2π + the series: one logarithm.
  return (k + 0.5) * Math.log(k) - k + HALF_LN_2PI + 1 / (12 * k) - 1 / (360 * k * k2) + 1 / (1260 * k2 * k2 * k);
}

/** Exact draw from Binomial(n, p). */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  return n * p < 10 ? binomialInversion(rng, n, p) : binomialBtrs(rng, n, p);
}

function binomialInversion(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  let r = Math.exp(n * Math.log1p(-p));
  let u = rng.next();
  let x = 0;
  while (u > r) {
    u -= r;
    x++;
    if (x > n) return binomialInversion(rng, n, p); // round-off tail: redraw
    r *= a / x - s;
  }
  return x;
}

/** Hörmann (1993), "The generation of binomial random variates", algorithm BTRS. */
function binomialBtrs(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  // Most draws are accepted by the squeeze (us ≥ 0.07, v ≤ vr): the logarithms the full test needs
  // are computed only when a draw reaches it.
  let alpha = NaN,
    lpq = NaN,
    m = NaN,
    h = NaN;
  for (;;) {
    const u = rng.next() - 0.5;
    let v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    if (Number.isNaN(h)) {
      alpha = (2.83 + 5.1 / b) * spq;
      lpq = Math.log(p / q);
      m = Math.floor((n + 1) * p);
      h = logFactorial(m) + logFactorial(n - m);
    }
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}

/** Multinomial(n, weights / Σweights) into `out` by conditional binomials. */
export function multinomial(rng: Rng, n: number, weights: ArrayLike<number>, out: Float64Array): Float64Array {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  let left = n;
  let massLeft = total;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (left <= 0 || w <= 0) {
      out[i] = 0;
      continue;
    }
    const x = i === weights.length - 1 || w >= massLeft ? left : binomial(rng, left, w / massLeft);
    out[i] = x;
    left -= x;
    massLeft -= w;
  }
  return out;
}
