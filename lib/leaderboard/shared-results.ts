import "server-only";
/**
 * The leaderboard's results as kept in the vote store (`leaderboard_results`, lib/votes/result-sql.ts) for every
 * app instance over it: read back (its models described by this instance's config), stored, and the lease that
 * lets one instance at a time recompute a query. Keys are scoped (the process-wide service uses the build's id),
 * so instances share only results in their own format. Failures never reach a request: reading falls back to
 * computing (and is not retried for a while), storing only logs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { PublicModelInfo } from "@/lib/providers/types";
import type { VoteStore } from "@/lib/votes/types";
import { modelInfo } from "./model-info";
import type { LeaderboardResponse } from "./types";

/** A result as computed and stored: the response without what depends on the moment it is served. */
export type Computed = Omit<LeaderboardResponse, "stale" | "ageSeconds">;

/** How long a failed read of a stored result keeps the process from trying again (it computes meanwhile). */
const RETRY_MS = 30_000;

export class SharedResults {
  private downUntil = 0;

  constructor(
    private readonly scope: string,
    private readonly models: () => Promise<PublicModelInfo[]>,
  ) {}

  private key(key: string): string {
    return `${this.scope}|${key}`;
  }

  /** The stored result for `key`; undefined when none, when the store keeps none, or when it cannot be read. */
  async load(store: VoteStore, key: string): Promise<{ version: number; value: Computed } | undefined> {
    if (!store.loadResult || Date.now() < this.downUntil) return undefined;
    try {
      const stored = await store.loadResult(this.key(key));
      if (!stored) return undefined;
      const value = JSON.parse(stored.json) as Computed;
      const info = modelInfo(await this.models().catch(() => [] as PublicModelInfo[]));
      return {
        version: stored.version,
        value: { ...value, models: value.models.map((m) => ({ ...m, ...info(m.model) })) },
      };
    } catch (e) {
      this.downUntil = Date.now() + RETRY_MS;
      console.error("[joust] leaderboard: reading the stored result failed:", e instanceof Error ? e.message : e);
      return undefined;
    }
  }

  /** Stores a complete result (ending this instance's lease on it); a failure only costs the other instances. */
  save(store: VoteStore, key: string, v: Computed): void {
    store.saveResult?.(this.key(key), v.version, JSON.stringify(v)).catch((e: unknown) => {
      console.error("[joust] leaderboard: storing the result failed:", e instanceof Error ? e.message : e);
    });
  }

  /** Takes the query's lease for `ms`: false while another instance holds it; true for a store without leases. */
  claim(store: VoteStore, key: string, ms: number): Promise<boolean> {
    return store.claimResult ? store.claimResult(this.key(key), ms) : Promise.resolve(true);
  }

  /** Gives a lease back without a result (the computation failed); it lapses on its own otherwise. */
  release(store: VoteStore, key: string): void {
    store.releaseResult?.(this.key(key)).catch(() => undefined);
  }
}

/** The production build's id (`.next/BUILD_ID`), or "dev" where there is none (`next dev`, tests). */
export function buildId(): string {
  try {
    return readFileSync(join(process.cwd(), ".next", "BUILD_ID"), "utf8").trim() || "dev";
  } catch {
    return "dev";
  }
}
