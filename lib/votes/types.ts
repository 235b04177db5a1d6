/**
 * The server's vote record, with FastChat's clean-battle fields, and the store contract
 * (implemented on PGlite by default and PostgreSQL when DATABASE_URL is set).
 */
import type { ChatMessage } from "@/lib/chat-protocol/types";
import type { CompactBattles, Winner } from "@/lib/rating/types";
import type { PackedDecoderFactory } from "./compact-sink";

export interface VoteRecord {
  question_id: string; // the battle id
  model_a: string;
  model_b: string;
  winner: Winner;
  judge: string; // e.g. "arena_user_<hash of client>"
  turn: number;
  anony: boolean;
  language: string;
  tstamp: number; // seconds since epoch (FastChat convention)
  conversation_a: ChatMessage[];
  conversation_b: ChatMessage[];
  /** False when a reply revealed its own identity (not counted for the anonymous leaderboard). */
  counted: boolean;
  /** FastChat's per-battle counts (tokens, markdown) for style control; null when unknown. */
  conv_metadata?: Record<string, unknown> | null;
  /** Category tags (coding, math, long_query, multi_turn, hard_prompt, a language name, …). */
  categories?: string[];
}

export interface VoteQuery {
  anonyOnly?: boolean;
  countedOnly?: boolean;
  /** Leave out votes whose in-browser side the server could not see (issue 16: opt-in per config). */
  excludeClientAttested?: boolean;
  fromTstamp?: number;
  toTstamp?: number;
  /** Only votes tagged with this category. */
  category?: string;
}

/** Battle pairs/outcomes only — what the leaderboard needs, cheap to load in bulk. */
export interface BattleOutcome {
  model_a: string;
  model_b: string;
  winner: Winner;
  anony: boolean;
  tstamp: number;
  /** Present when asked for (style control). */
  conv_metadata?: Record<string, unknown> | null;
}

export interface OutcomeCount {
  model_a: string;
  model_b: string;
  winner: Winner;
  count: number;
}

/** A leaderboard result as stored for every app instance over the store: the version it was computed from, its JSON. */
export interface StoredResult {
  version: number;
  json: string;
}

export interface VoteStore {
  /** Monotonic counter bumped on every insert: caches recompute when it changes. */
  version(): Promise<number>;
  countVotes(): Promise<number>;
  listOutcomes(q?: VoteQuery & { withStyle?: boolean }): Promise<BattleOutcome[]>;
  /** (model_a, model_b, winner) → count, aggregated in the database (the plain fit's compact form). */
  outcomeCounts?(q?: VoteQuery): Promise<OutcomeCount[]>;
  /**
   * Every battle passing the filters as typed arrays (battle order; models by first appearance; self-battles,
   * and ties when `excludeTies`, left out; with `style`, the raw style features and battles lacking them
   * counted in `styleSkipped`), read in a compact form instead of one object per vote.
   */
  compactBattles?(
    q: VoteQuery,
    opts: { style: boolean; excludeTies?: boolean; decoder?: PackedDecoderFactory },
  ): Promise<CompactBattles>;
  /**
   * Brings the compact copy that `compactBattles` reads fastest up to date (the SQL store's packs), off the
   * request path; returns how much it built (0: nothing to do).
   */
  sealPacks?(): Promise<number>;
  /** Votes per category tag. */
  categoryCounts?(q?: VoteQuery): Promise<Array<{ name: string; votes: number }>>;
  listVotes(q?: VoteQuery & { limit?: number; offset?: number }): Promise<VoteRecord[]>;
  /** The last leaderboard result stored under `key` by any app instance over this store. */
  loadResult?(key: string): Promise<StoredResult | undefined>;
  /** Stores a result computed from `version` (kept only if none from a later version is there) and ends the key's lease. */
  saveResult?(key: string, version: number, json: string): Promise<void>;
  /** Takes the key's computation lease for `ms` unless another instance's has not run out; whether it was taken. */
  claimResult?(key: string, ms: number): Promise<boolean>;
  /** Ends the key's lease without storing a result (the computation failed). */
  releaseResult?(key: string): Promise<void>;
}
