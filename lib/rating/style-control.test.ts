import { describe, expect, it } from "vitest";
import {
  compactBattles,
  computeLeaderboard,
  createRng,
  emptyStyleData,
  fitBradleyTerry,
  fitStyleControl,
  leaderboardFromCompact,
  outcomeTable,
  readStyleCounts,
  styleFeatureMatrix,
  styleObjective,
  type Battle,
  type StyleData,
} from "./index";
import { standardiseStyle, styleDiffs } from "./style-features";

const LN10 = Math.LN10;
const TRUE_R = [0.4, 0.2, 0.1, 0, -0.15, -0.3]; // log10 units
const TRUE_BETA = [0.35, -0.2, 0.15, 0.25];

function normal(rng: { next(): number }): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/** Battles with random style counts; outcomes drawn from the contextual model on the standardised features. */
function generate(n: number, seed: number, beta = TRUE_BETA, countsAsDicts = false): Battle[] {
  const rng = createRng(seed);
  const m = TRUE_R.length;
  const pairs: [number, number][] = [];
  const counts = new Float64Array(n * 8);
  for (let i = 0; i < n; i++) {
    const a = Math.floor(rng.next() * m);
    const b = (a + 1 + Math.floor(rng.next() * (m - 1))) % m;
    pairs.push([a, b]);
    const row = [
      50 + 900 * rng.next(),
      Math.floor(6 * rng.next()),
      Math.floor(12 * rng.next()),
      Math.floor(8 * rng.next()),
    ];
    const row2 = [
      50 + 900 * rng.next(),
      Math.floor(6 * rng.next()),
      Math.floor(12 * rng.next()),
      Math.floor(8 * rng.next()),
    ];
    counts.set([...row.map(Math.round), ...row2.map(Math.round)], i * 8);
  }
  const { x } = styleFeatureMatrix(counts, n);
  return pairs.map(([a, b], i) => {
    let z = LN10 * (TRUE_R[a] - TRUE_R[b]);
    for (let f = 0; f < 4; f++) z += beta[f] * x[i * 4 + f];
    const u = rng.next();
    const winner = u < 0.08 ? "tie" : rng.next() < 1 / (1 + Math.exp(-z)) ? "model_a" : "model_b";
    const c = counts.subarray(i * 8, i * 8 + 8);
    const conv_metadata = countsAsDicts
      ? {
          sum_assistant_a_tokens: c[0],
          header_count_a: { h1: c[1], h2: 0 },
          list_count_a: { ordered: c[2], unordered: 0 },
          bold_count_a: { "**": c[3], __: 0 },
          sum_assistant_b_tokens: c[4],
          header_count_b: { h1: 0, h3: c[5] },
          list_count_b: { ordered: 0, unordered: c[6] },
          bold_count_b: { "**": 0, __: c[7] },
        }
      : {
          sum_assistant_a_tokens: c[0],
          header_count_a: c[1],
          list_count_a: c[2],
          bold_count_a: c[3],
          sum_assistant_b_tokens: c[4],
          header_count_b: c[5],
          list_count_b: c[6],
          bold_count_b: c[7],
        };
    return { model_a: `m${a}`, model_b: `m${b}`, winner, conv_metadata } as Battle;
  });
}

function randomData(n: number, m: number, seed: number): StyleData {
  const rng = createRng(seed);
  const d = emptyStyleData(m, n);
  for (let i = 0; i < n; i++) {
    d.a[i] = Math.floor(rng.next() * m);
    d.b[i] = (d.a[i] + 1 + Math.floor(rng.next() * (m - 1))) % m;
    d.y[i] = [0, 0.5, 1][Math.floor(rng.next() * 3)];
    for (let f = 0; f < 4; f++) d.x[i * 4 + f] = normal(rng);
  }
  return d;
}

describe("style-controlled Bradley–Terry", () => {
  it("analytic gradient and Hessian match finite differences of the objective", () => {
    const d = randomData(300, 5, 3);
    const p = d.models + 4;
    const rng = createRng(9);
    const theta = Float64Array.from({ length: p }, () => normal(rng) * 0.5);
    const g = new Float64Array(p),
      h = new Float64Array(p * p);
    styleObjective(d, theta, null, LN10, 0.5, g, h);
    const eps = 1e-6;
    const gp = new Float64Array(p),
      gm = new Float64Array(p),
      tmp = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      const tp = theta.slice(),
        tm = theta.slice();
      tp[j] += eps;
      tm[j] -= eps;
      const fd =
        (styleObjective(d, tp, null, LN10, 0.5, gp, null) - styleObjective(d, tm, null, LN10, 0.5, gm, null)) /
        (2 * eps);
      expect(Math.abs(fd - g[j])).toBeLessThan(1e-5 * Math.max(1, Math.abs(g[j])));
      for (let k = 0; k < p; k++) expect(Math.abs((gp[k] - gm[k]) / (2 * eps) - h[k * p + j])).toBeLessThan(1e-4);
    }
    void tmp;
  });

  it("recovers known style coefficients and ratings from generated battles; gradient ≤ 1e-8 at the optimum", () => {
    const battles = generate(30_000, 5);
    const c = compactBattles(battles, { style: true });
    expect(c.style).toBeDefined();
    const board = computeLeaderboard(battles, { styleControl: true, rounds: 20, seed: 1 });
    const co = board.style!.coefficients;
    const got = [co.length.value, co.header.value, co.list.value, co.bold.value];
    got.forEach((v, f) => expect(Math.abs(v - TRUE_BETA[f])).toBeLessThan(0.06));
    expect(co.length.lower).toBeLessThan(co.length.value);
    expect(co.length.upper).toBeGreaterThan(co.length.value);
    const byName = Object.fromEntries(board.models.map((r) => [r.model, r.rating]));
    for (let i = 1; i < TRUE_R.length; i++) {
      expect(Math.abs(byName.m0 - byName[`m${i}`] - 400 * (TRUE_R[0] - TRUE_R[i]))).toBeLessThan(25);
    }
    // The returned point is the optimum of FastChat's objective to 1e-8.
    const y = Float64Array.from(c.outcome, (o) => (o === 0 ? 1 : o === 1 ? 0 : 0.5));
    const d: StyleData = {
      models: c.models.length,
      n: c.length,
      a: c.a,
      b: c.b,
      y,
      x: styleFeatureMatrix(c.style!, c.length).x,
    };
    const fit = fitStyleControl(d);
    const g = new Float64Array(d.models + 4);
    styleObjective(d, fit.theta, null, LN10, 0.5, g, null);
    expect(Math.max(...g.map(Math.abs))).toBeLessThanOrEqual(1e-8);
    expect(fit.converged).toBe(true);
  });

  it("reads conv_metadata counts as numbers or as dicts of counts, with the same result", () => {
    const asNumbers = computeLeaderboard(generate(3000, 8), { styleControl: true, rounds: 0 });
    const asDicts = computeLeaderboard(generate(3000, 8, TRUE_BETA, true), { styleControl: true, rounds: 0 });
    expect(asDicts.style!.coefficients).toEqual(asNumbers.style!.coefficients);
    expect(asDicts.models.map((r) => r.rating)).toEqual(asNumbers.models.map((r) => r.rating));
    const out = new Float64Array(8);
    expect(readStyleCounts({ sum_assistant_a_tokens: 3 }, out)).toBe(false);
    expect(readStyleCounts({ ...(generate(1, 1)[0].conv_metadata as object), bold_count_b: { "**": "2" } }, out)).toBe(
      false,
    );
    // Counts are non-negative and sane (the vote store's SQL reads them the same way).
    const base = generate(1, 1)[0].conv_metadata as object;
    expect(readStyleCounts(base, out)).toBe(true);
    expect(readStyleCounts({ ...base, list_count_a: -1 }, out)).toBe(false);
    expect(readStyleCounts({ ...base, header_count_b: { h1: 2, h2: -1 } }, out)).toBe(false);
    expect(readStyleCounts({ ...base, sum_assistant_a_tokens: 1e15 }, out)).toBe(false);
  });

  it("leaves battles without conv_metadata out of a style-controlled fit and counts them", () => {
    const battles = [...generate(2000, 4), { model_a: "m0", model_b: "m1", winner: "model_a" } as Battle];
    const board = computeLeaderboard(battles, { styleControl: true, rounds: 0 });
    expect(board.totalBattles).toBe(2000);
    expect(board.style!.skipped).toBe(1);
  });

  it("with all style features zero it is the regularised plain Bradley–Terry fit", () => {
    const battles = generate(4000, 6).map((b) => ({
      ...b,
      conv_metadata: Object.fromEntries(Object.keys(b.conv_metadata as object).map((k) => [k, 7])),
    }));
    const board = computeLeaderboard(battles, { styleControl: true, rounds: 0 });
    expect(Object.values(board.style!.coefficients).map((c) => c.value)).toEqual([0, 0, 0, 0]);
    // 0.25·‖r‖² with θ = ln10·r is the plain fit's ½·l2·‖θ‖² with l2 = 0.5 / ln10².
    const c = compactBattles(battles);
    const plain = fitBradleyTerry(outcomeTable(c), undefined, { l2: 0.5 / LN10 ** 2 });
    const byName = Object.fromEntries(board.models.map((r) => [r.model, r.rating]));
    c.models.forEach((name, i) => expect(byName[name]).toBeCloseTo((plain.theta[i] * 400) / LN10 + 1000, 6));
  });

  it("standardises a store read's own shared features in place once, with the same board as from a copy", () => {
    const c = compactBattles(generate(3000, 9), { style: true });
    const n = c.length;
    // As the vote store hands them over: raw features in shared memory, with the in-place marker.
    const raw = styleDiffs(c.style as Float64Array, n);
    const shared = new Float64Array(new SharedArrayBuffer(raw.byteLength));
    shared.set(raw);
    const owned = {
      ...c,
      style: undefined,
      styleDiff: shared,
      styleScaled: new Float64Array(new SharedArrayBuffer(8)),
    };
    const copy = { ...c, style: undefined, styleDiff: raw.slice() };
    const opts = { styleControl: true, rounds: 4, seed: 3 };
    const want = leaderboardFromCompact(copy, opts);
    expect([...copy.styleDiff]).toEqual([...raw]); // a copy's features stay raw
    expect(leaderboardFromCompact(owned, opts)).toEqual(want);
    expect(owned.styleScaled[0]).toBe(n);
    expect([...shared]).toEqual([...standardiseStyle(raw.slice(), n).x]);
    // Rated again (the point fit, then the intervals): the standardised features are used as they are.
    expect(leaderboardFromCompact(owned, opts)).toEqual(want);
    expect([...shared]).toEqual([...standardiseStyle(raw.slice(), n).x]);
  });

  it("removes a rating gain that comes only from longer answers", () => {
    // m0 and m1 are equally strong, but m0 always answers longer and length wins votes.
    const rng = createRng(12);
    const battles: Battle[] = [];
    for (let i = 0; i < 6000; i++) {
      const flip = rng.next() < 0.5;
      const long = 600 + 200 * rng.next(),
        short = 150 + 100 * rng.next();
      const ta = flip ? short : long,
        tb = flip ? long : short;
      const winner = rng.next() < 1 / (1 + Math.exp((-1.2 * (ta - tb)) / (ta + tb + 1))) ? "model_a" : "model_b";
      const meta = {
        sum_assistant_a_tokens: Math.round(ta),
        sum_assistant_b_tokens: Math.round(tb),
        header_count_a: 0,
        header_count_b: 0,
        list_count_a: 0,
        list_count_b: 0,
        bold_count_a: 0,
        bold_count_b: 0,
      };
      battles.push({ model_a: flip ? "m1" : "m0", model_b: flip ? "m0" : "m1", winner, conv_metadata: meta });
    }
    const gap = (b: ReturnType<typeof computeLeaderboard>) => {
      const r = Object.fromEntries(b.models.map((x) => [x.model, x.rating]));
      return r.m0 - r.m1;
    };
    const plain = computeLeaderboard(battles, { rounds: 0 });
    const styled = computeLeaderboard(battles, { styleControl: true, rounds: 0 });
    expect(gap(plain)).toBeGreaterThan(60);
    expect(Math.abs(gap(styled))).toBeLessThan(20);
    expect(styled.style!.coefficients.length.value).toBeGreaterThan(0.2);
  });

  it("predicts win rates from the ratings", () => {
    const board = computeLeaderboard(generate(2000, 2), { rounds: 0 });
    const [r0, r1] = board.models.map((m) => m.rating);
    expect(board.predictedWinRate.matrix[0][1]).toBeCloseTo(1 / (1 + 10 ** ((r1 - r0) / 400)), 12);
    expect(board.predictedWinRate.matrix[1][0] + board.predictedWinRate.matrix[0][1]).toBeCloseTo(1, 12);
  });
});
