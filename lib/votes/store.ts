// PLACEHOLDER — the arena-server work replaces this with the PGlite / PostgreSQL store (same exports).
import "server-only";
import type { BattleOutcome, VoteRecord, VoteStore } from "./types";

class EmptyStore implements VoteStore {
  async version() { return 0; }
  async countVotes() { return 0; }
  async listOutcomes(): Promise<BattleOutcome[]> { return []; }
  async listVotes(): Promise<VoteRecord[]> { return []; }
}

let store: Promise<VoteStore> | undefined;
/** The process-wide vote store (embedded PGlite by default, PostgreSQL when DATABASE_URL is set). */
export function getVoteStore(): Promise<VoteStore> {
  store ??= Promise.resolve(new EmptyStore());
  return store;
}
