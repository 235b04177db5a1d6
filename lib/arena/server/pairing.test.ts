import { describe, expect, it } from "vitest";
import { parseArenaConfig } from "./config";
import { canMeet, drawPair, rivalWeights, seededRng, type Candidate, type PairRules } from "./pairing";

const remote = (name: string, weight = 1, anonymousOnly = false): Candidate => ({
  id: `remote:${name}`,
  name,
  kind: "remote",
  weight,
  anonymousOnly,
});
const local = (id: string, vramMB?: number): Candidate => ({
  id,
  name: id,
  kind: "local",
  weight: 1,
  anonymousOnly: false,
  vramMB,
});
const rules = (over: Partial<PairRules> = {}): PairRules => ({
  mode: "anonymous",
  battleTargets: {},
  neverPair: new Set(),
  allowTwoLocal: false,
  ...over,
});

function tally(pool: Candidate[], r: PairRules, n: number, seed = 7) {
  const rng = seededRng(seed);
  const appear = new Map<string, number>();
  const pairs = new Map<string, number>();
  let leftFirst = 0;
  for (let i = 0; i < n; i++) {
    const p = drawPair(pool, r, rng);
    if (!p) throw new Error("no pair");
    expect(p[0].name).not.toBe(p[1].name);
    for (const c of p) appear.set(c.name, (appear.get(c.name) ?? 0) + 1);
    const key = [p[0].name, p[1].name].sort().join("|");
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
    if (p[0].name < p[1].name) leftFirst++;
  }
  return { appear, pairs, leftFirst };
}

describe("drawPair", () => {
  it("respects sampling weights statistically (seeded)", () => {
    const pool = [remote("heavy", 4), remote("m1"), remote("m2"), remote("m3")];
    const { appear, leftFirst } = tally(pool, rules(), 20_000);
    // heavy is chosen first with p = 4/7 and as rival otherwise with p = 4/6 → ≈ 0.857 of battles.
    const heavyShare = appear.get("heavy")! / 20_000;
    expect(heavyShare).toBeGreaterThan(0.83);
    expect(heavyShare).toBeLessThan(0.88);
    for (const m of ["m1", "m2", "m3"]) expect(appear.get(m)! / 20_000).toBeLessThan(0.45);
    // left/right is random
    expect(leftFirst / 20_000).toBeGreaterThan(0.47);
    expect(leftFirst / 20_000).toBeLessThan(0.53);
  });

  it("same seed → same draws", () => {
    const pool = [remote("a"), remote("b"), remote("c")];
    const run = () =>
      Array.from(
        { length: 20 },
        (
          (rng) => () =>
            drawPair(pool, rules(), rng)!
              .map((c) => c.name)
              .join()
        )(seededRng(3)),
      );
    expect(run()).toEqual(run());
  });

  it("never pairs configured never-pairs nor a model with itself; zero weight never drawn", () => {
    const cfg = parseArenaConfig({
      arena: { neverPairWith: [["a", "b"]] },
      models: [{ name: "c", arena: { neverPairWith: ["d"] } }],
    });
    const pool = [remote("a"), remote("b"), remote("c"), remote("d"), remote("off", 0)];
    const { pairs, appear } = tally(pool, rules({ neverPair: cfg.neverPair }), 5000);
    expect(pairs.has("a|b")).toBe(false);
    expect(pairs.has("c|d")).toBe(false);
    expect(appear.has("off")).toBe(false);
    expect(pairs.has("a|c")).toBe(true);
    expect(drawPair([remote("a"), remote("b")], rules({ neverPair: cfg.neverPair }))).toBeNull();
  });

  it("keeps anonymous-only models out of named draws", () => {
    const pool = [remote("secret", 1, true), remote("x"), remote("y")];
    expect(tally(pool, rules({ mode: "named" }), 2000).appear.has("secret")).toBe(false);
    expect(tally(pool, rules(), 2000).appear.get("secret")).toBeGreaterThan(0);
  });

  it("gives battle targets half of the rival probability", () => {
    const pool = [remote("new"), remote("t1"), remote("o1"), remote("o2"), remote("o3"), remote("o4")];
    const r = rules({ battleTargets: { new: ["t1"] } });
    const w = new Map(rivalWeights(pool[0], pool, r).map(([c, x]) => [c.name, x]));
    expect(w.get("t1")).toBe(4);
    expect(w.get("o1")).toBe(1);
    const { pairs } = tally(pool, r, 30_000);
    const withNew = [...pairs].filter(([k]) => k.split("|").includes("new"));
    const total = withNew.reduce((s, [, n]) => s + n, 0);
    // P(t1 | new first) = 0.5; P(new | t1 first) = 0.2 → share of new-vs-t1 among new's battles ≈ 0.35
    const share = (pairs.get("new|t1") ?? 0) / total;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.4);
  });

  it("allows at most one local model unless two fit", () => {
    const pool = [local("transformers:a", 300), local("webllm:b", 800), remote("r")];
    const one = tally(pool, rules(), 3000).pairs;
    expect(one.has("transformers:a|webllm:b")).toBe(false);
    expect(drawPair([local("x"), local("y")], rules())).toBeNull();
    const two = tally(pool, rules({ allowTwoLocal: true }), 3000).pairs;
    expect(two.get("transformers:a|webllm:b")).toBeGreaterThan(0);
    expect(canMeet(pool[0], pool[0], rules({ allowTwoLocal: true }))).toBe(false);
  });
});
