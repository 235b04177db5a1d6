import { describe, expect, it } from "vitest";
import { createRng } from "./random";
import { fitStyleControl, styleObjective } from "./style-control";
import { emptyStyleData } from "./style-features";
import { fitStyleControlWarm, strideSample, WARM_START_MIN } from "./style-warm-start";
import type { StyleData } from "./types";

/** Battles whose outcomes depend on the ratings (model index / 20) and on two of the four features. */
function generated(n: number, m: number, seed: number): StyleData {
  const rng = createRng(seed);
  const d = emptyStyleData(m, n);
  for (let i = 0; i < n; i++) {
    d.a[i] = Math.floor(rng.next() * m);
    d.b[i] = (d.a[i] + 1 + Math.floor(rng.next() * (m - 1))) % m;
    for (let f = 0; f < 4; f++) d.x[i * 4 + f] = 2 * rng.next() - 1;
    const z = (d.a[i] - d.b[i]) / 6 + 0.8 * d.x[i * 4] + 0.1 * d.x[i * 4 + 2];
    d.y[i] = rng.next() < 0.1 ? 0.5 : rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return d;
}

describe("warm-started style-controlled fit", () => {
  it("samples every step-th battle", () => {
    const d = generated(10, 3, 1);
    const s = strideSample(d, 3);
    expect(s.n).toBe(4);
    expect([...s.a]).toEqual([d.a[0], d.a[3], d.a[6], d.a[9]]);
    expect([...s.x.subarray(4, 8)]).toEqual([...d.x.subarray(12, 16)]);
  });

  it("reaches the optimum of the cold fit in fewer passes over the battles", () => {
    const d = generated(WARM_START_MIN + 50_000, 30, 11);
    const cold = fitStyleControl(d);
    const warm = fitStyleControlWarm(d);
    expect(warm.converged).toBe(true);
    expect(warm.iterations).toBeLessThan(cold.iterations);
    for (let j = 0; j < cold.theta.length; j++) expect(Math.abs(warm.theta[j] - cold.theta[j])).toBeLessThan(1e-10);
    const g = new Float64Array(d.models + 4);
    styleObjective(d, warm.theta, null, Math.LN10, 0.5, g, null);
    expect(Math.max(...g.map(Math.abs))).toBeLessThanOrEqual(1e-8);
  });
});
