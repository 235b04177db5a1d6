/**
 * One leaderboard computation, split so it can run anywhere (request path, a background refresh, a
 * worker thread): `loadBattles` reads the compact input from the store — (pair, outcome) counts
 * aggregated in SQL for the plain fit, per-battle rows with conv_metadata for style control — and
 * `rateBattles` is pure over that input.
 */
import { JoustError } from "@/lib/errors";
import { CompactBuilder } from "@/lib/rating/compact";
import { withMinBattles } from "@/lib/rating/min-battles";
import { leaderboardFromCompact } from "@/lib/rating/leaderboard";
import type { CompactBattles, LeaderboardOptions, LeaderboardResult } from "@/lib/rating/types";
import type { PackedDecoderFactory } from "@/lib/votes/compact-sink";
import type { BattleOutcome, OutcomeCount, VoteQuery, VoteStore } from "@/lib/votes/types";
import type { LeaderboardQuery, LeaderboardResponse } from "./types";

export type BattleInput =
  | { kind: "rows"; outcomes: BattleOutcome[] }
  | { kind: "counts"; counts: OutcomeCount[] }
  | { kind: "compact"; battles: CompactBattles };

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

export async function loadBattles(
  store: VoteStore,
  q: LeaderboardQuery,
  decoder?: PackedDecoderFactory,
): Promise<BattleInput> {
  const vq = voteQuery(q);
  if (!q.style && store.outcomeCounts) return { kind: "counts", counts: await store.outcomeCounts(vq) };
  if (store.compactBattles) {
    const opts = { style: q.style, excludeTies: q.excludeTies, decoder };
    return { kind: "compact", battles: await store.compactBattles(vq, opts) };
  }
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
  if (input.kind === "compact") {
    // withMinBattles renumbers in place when it drops models: never on the input (it may be rated again).
    const min = opts.minBattles ?? 0;
    const c = keep ? onlyModels(input.battles, keep) : min > 0 ? copyOf(input.battles) : input.battles;
    return leaderboardFromCompact(withMinBattles(c, min), opts);
  }
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
  threads: Pick<LeaderboardOptions, "onlineEloOn" | "styleBootstrap" | "stylePasses"> = {},
): { board: LeaderboardResult; unrated?: LeaderboardResponse["unrated"] } {
  const opts = { ...options(q, seed, input), ...threads };
  try {
    return { board: rate(input, opts) };
  } catch (e) {
    const err = JoustError.from(e, "internal:leaderboard");
    const groups = err.details?.reason === "disconnected" ? (err.details.components as string[][]) : undefined;
    if (!groups) throw err;
    const battlesIn = (g: Set<string>) => countIn(input, g);
    const sets = groups.map((g) => new Set(g));
    const main = sets.reduce((best, g) => (battlesIn(g) > battlesIn(best) ? g : best));
    return {
      board: rate(input, opts, main),
      unrated: { models: groups.flat().filter((m) => !main.has(m)), reason: err.message },
    };
  }
}

/** Battles of `input` between two models of `g`. */
function countIn(input: BattleInput, g: Set<string>): number {
  if (input.kind === "compact") {
    const c = input.battles;
    const inG = c.models.map((m) => g.has(m));
    let n = 0;
    for (let k = 0; k < c.length; k++) if (inG[c.a[k]] && inG[c.b[k]]) n++;
    return n;
  }
  const pairs = input.kind === "counts" ? input.counts : input.outcomes.map((o) => ({ ...o, count: 1 }));
  return pairs.reduce((n, o) => n + (g.has(o.model_a) && g.has(o.model_b) ? o.count : 0), 0);
}

/** A copy of the battles' arrays. */
function copyOf(c: CompactBattles): CompactBattles {
  return {
    ...c,
    a: c.a.slice(0, c.length),
    b: c.b.slice(0, c.length),
    outcome: c.outcome.slice(0, c.length),
    ...(c.style ? { style: c.style.slice() } : {}),
    ...(c.styleDiff ? { styleDiff: c.styleDiff.slice() } : {}),
    // Not the original's in-place record: the copy is standardised into a new array (re-standardising
    // features the original already standardised changes them only by rounding).
    styleScaled: undefined,
  };
}

/** The battles between models of `keep`, models renumbered by first appearance (a copy). */
function onlyModels(c: CompactBattles, keep: Set<string>): CompactBattles {
  const out = copyOf(c);
  const remap = new Int32Array(c.models.length).fill(-1);
  const models: string[] = [];
  const widths: Array<[Float64Array, number]> = [];
  if (out.style) widths.push([out.style, 8]);
  if (out.styleDiff) widths.push([out.styleDiff, 4]);
  let w = 0;
  for (let k = 0; k < c.length; k++) {
    const x = c.a[k],
      y = c.b[k];
    if (!keep.has(c.models[x]) || !keep.has(c.models[y])) continue;
    if (remap[x] < 0) remap[x] = models.push(c.models[x]) - 1;
    if (remap[y] < 0) remap[y] = models.push(c.models[y]) - 1;
    out.a[w] = remap[x];
    out.b[w] = remap[y];
    out.outcome[w] = c.outcome[k];
    for (const [arr, width] of widths) arr.copyWithin(w * width, k * width, k * width + width);
    w++;
  }
  return { ...out, models, length: w };
}
