import "server-only";
import type { CompactBattles } from "@/lib/rating/types";
import { type CompactReadOptions, featureOutcomeCounts, readCompactBattles } from "./feature-read";
import { RECOUNT_CATEGORIES } from "./category-counts-sql";
import { fillFeatures } from "./features-sql";
import { PACK_ROWS, sealPacks } from "./packs-sql";
import type { SqlClient } from "./sql";
import { migrate } from "./migrations";
import { claimResult, loadResult, releaseResult, saveResult } from "./result-sql";
import type { BattleRecord, NewBattle, ServedReplies, StoredVote, VoteRef } from "./sql-records";
import {
  BATTLE_SELECT,
  type BattleRow,
  bumpVersion,
  insertVotes,
  parseJson,
  ROWS_PER_INSERT,
  sortByKey,
  toBattle,
  toVote,
  VOTE_COLS,
  valuesClause,
  voteWhere,
} from "./sql-rows";
import type { BattleOutcome, OutcomeCount, StoredResult, VoteQuery, VoteRecord, VoteStore } from "./types";

export type {
  BattleMode,
  BattleParams,
  BattleRecord,
  NewBattle,
  ServedReplies,
  SideKind,
  StoredVote,
  VoteRef,
} from "./sql-records";

/** The vote store on one SQL dialect: PGlite (embedded) or PostgreSQL. */
export class SqlVoteStore implements VoteStore {
  /** Rows per pack of the tail (./packs-sql.ts; smaller in tests). */
  packRows = PACK_ROWS;

  private constructor(readonly db: SqlClient) {}

  static async open(db: SqlClient): Promise<SqlVoteStore> {
    await migrate(db);
    return new SqlVoteStore(db);
  }

  get kind(): SqlClient["kind"] {
    return this.db.kind;
  }

  close(): Promise<void> {
    return this.db.close();
  }

  // ---- VoteStore (read side, used by the leaderboard) ----

  async version(): Promise<number> {
    const rows = await this.db.query<{ value: string | number }>(
      "SELECT value FROM vote_store_meta WHERE key = 'version'",
    );
    return Number(rows[0]?.value ?? 0);
  }

  /** Every vote: read from the kept counts (vote_counts, one row per vote in vote_features) unless filtered. */
  async countVotes(q: VoteQuery = {}): Promise<number> {
    const { where, params } = voteWhere(q);
    const rows = await this.db.query<{ n: number }>(
      where
        ? `SELECT count(*)::int AS n FROM votes ${where}`
        : "SELECT coalesce(sum(n), 0)::bigint AS n FROM vote_counts",
      params,
    );
    return Number(rows[0]?.n ?? 0);
  }

  async listOutcomes(q: VoteQuery & { withStyle?: boolean } = {}): Promise<BattleOutcome[]> {
    const { where, params } = voteWhere(q);
    const rows = await this.db.query<BattleOutcome>(
      `SELECT model_a, model_b, winner, anony, tstamp${q.withStyle ? ", conv_metadata" : ""} FROM votes ${where} ORDER BY tstamp, id`,
      params,
    );
    return rows.map((r) => ({
      ...r,
      tstamp: Number(r.tstamp),
      ...(q.withStyle ? { conv_metadata: r.conv_metadata ? parseJson(r.conv_metadata) : null } : {}),
    }));
  }

  /** Aggregated in SQL over the compact feature table (small-int ids); both kinds of tie count as "tie". */
  outcomeCounts(q: VoteQuery = {}): Promise<OutcomeCount[]> {
    return featureOutcomeCounts(this.db, q);
  }

  /**
   * Writes the feature rows of votes that have none (a bulk load that bypassed the trigger), set-based, in
   * one transaction; returns how many. Bumps the version when it wrote any.
   */
  async fillFeatures(): Promise<number> {
    const n = await fillFeatures(this.db);
    // Votes without features came in with the votes' triggers off: their categories were not counted either.
    if (n > 0)
      await this.db.transaction(async (tx) => {
        for (const stmt of RECOUNT_CATEGORIES) await tx.query(stmt);
      });
    await this.sealPacks();
    return n;
  }

  /**
   * Packs the feature rows no pack covers yet (./packs-sql.ts): the gaps left by dropped packs, and the tail in
   * PACK_ROWS pieces. Returns how many packs it built.
   */
  sealPacks(rows = this.packRows): Promise<number> {
    return sealPacks(this.db, rows);
  }

  /** Every battle passing the filters as typed arrays, read from the feature table in a binary transfer. */
  compactBattles(q: VoteQuery, opts: CompactReadOptions): Promise<CompactBattles> {
    return readCompactBattles(this.db, q, opts);
  }

  /** Votes per category tag: from the kept counts (vote_category_counts) unless a time window or category filters. */
  async categoryCounts(q: VoteQuery = {}): Promise<Array<{ name: string; votes: number }>> {
    const { where, params } = voteWhere(q);
    const kept = q.fromTstamp === undefined && q.toTstamp === undefined && !q.category;
    const rows = await this.db.query<{ name: string; votes: number }>(
      kept
        ? `SELECT category AS name, sum(n)::int AS votes FROM vote_category_counts ${where}
           GROUP BY category HAVING sum(n) > 0 ORDER BY votes DESC, category`
        : `SELECT c AS name, count(*)::int AS votes FROM votes CROSS JOIN LATERAL unnest(categories) AS c ${where} GROUP BY c ORDER BY votes DESC, c`,
      params,
    );
    return rows.map((r) => ({ name: r.name, votes: Number(r.votes) }));
  }

  // ---- The leaderboard's shared results (./result-sql.ts) ----

  loadResult(key: string): Promise<StoredResult | undefined> {
    return loadResult(this.db, key);
  }

  saveResult(key: string, version: number, json: string): Promise<void> {
    return saveResult(this.db, key, version, json);
  }

  claimResult(key: string, ms: number): Promise<boolean> {
    return claimResult(this.db, key, ms);
  }

  releaseResult(key: string): Promise<void> {
    return releaseResult(this.db, key);
  }

  /** Vote ids and conversations with no conv_metadata yet, oldest first (the backfill's pages). */
  async votesToBackfill(afterId: number, limit: number): Promise<Array<StoredVote & { id: number }>> {
    const rows = await this.db.query<StoredVote & { id: number | string }>(
      `SELECT id, ${VOTE_COLS} FROM votes WHERE id > $1 ORDER BY id LIMIT ${Math.max(1, Math.floor(limit))}`,
      [afterId],
    );
    return rows.map((r) => ({ ...toVote(r), id: Number(r.id) }));
  }

  /** Sets conv_metadata / categories / language of stored votes (backfill, background taggers); bumps the version. */
  async updateVoteTags(
    updates: Array<{
      id?: number;
      question_id?: string;
      conv_metadata?: unknown;
      categories?: string[];
      addCategory?: string;
      language?: string;
    }>,
  ): Promise<void> {
    if (!updates.length) return;
    await this.db.transaction(async (tx) => {
      for (const u of updates) {
        const key = u.id !== undefined ? "id = $1" : "question_id = $1";
        await tx.query(
          `UPDATE votes SET
             conv_metadata = COALESCE($2::jsonb, conv_metadata),
             categories = CASE WHEN $3::text[] IS NOT NULL THEN $3::text[]
                               WHEN $4::text IS NOT NULL AND NOT ($4::text = ANY(categories)) THEN array_append(categories, $4::text)
                               ELSE categories END,
             language = COALESCE($5::text, language)
           WHERE ${key}`,
          [
            u.id ?? u.question_id,
            u.conv_metadata ? JSON.stringify(u.conv_metadata) : null,
            u.categories ?? null,
            u.addCategory ?? null,
            u.language ?? null,
          ],
        );
      }
      await bumpVersion(tx, 1);
    });
  }

  async listVotes(q: VoteQuery & { limit?: number; offset?: number } = {}): Promise<VoteRecord[]> {
    return (await this.pageVotes(q, q.limit, q.offset)).map(({ idempotency_key: _k, ...v }) => v);
  }

  /** Votes with their idempotency keys, oldest first (export, tests). */
  async pageVotes(q: VoteQuery = {}, limit?: number, offset?: number): Promise<StoredVote[]> {
    const { where, params } = voteWhere(q);
    let sql = `SELECT ${VOTE_COLS} FROM votes ${where} ORDER BY tstamp, id`;
    if (limit !== undefined) sql += ` LIMIT ${Math.max(0, Math.floor(limit))}`;
    if (offset !== undefined) sql += ` OFFSET ${Math.max(0, Math.floor(offset))}`;
    return (await this.db.query<StoredVote>(sql, params)).map(toVote);
  }

  // ---- battles ----

  async createBattles(battles: NewBattle[]): Promise<void> {
    if (!battles.length) return;
    const values: string[] = [];
    const params: unknown[] = [];
    for (const b of battles) {
      const n = params.length;
      values.push(
        `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, to_timestamp($${n + 5}::float8 / 1000), $${n + 6}, $${n + 7}::jsonb)`,
      );
      params.push(b.id, b.mode, b.model_a, b.model_b, b.expiresAt, b.clientKey, JSON.stringify(b.params));
    }
    await this.db.query(
      `INSERT INTO battles (id, mode, model_a, model_b, expires_at, client_key, params) VALUES ${values.join(", ")}`,
      params,
    );
  }

  async getBattles(ids: string[]): Promise<Map<string, BattleRecord>> {
    if (!ids.length) return new Map();
    const rows = await this.db.query<BattleRow>(`${BATTLE_SELECT} WHERE id = ANY($1::text[])`, [ids]);
    return new Map(rows.map((r) => [r.id, toBattle(r)]));
  }

  async getBattle(id: string): Promise<BattleRecord | undefined> {
    return (await this.getBattles([id])).get(id);
  }

  /**
   * Counts one more stream of a battle side's `idx`-th answer (a regeneration streams the same index
   * again) and returns how many there have been, this one included.
   */
  async claimStream(battleId: string, side: "a" | "b", idx: number): Promise<number> {
    const [row] = await this.db.query<{ streams: number }>(
      `INSERT INTO battle_replies (battle_id, side, idx) VALUES ($1, $2, $3)
       ON CONFLICT (battle_id, side, idx) DO UPDATE SET streams = battle_replies.streams + 1, content = ''
       RETURNING streams`,
      [battleId, side, idx],
    );
    return Number(row.streams);
  }

  /** The server's own copy of a remote answer it streamed (what the vote stores and checks). */
  async saveReply(battleId: string, side: "a" | "b", idx: number, content: string): Promise<void> {
    await this.db.query(
      `INSERT INTO battle_replies (battle_id, side, idx, content) VALUES ($1, $2, $3, $4)
       ON CONFLICT (battle_id, side, idx) DO UPDATE SET content = EXCLUDED.content`,
      [battleId, side, idx, content],
    );
  }

  async getReplies(battleIds: string[]): Promise<Map<string, ServedReplies>> {
    const out = new Map<string, ServedReplies>();
    if (!battleIds.length) return out;
    const rows = await this.db.query<{ battle_id: string; side: "a" | "b"; idx: number; content: string }>(
      "SELECT battle_id, side, idx, content FROM battle_replies WHERE battle_id = ANY($1::text[]) ORDER BY idx",
      [battleIds],
    );
    for (const r of rows) {
      let s = out.get(r.battle_id);
      if (!s) out.set(r.battle_id, (s = { a: [], b: [] }));
      s[r.side][Number(r.idx)] = r.content;
    }
    return out;
  }

  /** Deletes battles that expired without a vote (and their served answers); returns how many. */
  async purgeExpiredBattles(nowMs: number): Promise<number> {
    const rows = await this.db.query<{ id: string }>(
      "DELETE FROM battles WHERE voted_at IS NULL AND expires_at < to_timestamp($1::float8 / 1000) RETURNING id",
      [nowMs],
    );
    if (rows.length)
      await this.db.query("DELETE FROM battle_replies WHERE battle_id = ANY($1::text[])", [rows.map((r) => r.id)]);
    return rows.length;
  }

  // ---- votes (write side) ----

  async findVotesByKeys(keys: string[]): Promise<Map<string, VoteRef>> {
    if (!keys.length) return new Map();
    const rows = await this.db.query<VoteRef & { idempotency_key: string }>(
      "SELECT idempotency_key, question_id, model_a, model_b, counted FROM votes WHERE idempotency_key = ANY($1::text[])",
      [keys],
    );
    return new Map(rows.map((r) => [r.idempotency_key, r]));
  }

  /**
   * Closes each vote's battle and stores the vote, all in one transaction. A battle already closed
   * (another vote won) is skipped; a key that already exists is skipped and its battle reopened.
   * Returns the idempotency keys actually stored.
   */
  async recordBattleVotes(votes: StoredVote[]): Promise<Set<string>> {
    if (!votes.length) return new Set();
    if (votes.length > ROWS_PER_INSERT) throw new RangeError(`At most ${ROWS_PER_INSERT} battle votes per call.`);
    // One statement (atomic on its own, one round trip): close the open battles — locked in id order so
    // concurrent batches cannot deadlock — insert the votes of the battles it closed, bump the version.
    const { sql: values, params } = valuesClause(sortByKey(votes), 1);
    const [row] = await this.db.query<{ closed: string[]; stored: string[] }>(
      `WITH closed AS (
         UPDATE battles SET voted_at = now() WHERE voted_at IS NULL AND id IN (
           SELECT id FROM battles WHERE id = ANY($1::text[]) AND voted_at IS NULL ORDER BY id FOR UPDATE)
         RETURNING id),
       ins AS (
         INSERT INTO votes (${VOTE_COLS})
         SELECT * FROM (VALUES ${values}) AS v(${VOTE_COLS}) WHERE v.question_id IN (SELECT id FROM closed)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key, question_id),
       bump AS (
         UPDATE vote_store_meta SET value = value + 1 WHERE key = 'version' AND EXISTS (SELECT 1 FROM ins))
       SELECT (SELECT coalesce(array_agg(id), '{}') FROM closed) AS closed,
              (SELECT coalesce(array_agg(idempotency_key), '{}') FROM ins) AS stored`,
      [votes.map((v) => v.question_id), ...params],
    );
    const stored = new Set(row.stored);
    const withVote = new Set(votes.filter((v) => stored.has(v.idempotency_key)).map((v) => v.question_id));
    // A battle closed for a vote whose key already existed elsewhere (a race the caller pre-checks) reopens.
    const orphaned = row.closed.filter((id) => !withVote.has(id));
    if (orphaned.length)
      await this.db.query("UPDATE battles SET voted_at = NULL WHERE id = ANY($1::text[])", [orphaned]);
    return stored;
  }

  /** Plain batch insert (import): one transaction, ON CONFLICT (idempotency_key) DO NOTHING. */
  async insertVotes(votes: StoredVote[]): Promise<Set<string>> {
    if (!votes.length) return new Set();
    return this.db.transaction(async (tx) => {
      const stored = await insertVotes(tx, votes);
      await bumpVersion(tx, stored.size);
      return stored;
    });
  }
}
