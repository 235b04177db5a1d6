import "server-only";
/**
 * Migration v7: `leaderboard_results`, the leaderboard's last result per query, kept in the database so every
 * app instance over it (and an instance that just started) serves one shared computation
 * (lib/leaderboard/service.ts). A row is a result, a lease, or both: `result` is the JSON of the last result
 * and `version` the vote-store version it was computed from; `lease_until` says that an instance is computing
 * the next one until then.
 */
import type { SqlExecutor } from "./sql";
import type { StoredResult } from "./types";

export const RESULTS_MIGRATION = `
CREATE TABLE leaderboard_results (
  key         TEXT PRIMARY KEY,
  version     BIGINT NOT NULL DEFAULT -1,
  result      TEXT,
  computed_at TIMESTAMPTZ,
  lease_until TIMESTAMPTZ
);
`;

export async function loadResult(db: SqlExecutor, key: string): Promise<StoredResult | undefined> {
  const [row] = await db.query<{ version: string | number; result: string }>(
    "SELECT version, result FROM leaderboard_results WHERE key = $1 AND result IS NOT NULL",
    [key],
  );
  return row ? { version: Number(row.version), json: row.result } : undefined;
}

/**
 * Rows kept: each distinct query (time window, category, options) has its own, and a client picks the query, so
 * the least recently computed go beyond this many (each instance's memory keeps 32).
 */
export const MAX_STORED_RESULTS = 64;

/**
 * Keeps the result unless the row holds one from a later version; either way the key's lease ends. Then the
 * least recently computed rows beyond MAX_STORED_RESULTS go.
 */
export async function saveResult(db: SqlExecutor, key: string, version: number, json: string): Promise<void> {
  await db.query(
    `INSERT INTO leaderboard_results AS r (key, version, result, computed_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (key) DO UPDATE SET
       result = CASE WHEN r.result IS NULL OR r.version <= EXCLUDED.version THEN EXCLUDED.result ELSE r.result END,
       computed_at = CASE WHEN r.result IS NULL OR r.version <= EXCLUDED.version THEN now() ELSE r.computed_at END,
       version = GREATEST(r.version, EXCLUDED.version),
       lease_until = NULL`,
    [key, version, json],
  );
  await db.query(
    `DELETE FROM leaderboard_results WHERE key IN
       (SELECT key FROM leaderboard_results ORDER BY computed_at DESC NULLS LAST, key OFFSET ${MAX_STORED_RESULTS})`,
  );
}

/** Takes the key's lease for `ms` unless another holder's has not run out; whether it was taken. */
export async function claimResult(db: SqlExecutor, key: string, ms: number): Promise<boolean> {
  const rows = await db.query<{ key: string }>(
    `INSERT INTO leaderboard_results AS r (key, lease_until) VALUES ($1, now() + $2 * interval '1 millisecond')
     ON CONFLICT (key) DO UPDATE SET lease_until = EXCLUDED.lease_until
       WHERE r.lease_until IS NULL OR r.lease_until < now()
     RETURNING key`,
    [key, Math.max(1, Math.round(ms))],
  );
  return rows.length === 1;
}

/** Ends the key's lease without a result (the computation failed): another instance may try at once. */
export async function releaseResult(db: SqlExecutor, key: string): Promise<void> {
  await db.query("UPDATE leaderboard_results SET lease_until = NULL WHERE key = $1", [key]);
}
