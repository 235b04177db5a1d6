/** The vote store's record types: battles, stored votes and the answers the server streamed. */
import type { VoteRecord } from "./types";

export type BattleMode = "anonymous" | "named";
export type SideKind = "local" | "remote";

/** Per-battle data kept beside the pair (never sent to the browser for anonymous remote sides). */
export interface BattleParams {
  sides: { a: SideKind; b: SideKind };
  sequential: boolean;
  /** A side runs in the browser, so its votes are client-attested (absent on battles from before issue 16). */
  clientAttested?: boolean;
  [key: string]: unknown;
}

export interface BattleRecord {
  id: string;
  mode: BattleMode;
  model_a: string;
  model_b: string;
  createdAt: number; // ms
  expiresAt: number; // ms
  votedAt: number | null; // ms
  clientKey: string | null;
  params: BattleParams;
}

export type NewBattle = Omit<BattleRecord, "createdAt" | "votedAt">;

/** A vote row as stored: FastChat's clean-battle fields plus its idempotency key. */
export interface StoredVote extends VoteRecord {
  idempotency_key: string;
  /** A side ran in the browser: the server never saw that text (the leaderboard trusts it only when configured). */
  client_attested?: boolean;
  /** The time the client said it voted (tstamp is the server's receive time); null for imports. */
  client_tstamp?: number | null;
}

/** The remote answers the server streamed for one battle: `a[i]` / `b[i]` = the side's i-th assistant message. */
export interface ServedReplies {
  a: string[];
  b: string[];
}

export interface VoteRef {
  question_id: string;
  model_a: string;
  model_b: string;
  counted: boolean;
}
