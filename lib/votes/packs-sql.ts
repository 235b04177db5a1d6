/**
 * Migration v8: `vote_feature_packs`, vote_features rows kept pre-serialised for the style-controlled
 * leaderboard's cold read. Building the binary rows (`string_agg` of send functions over an ordered index
 * scan) costs PostgreSQL about 0.45 µs a row, 4.5 s at 10M votes, on every cold read; a pack is built once.
 *
 * A pack holds every vote_features row whose key (tstamp, vote_id) lies in (lo, hi], in key order, as fixed
 * PACK_ROW_BYTES rows (model ids, a flags byte carrying the outcome and the three filter flags, the four raw
 * style features as float4), base64 text (node-pg reads every value as text; stored uncompressed). Packs
 * never overlap; what no pack covers (the newest votes, and the range of a pack dropped since) is read from
 * vote_features as before. The statement triggers on vote_features drop every pack whose range holds a key
 * inserted, updated (old or new key) or deleted, in the same transaction as the change, so a pack is never
 * out of date. `sealPacks` builds packs off the request path: it closes gaps left by dropped packs and
 * packs the tail in PACK_ROWS pieces.
 */
import { JoustError } from "@/lib/errors";
import { applyCounts, COUNTS_KEY } from "./counts-sql";
import type { SqlClient, SqlExecutor } from "./sql";
import { triggerFunction } from "./trigger-sql";

/** Rows per pack when the tail is sealed (10M votes ≈ 153 packs of 1.6 MB). */
export const PACK_ROWS = 65_536;
/** int4 model_a, int4 model_b, one flags byte, 4 × float4 style features (0 where the vote has none). */
export const PACK_ROW_BYTES = 25;

/** Flags byte: bits 0–1 the outcome (0 A, 1 B, 2 tie), then anony, counted, client_attested, has style. */
export const FLAG_ANONY = 4,
  FLAG_COUNTED = 8,
  FLAG_ATTESTED = 16,
  FLAG_STYLE = 32;

const FLAGS = `outcome + (CASE WHEN anony THEN ${FLAG_ANONY} ELSE 0 END) + (CASE WHEN counted THEN ${FLAG_COUNTED} ELSE 0 END)
  + (CASE WHEN client_attested THEN ${FLAG_ATTESTED} ELSE 0 END)
  + (CASE WHEN d_length IS NOT NULL AND d_header IS NOT NULL AND d_list IS NOT NULL AND d_bold IS NOT NULL
          THEN ${FLAG_STYLE} ELSE 0 END)`;

/** One vote_features row in the pack layout; `float` = 4 (packs) or 8 (exact reads of what no pack covers). */
export const packRow = (float: 4 | 8) => {
  const f = (c: string) => (float === 4 ? `float4send(coalesce(${c}, 0)::real)` : `float8send(coalesce(${c}, 0))`);
  return `int4send(model_a) || int4send(model_b) || set_byte('\\x00'::bytea, 0, ${FLAGS})
    || ${f("d_length")} || ${f("d_header")} || ${f("d_list")} || ${f("d_bold")}`;
};

/** Drops every pack whose range holds a key of `rows` (a transition table with tstamp and vote_id). */
const dropTouched = (rows: string) => `
  DELETE FROM vote_feature_packs p WHERE EXISTS (
    SELECT 1 FROM ${rows} r WHERE (r.tstamp, r.vote_id) > (p.lo_t, p.lo_id) AND (r.tstamp, r.vote_id) <= (p.hi_t, p.hi_id));`;

const fn = triggerFunction;

export const PACKS_MIGRATION: string[] = [
  `CREATE TABLE IF NOT EXISTS vote_feature_packs (
    lo_t  DOUBLE PRECISION NOT NULL,
    lo_id BIGINT NOT NULL,
    hi_t  DOUBLE PRECISION NOT NULL,
    hi_id BIGINT NOT NULL,
    n     INTEGER NOT NULL,
    data  TEXT NOT NULL,
    PRIMARY KEY (lo_t, lo_id))`,
  // Already compact binary (as base64): compressing it would only cost the reads time.
  "ALTER TABLE vote_feature_packs ALTER COLUMN data SET STORAGE EXTERNAL",
  // The drop runs in vote_counts' statement triggers on vote_features (./counts-sql.ts), not triggers of its
  // own: each trigger costs every batch of votes its call, and vote ingestion is measured against a target.
  fn("joust_counts_insert", applyCounts(`SELECT ${COUNTS_KEY}, 1 AS d FROM new_rows`) + dropTouched("new_rows")),
  fn("joust_counts_delete", applyCounts(`SELECT ${COUNTS_KEY}, -1 AS d FROM old_rows`) + dropTouched("old_rows")),
  fn(
    "joust_counts_update",
    applyCounts(`SELECT ${COUNTS_KEY}, 1 AS d FROM new_rows UNION ALL SELECT ${COUNTS_KEY}, -1 AS d FROM old_rows`) +
      dropTouched("old_rows") +
      dropTouched("new_rows"),
  ),
];

/** A key (tstamp, vote_id); the first pack's lower bound is (−∞, 0). */
export type PackKey = [number, number];
export interface PackBounds {
  lo: PackKey;
  hi: PackKey;
  n: number;
}

export const KEY_MIN: PackKey = [Number.NEGATIVE_INFINITY, 0];

/** float8 text PostgreSQL reads back exactly (±Infinity by name). */
export const f8 = (x: number) => (Number.isFinite(x) ? String(x) : x > 0 ? "Infinity" : "-Infinity");

/** A key as a SQL row literal, exact, for statements that take no parameters (COPY); refuses any but numbers. */
export function keyLiteral([t, id]: PackKey): string {
  if (typeof t !== "number" || Number.isNaN(t) || !Number.isSafeInteger(id))
    throw new JoustError("internal:database", `Not a vote_features key: (${t}, ${id}).`);
  return `('${f8(t)}'::float8, ${id}::int8)`;
}

export async function packBounds(db: SqlExecutor): Promise<PackBounds[]> {
  const rows = await db.query<{ lo_t: number; lo_id: string; hi_t: number; hi_id: string; n: number }>(
    "SELECT lo_t, lo_id, hi_t, hi_id, n FROM vote_feature_packs ORDER BY lo_t, lo_id",
  );
  return rows.map((r) => ({
    lo: [Number(r.lo_t), Number(r.lo_id)],
    hi: [Number(r.hi_t), Number(r.hi_id)],
    n: Number(r.n),
  }));
}

/**
 * Builds the pack of the rows after `lo` — up to `hi` inclusive (a gap: every row, even none), or else the
 * next `rows` rows when there are that many (the tail) — and returns how many rows it packed (0: none built).
 */
async function buildPack(tx: SqlExecutor, lo: PackKey, hi: PackKey | undefined, rows: number): Promise<number> {
  const params: unknown[] = [f8(lo[0]), lo[1]];
  const upper = hi ? `AND (tstamp, vote_id) <= ($3::float8, $4::int8)` : "";
  if (hi) params.push(f8(hi[0]), hi[1]);
  const [row] = await tx.query<{ n: number }>(
    `INSERT INTO vote_feature_packs (lo_t, lo_id, hi_t, hi_id, n, data)
     SELECT $1::float8, $2::int8, ${hi ? "$3::float8, $4::int8" : "(max(k))[1], (max(k))[2]::int8"}, count(*),
            coalesce(encode(string_agg(p, ''::bytea), 'base64'), '')
     FROM (SELECT ARRAY[tstamp, vote_id::float8] AS k, ${packRow(4)} AS p FROM vote_features
           WHERE (tstamp, vote_id) > ($1::float8, $2::int8) ${upper}
           ORDER BY tstamp, vote_id ${hi ? "" : `LIMIT ${rows}`}) AS s
     ${hi ? "" : `HAVING count(*) = ${rows}`}
     RETURNING n`,
    params,
  );
  return row ? Number(row.n) : 0;
}

/**
 * Closes the gaps between packs (ranges whose pack a change dropped) and packs the tail while it holds at
 * least `rows` rows; one pack per transaction, each under a lock that makes concurrent vote writes (whose
 * triggers drop packs) wait for it, so a pack either sees a write or is dropped by it. Returns the packs built.
 */
export async function sealPacks(db: SqlClient, rows = PACK_ROWS): Promise<number> {
  let built = 0;
  for (;;) {
    const did = await db.transaction(async (tx) => {
      await tx.query("LOCK TABLE vote_feature_packs IN SHARE ROW EXCLUSIVE MODE");
      const packs = await packBounds(tx);
      let at = KEY_MIN;
      for (const p of packs) {
        if (cmpKey(at, p.lo) !== 0) {
          await buildPack(tx, at, p.lo, rows);
          return true;
        }
        at = p.hi;
      }
      return (await buildPack(tx, at, undefined, rows)) > 0;
    });
    if (!did) return built;
    built++;
  }
}

export function cmpKey(x: PackKey, y: PackKey): number {
  return x[0] !== y[0] ? (x[0] < y[0] ? -1 : 1) : x[1] - y[1];
}
