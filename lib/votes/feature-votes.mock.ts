/** Varied votes for the feature-table and pack tests (tests only). */
import { createRng } from "@/lib/rating/random";
import type { StoredVote } from "./sql-store";
import { vote } from "./vote-fixture.mock";

export const full = (over: Record<string, unknown> = {}) => ({
  sum_assistant_a_tokens: 120,
  sum_assistant_b_tokens: 40,
  header_count_a: { h1: 1, h2: 2, h3: 0, h4: 0, h5: 0, h6: 0 },
  header_count_b: 0,
  list_count_a: { ordered: 3, unordered: 4 },
  list_count_b: { ordered: 0, unordered: 1 },
  bold_count_a: 2,
  bold_count_b: { "**": 1, __: 2 },
  ...over,
});

/** Varied votes: models, outcomes, flags, equal time stamps, and conv_metadata good, partial, malformed or absent. */
export function votes(n: number, seed: number): StoredVote[] {
  const rng = createRng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng.next() * xs.length)];
  const metas = [
    () => full({ sum_assistant_a_tokens: Math.floor(rng.next() * 900), bold_count_a: Math.floor(rng.next() * 9) }),
    () => full({ list_count_b: { ordered: Math.floor(rng.next() * 5), unordered: 2 } }),
    () => null,
    () => full({ bold_count_b: undefined }),
    () => full({ header_count_a: { h1: "2" } }),
    () => full({ list_count_a: -1 }),
    () => full({ sum_assistant_b_tokens: [3] }),
    () => full({ header_count_b: {} }),
  ];
  return Array.from({ length: n }, (_, i) => {
    const a = pick(["m0", "m1", "m2", "m3", "m4"]);
    return vote(seed * 10_000 + i, {
      model_a: a,
      model_b: rng.next() < 0.05 ? a : pick(["m0", "m1", "m2", "m3", "m4"]),
      winner: pick(["model_a", "model_b", "model_a", "tie", "tie (bothbad)"] as const),
      anony: rng.next() < 0.85,
      counted: rng.next() < 0.9,
      client_attested: rng.next() < 0.2,
      tstamp: 1_700_000_000 + Math.floor(i / 3), // three votes per time stamp
      conv_metadata: pick(metas)(),
      categories: rng.next() < 0.3 ? ["coding"] : [],
    });
  });
}
