import { describe, expect, it } from "vitest";
import { compactBattles } from "@/lib/rating/compact";
import { onlineElo } from "@/lib/rating/elo";
import { createRng } from "@/lib/rating/random";
import type { Battle } from "@/lib/rating/types";
import { computeElo, type EloJob, onlineEloOn } from "./elo-thread";

// The helper thread itself is the compiled CLI (scripts/leaderboard-cli.test.ts compares its Elo with one
// thread's). Here: the job's round trip, and a helper that never answers.
describe("online Elo on the helper thread", () => {
  const rng = createRng(5);
  const battles = Array.from({ length: 5000 }, (): Battle => {
    const a = Math.floor(rng.next() * 6);
    return {
      model_a: `m${a}`,
      model_b: `m${(a + 1 + Math.floor(rng.next() * 5)) % 6}`,
      winner: rng.next() < 0.1 ? "tie" : rng.next() < 0.55 ? "model_a" : "model_b",
    };
  });
  const c = compactBattles(battles);
  const expected = [...onlineElo(c, { scale: 400 })];

  it("gives the helper's answer when it computes the job", () => {
    const got = onlineEloOn({ elo: (job: EloJob) => (computeElo(job), true) })(c, { scale: 400 })();
    expect([...got]).toEqual(expected);
  });

  it("computes it here when the helper never answers", () => {
    const t = performance.now();
    const got = onlineEloOn({ elo: () => true })(c, { scale: 400 })();
    expect([...got]).toEqual(expected);
    expect(performance.now() - t).toBeGreaterThan(1500);
  });

  it("computes it here at once when the helper is gone", () => {
    const t = performance.now();
    const got = onlineEloOn({ elo: () => false })(c, { scale: 400 })();
    expect([...got]).toEqual(expected);
    expect(performance.now() - t).toBeLessThan(1500);
  });
});
