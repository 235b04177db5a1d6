/** The /api/leaderboard response (shared by the route, the page and the client components). */
import type { LeaderboardRow, Matrix, StyleResult } from "@/lib/rating/types";

/** "imported": neither a configured remote model nor a known in-browser engine's (e.g. from a FastChat file). */
export type ModelKind = "remote" | "in-browser" | "imported";

export interface LeaderboardQuery {
  /** Anonymous battles only (default true); false = the named-battles view (all battles). */
  anony: boolean;
  excludeTies: boolean;
  minBattles: number;
  /** Inclusive, seconds since epoch. */
  from?: number;
  to?: number;
  rounds: number;
  /** Style-controlled ratings (FastChat's contextual BT on length and markdown); default true. */
  style: boolean;
  /** Only battles tagged with this category ("" = overall). */
  category: string;
  /** Whether client-attested votes (a browser-run side) are rated: set by the server from its config, never by the client. */
  clientAttested?: boolean;
}

/** A rating row (lib/rating) plus what the configuration says about the model. */
export interface LeaderboardModel extends LeaderboardRow {
  kind: ModelKind;
  /** Provider kind for remote models, engine ("transformers", "webllm", …) for in-browser ones. */
  provider: string | null;
  organization: string | null;
  license: string | null;
  /** With a category: overall rank − rank in the category (positive = better here); null when not on the overall board. */
  rankDelta: number | null;
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
  /** P(row beats column) from the ratings. */
  predictedWinRate: Matrix<number>;
  /** Style coefficients (with 95% CIs) when `query.style`. */
  style?: StyleResult;
  /** Categories with at least one tagged vote, most votes first (for the selector). */
  categories: Array<{ name: string; votes: number }>;
  /**
   * A first style-controlled answer over many battles: the point fit, served while its bootstrap intervals
   * are computed in the background (`lower` = `upper` = `rating`, `rounds` 0, ranks by rating alone until then).
   */
  intervalsPending?: boolean;
  /** True while a newer result is being computed in the background (this one is `ageSeconds` old). */
  stale: boolean;
  /** Seconds since `updatedAt` when this answer was served. */
  ageSeconds: number;
  /**
   * Set when the comparison graph is disconnected: the ratings cover the largest group of models
   * that were compared with each other; these models were never compared with that group.
   */
  unrated?: { models: string[]; reason: string };
}

export const DEFAULT_QUERY: LeaderboardQuery = {
  anony: true,
  excludeTies: false,
  minBattles: 0,
  rounds: 100,
  style: true,
  category: "",
};
