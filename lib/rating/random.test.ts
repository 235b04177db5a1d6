import { describe, expect, it } from "vitest";
import { binomial, createRng, multinomial } from "./random";

describe("seeded samplers", () => {
  it("repeats a sequence for the same seed", () => {
    const a = createRng(42),
      b = createRng(42),
      c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it.each([
    [20, 0.1], // inversion
    [1000, 0.3], // BTRS
    [1_000_000, 0.002], // BTRS, large n
    [50, 0.9], // reflected
  ])("binomial(%i, %f) has the right mean and variance", (n, p) => {
    const rng = createRng(5);
    const N = 20000;
    let s = 0,
      s2 = 0;
    for (let i = 0; i < N; i++) {
      const x = binomial(rng, n, p);
      expect(x >= 0 && x <= n && Number.isInteger(x)).toBe(true);
      s += x;
      s2 += x * x;
    }
    const mean = s / N,
      variance = s2 / N - mean * mean;
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(mean - n * p)).toBeLessThan((5 * sd) / Math.sqrt(N));
    expect(variance / (sd * sd)).toBeGreaterThan(0.95);
    expect(variance / (sd * sd)).toBeLessThan(1.05);
  });

  it("multinomial draws sum to n and follow the weights", () => {
    const rng = createRng(9);
    const w = [5, 0, 3, 2];
    const out = new Float64Array(4);
    const acc = [0, 0, 0, 0];
    for (let i = 0; i < 2000; i++) {
      multinomial(rng, 100, w, out);
      expect(out.reduce((x, y) => x + y, 0)).toBe(100);
      out.forEach((v, k) => (acc[k] += v));
    }
    expect(acc[1]).toBe(0);
    expect(acc[0] / 200000).toBeCloseTo(0.5, 2);
    expect(acc[2] / 200000).toBeCloseTo(0.3, 2);
  });
});
