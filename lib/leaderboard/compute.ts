/**
 * One leaderboard computation, split so it can run anywhere (request path, a background refresh, a
 * worker thread): `loadBattles` reads the compact input from the store — (pair, outcome) counts
 * aggregated in SQL for the plain fit, per-battle rows with conv_metadata for style control — and
 * `rateBattles` is pure over that input.
 */
import { JoustError } from "@/lib/errors";
import { CompactBuilder } from "@/lib/rating/compact";
import { leaderboardFromCompact } from "@/lib/rating/leaderboard";
import type { LeaderboardOptions, LeaderboardResult } from "@/lib/rating/types";
import type { BattleOutcome, OutcomeCount, VoteQuery, VoteStore } from "@/lib/votes/types";
import type { LeaderboardQuery, LeaderboardResponse } from "./types";

export type BattleInput = { kind: "rows"; outcomes: BattleOutcome[] } | { kind: "counts"; counts: OutcomeCount[] };

export function voteQuery(q: LeaderboardQuery): VoteQuery {
  return {
    anonyOnly: q.anony,
    countedOnly: q.anony,
    excludeClientAttested: !q.clientAttested,
    fromTstamp: q.from,
    toTstamp: q.to,
    category: q.category || undefined,
  };
}

export async function loadBattles(store: VoteStore, q: LeaderboardQuery): Promise<BattleInput> {
  const vq = voteQuery(q);
  if (!q.style && store.outcomeCounts) return { kind: "counts", counts: await store.outcomeCounts(vq) };
  return { kind: "rows", outcomes: await store.listOutcomes({ ...vq, withStyle: q.style }) };
}

function options(q: LeaderboardQuery, seed: number, input: BattleInput): LeaderboardOptions {
  return {
    anonyOnly: q.anony,
    excludeTies: q.excludeTies,
    minBattles: q.minBattles,
    fromTstamp: q.from,
    toTstamp: q.to,
    rounds: q.rounds,
    seed,
    styleControl: q.style,
    style: q.style,
    unordered: input.kind === "counts",
  };
}

function rate(input: BattleInput, opts: LeaderboardOptions, keep?: Set<string>): LeaderboardResult {
  const builder = new CompactBuilder(opts);
  const ok = (a: string, b: string) => !keep || (keep.has(a) && keep.has(b));
  if (input.kind === "counts") {
    for (const c of input.counts) if (ok(c.model_a, c.model_b)) builder.addMany({ ...c, anony: true }, c.count);
  } else {
    for (const o of input.outcomes) if (ok(o.model_a, o.model_b)) builder.add(o);
  }
  return leaderboardFromCompact(builder.finish(), opts);
}

/** Ratings for the input; a disconnected graph rates its largest group and lists the others as unrated. */
export function rateBattles(
  input: BattleInput,
  q: LeaderboardQuery,
  seed: number,
): { board: LeaderboardResult; unrated?: LeaderboardResponse["unrated"] } {
  const opts = options(q, seed, input);
  try {
    return { board: rate(input, opts) };
  } catch (e) {
    const err = JoustError.from(e, "internal:leaderboard");
    const groups = err.details?.reason === "disconnected" ? (err.details.components as string[][]) : undefined;
    if (!groups) throw err;
    const pairs = input.kind === "counts" ? input.counts : input.outcomes.map((o) => ({ ...o, count: 1 }));
    const battlesIn = (g: Set<string>) =>
      pairs.reduce((n, o) => n + (g.has(o.model_a) && g.has(o.model_b) ? o.count : 0), 0);
    const sets = groups.map((g) => new Set(g));
    const main = sets.reduce((best, g) => (battlesIn(g) > battlesIn(best) ? g : best));
    return {
      board: rate(input, opts, main),
      unrated: { models: groups.flat().filter((m) => !main.has(m)), reason: err.message },
    };
  }
}
