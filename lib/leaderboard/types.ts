/** The /api/leaderboard response (shared by the route, the page and the client components). */
import type { LeaderboardRow, Matrix } from "@/lib/rating/types";

export type ModelKind = "remote" | "in-browser";

export interface LeaderboardQuery {
  /** Anonymous battles only (default true); false = the named-battles view (all battles). */
  anony: boolean;
  excludeTies: boolean;
  minBattles: number;
  /** Inclusive, seconds since epoch. */
  from?: number;
  to?: number;
  rounds: number;
}

/** A rating row (lib/rating) plus what the configuration says about the model. */
export interface LeaderboardModel extends LeaderboardRow {
  kind: ModelKind;
  /** Provider kind for remote models, engine ("transformers", "webllm", …) for in-browser ones. */
  provider: string | null;
  organization: string | null;
  license: string | null;
}

export interface LeaderboardResponse {
  models: LeaderboardModel[];
  /** Every vote in the store. */
  totalVotes: number;
  /** Battles that passed the filters and were rated. */
  countedBattles: number;
  rounds: number;
  /** ISO time the statistics were computed. */
  updatedAt: string;
  /** The store version the statistics were computed from. */
  version: number;
  query: LeaderboardQuery;
  /**
   * Whether votes of battles with a browser-run side (client-attested: the server never saw that side's
   * text) are rated in this view; the operator decides in joust.config.json (`arena.countClientAttestedVotes`).
   */
  clientAttested?: boolean;
  winFraction: Matrix<number | null>;
  battleCounts: Matrix<number>;
  /**
   * Set when the comparison graph is disconnected: the ratings cover the largest group of models
   * that were compared with each other; these models were never compared with that group.
   */
  unrated?: { models: string[]; reason: string };
}

export const DEFAULT_QUERY: LeaderboardQuery = { anony: true, excludeTies: false, minBattles: 0, rounds: 100 };
