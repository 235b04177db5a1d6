/**
 * Rows in and out of the vote store's SQL: the vote columns and their casts, multi-row inserts, the WHERE
 * clause of a vote query, and row → record mapping. Shared by both dialects (PGlite, PostgreSQL).
 */
import type { SqlExecutor } from "./sql";
import type { BattleMode, BattleParams, BattleRecord, StoredVote } from "./sql-records";
import type { VoteQuery } from "./types";

export const VOTE_COLS =
  "question_id, model_a, model_b, winner, judge, turn, anony, language, tstamp, conversation_a, conversation_b, counted, idempotency_key, client_attested, client_tstamp, conv_metadata, categories";
export const ROWS_PER_INSERT = 200;

export function sortByKey(votes: StoredVote[]): StoredVote[] {
  return [...votes].sort((a, b) =>
    a.idempotency_key < b.idempotency_key ? -1 : a.idempotency_key > b.idempotency_key ? 1 : 0,
  );
}

const CASTS = [
  "text",
  "text",
  "text",
  "text",
  "text",
  "int",
  "boolean",
  "text",
  "float8",
  "jsonb",
  "jsonb",
  "boolean",
  "text",
  "boolean",
  "float8",
  "jsonb",
  "text[]",
];

/** `($n::text, …), (…)` for the votes, params numbered from `first + 1`. */
export function valuesClause(votes: StoredVote[], first: number): { sql: string; params: unknown[] } {
  const rows: string[] = [];
  const params: unknown[] = [];
  for (const v of votes) {
    const n = first + params.length;
    rows.push(`(${CASTS.map((c, k) => `$${n + k + 1}::${c}`).join(", ")})`);
    params.push(
      v.question_id,
      v.model_a,
      v.model_b,
      v.winner,
      v.judge,
      v.turn,
      v.anony,
      v.language,
      v.tstamp,
      JSON.stringify(v.conversation_a),
      JSON.stringify(v.conversation_b),
      v.counted,
      v.idempotency_key,
      v.client_attested ?? false,
      v.client_tstamp ?? null,
      v.conv_metadata ? JSON.stringify(v.conv_metadata) : null,
      v.categories ?? [],
    );
  }
  return { sql: rows.join(", "), params };
}

export async function insertVotes(tx: SqlExecutor, votes: StoredVote[]): Promise<Set<string>> {
  const stored = new Set<string>();
  const sorted = sortByKey(votes); // concurrent imports take key locks in one order
  for (let i = 0; i < sorted.length; i += ROWS_PER_INSERT) {
    const { sql, params } = valuesClause(sorted.slice(i, i + ROWS_PER_INSERT), 0);
    const rows = await tx.query<{ idempotency_key: string }>(
      `INSERT INTO votes (${VOTE_COLS}) VALUES ${sql} ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key`,
      params,
    );
    for (const r of rows) stored.add(r.idempotency_key);
  }
  return stored;
}

/** Bumped last in the transaction so the row lock is held as briefly as possible. */
export async function bumpVersion(tx: SqlExecutor, inserted: number): Promise<void> {
  if (inserted > 0) await tx.query("UPDATE vote_store_meta SET value = value + 1 WHERE key = 'version'");
}

export function voteWhere(q: VoteQuery): { where: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  if (q.anonyOnly) conds.push("anony");
  if (q.countedOnly) conds.push("counted");
  if (q.excludeClientAttested) conds.push("NOT client_attested");
  if (q.fromTstamp !== undefined) conds.push(`tstamp >= $${params.push(q.fromTstamp)}`);
  if (q.toTstamp !== undefined) conds.push(`tstamp <= $${params.push(q.toTstamp)}`);
  if (q.category) conds.push(`$${params.push(q.category)}::text = ANY(categories)`);
  return { where: conds.length ? `WHERE ${conds.join(" AND ")}` : "", params };
}

export interface BattleRow {
  id: string;
  mode: BattleMode;
  model_a: string;
  model_b: string;
  created_at: Date | string;
  expires_at: Date | string;
  voted_at: Date | string | null;
  client_key: string | null;
  params: BattleParams | string;
}

export const BATTLE_SELECT =
  "SELECT id, mode, model_a, model_b, created_at, expires_at, voted_at, client_key, params FROM battles";

const ms = (d: Date | string) => (d instanceof Date ? d.getTime() : Date.parse(d));

export function toBattle(r: BattleRow): BattleRecord {
  return {
    id: r.id,
    mode: r.mode,
    model_a: r.model_a,
    model_b: r.model_b,
    createdAt: ms(r.created_at),
    expiresAt: ms(r.expires_at),
    votedAt: r.voted_at === null ? null : ms(r.voted_at),
    clientKey: r.client_key,
    params: typeof r.params === "string" ? (JSON.parse(r.params) as BattleParams) : r.params,
  };
}

export function toVote(r: StoredVote): StoredVote {
  return {
    ...r,
    turn: Number(r.turn),
    tstamp: Number(r.tstamp),
    client_tstamp: r.client_tstamp === null || r.client_tstamp === undefined ? null : Number(r.client_tstamp),
    conversation_a: parseJson(r.conversation_a),
    conversation_b: parseJson(r.conversation_b),
    conv_metadata: r.conv_metadata ? parseJson(r.conv_metadata) : null,
    categories: r.categories ?? [],
  };
}

export function parseJson<T>(v: T | string): T {
  return typeof v === "string" ? (JSON.parse(v) as T) : v;
}
