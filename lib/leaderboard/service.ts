/**
 * The leaderboard as a cached service over the vote store. One result per (query, store version):
 * requests reuse it until votes arrive, and concurrent requests for the same key share one
 * computation (single flight). Nothing is recomputed per request.
 */
import "server-only";
import { arenaConfig } from "@/lib/arena/server/config";
import { JoustError } from "@/lib/errors";
import { listPublicModels } from "@/lib/providers";
import type { PublicModelInfo } from "@/lib/providers/types";
import { computeLeaderboard } from "@/lib/rating/leaderboard";
import { rateOffThread, type Rate } from "./off-thread";
import { getVoteStore } from "@/lib/votes/store";
import type { VoteStore } from "@/lib/votes/types";
import type { LeaderboardModel, LeaderboardQuery, LeaderboardResponse } from "./types";

interface Entry {
  version: number;
  result: Promise<LeaderboardResponse>;
}

const MAX_ENTRIES = 32;

export class LeaderboardService {
  private cache = new Map<string, Entry>();
  /** Number of computations started (observable for tests and logs). */
  computations = 0;

  constructor(
    private readonly store: () => Promise<VoteStore>,
    private readonly models: () => Promise<PublicModelInfo[]> = async () => [],
    private readonly now: () => Date = () => new Date(),
    /** joust.config.json `arena.countClientAttestedVotes`: rate votes whose browser-run side the server never saw. */
    private readonly includeClientAttested: () => boolean = () => false,
    /** Runs the statistics; the process-wide service runs them in a worker thread (./off-thread). */
    private readonly rate: Rate = async (battles, opts) => computeLeaderboard(battles, opts),
  ) {}

  async get(query: LeaderboardQuery): Promise<LeaderboardResponse> {
    const store = await this.store();
    const version = await store.version();
    const attested = this.includeClientAttested();
    const key = JSON.stringify([attested, query.anony, query.excludeTies, query.minBattles, query.from ?? null, query.to ?? null, query.rounds]);
    const hit = this.cache.get(key);
    if (hit && hit.version === version) {
      this.cache.delete(key); // LRU: move to the back
      this.cache.set(key, hit);
      return hit.result;
    }
    const entry: Entry = { version, result: this.compute(store, version, query, attested) };
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    // A statistics error (e.g. a disconnected graph) is a fact about this version and stays cached;
    // any other failure (store unreachable, …) must not stick: the next request retries.
    entry.result.catch((e: unknown) => {
      const permanent = e instanceof JoustError && e.code === "unsupported:leaderboard";
      if (!permanent && this.cache.get(key) === entry) this.cache.delete(key);
    });
    return entry.result;
  }

  private async compute(store: VoteStore, version: number, q: LeaderboardQuery, clientAttested: boolean): Promise<LeaderboardResponse> {
    this.computations++;
    const [outcomes, totalVotes, publicModels] = await Promise.all([
      store.listOutcomes({ anonyOnly: q.anony, countedOnly: q.anony, excludeClientAttested: !clientAttested, fromTstamp: q.from, toTstamp: q.to }),
      store.countVotes(),
      this.models().catch(() => [] as PublicModelInfo[]),
    ]);
    const options = {
      anonyOnly: q.anony,
      excludeTies: q.excludeTies,
      minBattles: q.minBattles,
      fromTstamp: q.from,
      toTstamp: q.to,
      rounds: q.rounds,
      seed: version,
    };
    let board;
    let unrated: LeaderboardResponse["unrated"];
    try {
      board = await this.rate(outcomes, options);
    } catch (e) {
      const err = JoustError.from(e, "internal:leaderboard");
      const groups = err.details?.reason === "disconnected" ? (err.details.components as string[][]) : undefined;
      if (!groups) throw err;
      // Rate the group with the most battles; list the rest instead of failing the page.
      const battlesIn = (g: Set<string>) => outcomes.filter((o) => g.has(o.model_a) && g.has(o.model_b)).length;
      const sets = groups.map((g) => new Set(g));
      const main = sets.reduce((best, g) => (battlesIn(g) > battlesIn(best) ? g : best));
      board = await this.rate(outcomes.filter((o) => main.has(o.model_a) && main.has(o.model_b)), options);
      unrated = { models: groups.flat().filter((m) => !main.has(m)), reason: err.message };
    }
    const info = new Map(publicModels.map((m) => [m.name, m]));
    const models: LeaderboardModel[] = board.models.map((row) => {
      const remote = info.get(row.model);
      return {
        ...row,
        kind: remote ? "remote" : "in-browser",
        provider: remote ? remote.provider : row.model.includes(":") ? row.model.split(":")[0] : null,
        organization: remote?.organization ?? null,
        license: remote?.license ?? null,
      };
    });
    return {
      models,
      totalVotes,
      countedBattles: board.totalBattles,
      rounds: board.rounds,
      updatedAt: this.now().toISOString(),
      version,
      query: q,
      clientAttested,
      winFraction: board.winFraction,
      battleCounts: board.battleCounts,
      ...(unrated ? { unrated } : {}),
    };
  }
}

let service: LeaderboardService | undefined;
/** The process-wide service over the real vote store and provider registry. */
export function getLeaderboardService(): LeaderboardService {
  service ??= new LeaderboardService(getVoteStore, listPublicModels, undefined, () => arenaConfig().countClientAttested, rateOffThread);
  return service;
}
