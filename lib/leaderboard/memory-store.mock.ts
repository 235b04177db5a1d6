/** In-memory VoteStores for the leaderboard service's tests. */
import type { PublicModelInfo } from "@/lib/providers/types";
import type { BattleOutcome, VoteQuery, VoteRecord, VoteStore } from "@/lib/votes/types";

/** In-memory VoteStore honouring the VoteQuery filters, with a call counter. */
export class MemoryStore implements VoteStore {
  outcomes: (BattleOutcome & { counted: boolean; categories?: string[] })[] = [];
  listCalls = 0;
  private v = 0;
  add(
    o: Partial<BattleOutcome> & Pick<BattleOutcome, "model_a" | "model_b" | "winner"> & { categories?: string[] },
    n = 1,
    counted = true,
  ) {
    for (let i = 0; i < n; i++) this.outcomes.push({ anony: true, tstamp: 1000, counted, ...o });
    this.v++;
  }
  async version() {
    return this.v;
  }
  async countVotes() {
    return this.outcomes.length;
  }
  async listOutcomes(q: VoteQuery = {}) {
    this.listCalls++;
    await new Promise((r) => setTimeout(r, 5));
    return this.outcomes
      .filter((o) => (!q.anonyOnly || o.anony) && (!q.countedOnly || o.counted))
      .filter((o) => (q.fromTstamp ?? -Infinity) <= o.tstamp && o.tstamp <= (q.toTstamp ?? Infinity))
      .filter((o) => !q.category || (o.categories ?? []).includes(q.category))
      .map(({ counted: _c, categories: _t, ...o }) => o);
  }
  async listVotes(): Promise<VoteRecord[]> {
    return [];
  }
}

/** A MemoryStore that also keeps leaderboard results and leases, as the SQL store's leaderboard_results table does. */
export class SharedStore extends MemoryStore {
  results = new Map<string, { version: number; json: string }>();
  leases = new Map<string, number>();
  async loadResult(key: string) {
    return this.results.get(key);
  }
  async saveResult(key: string, version: number, json: string) {
    const had = this.results.get(key);
    if (!had || had.version <= version) this.results.set(key, { version, json });
    this.leases.delete(key);
  }
  async claimResult(key: string, ms: number) {
    if ((this.leases.get(key) ?? 0) > Date.now()) return false;
    this.leases.set(key, Date.now() + ms);
    return true;
  }
  async releaseResult(key: string) {
    this.leases.delete(key);
  }
}

/** A configured remote model, as the provider registry lists it. */
export const remote: PublicModelInfo = {
  name: "gpt-x",
  provider: "openai",
  available: true,
  organization: "OpenAI",
  license: "Proprietary",
  arena: { anonymousOnly: false, weight: 1 },
};
