import "server-only";
/**
 * The leaderboard's reads from `vote_features` (migration v4, lib/votes/features-sql.ts): (pair, outcome)
 * counts aggregated in SQL over small-int columns for the plain fit, and every battle — model ids, outcome
 * and the four raw style features — in a compact binary form (`bytea` of fixed-size rows, in chunks of
 * `chunkRows`, keyset-paged in battle order; base64 on the wire to PostgreSQL) decoded straight into typed
 * arrays for style control.
 */
import { STYLE_K } from "@/lib/rating/style-features";
import type { CompactBattles } from "@/lib/rating/types";
import type { SqlClient } from "./sql";
import type { OutcomeCount, VoteQuery } from "./types";

const WINNERS = ["model_a", "model_b", "tie"] as const;
/** int4 model_a, int4 model_b, int2 outcome; then 4 × float8 style features when asked. */
const BASE_BYTES = 10;
const STYLE_BYTES = 8 * STYLE_K;
/** Rows per binary chunk: 2M style rows ≈ 84 MB, far below PostgreSQL's 1 GB value limit. */
export const CHUNK_ROWS = 2_000_000;

export interface CompactReadOptions {
  /** Read the style features (battles without them are left out and counted in `styleSkipped`). */
  style: boolean;
  excludeTies?: boolean;
  chunkRows?: number;
}

/** The WHERE conditions of a vote query over vote_features (the category lives on votes, via its GIN index). */
export function featureConditions(q: VoteQuery, params: unknown[] = []): { conds: string[]; params: unknown[] } {
  const conds: string[] = [];
  if (q.anonyOnly) conds.push("anony");
  if (q.countedOnly) conds.push("counted");
  if (q.excludeClientAttested) conds.push("NOT client_attested");
  if (q.fromTstamp !== undefined) conds.push(`tstamp >= $${params.push(q.fromTstamp)}`);
  if (q.toTstamp !== undefined) conds.push(`tstamp <= $${params.push(q.toTstamp)}`);
  if (q.category)
    conds.push(`vote_id IN (SELECT id FROM votes WHERE $${params.push(q.category)}::text = ANY(categories))`);
  return { conds, params };
}

const where = (conds: string[]) => (conds.length ? `WHERE ${conds.join(" AND ")}` : "");

/** (model_a, model_b, outcome) → count; both kinds of tie come back as "tie" (the fit scores them alike). */
export async function featureOutcomeCounts(db: SqlClient, q: VoteQuery): Promise<OutcomeCount[]> {
  const { conds, params } = featureConditions(q);
  const rows = await db.query<{ model_a: string; model_b: string; outcome: number; count: number }>(
    `SELECT ma.name AS model_a, mb.name AS model_b, c.outcome, c.count
     FROM (SELECT model_a, model_b, outcome, count(*)::int AS count FROM vote_features ${where(conds)}
           GROUP BY model_a, model_b, outcome) AS c
     JOIN vote_models ma ON ma.id = c.model_a JOIN vote_models mb ON mb.id = c.model_b`,
    params,
  );
  return rows.map((r) => ({
    model_a: r.model_a,
    model_b: r.model_b,
    winner: WINNERS[Number(r.outcome)],
    count: Number(r.count),
  }));
}

/**
 * Every battle that passes the filters, in battle order (tstamp, vote id) — as CompactBuilder would build
 * it from the rows (models numbered by first appearance, self-battles left out), before min-battles.
 */
export async function readCompactBattles(
  db: SqlClient,
  q: VoteQuery,
  opts: CompactReadOptions,
): Promise<CompactBattles> {
  const { conds, params } = featureConditions(q);
  conds.push("model_a <> model_b");
  if (opts.excludeTies) conds.push("outcome <> 2");
  const chunkRows = Math.max(1, Math.floor(opts.chunkRows ?? CHUNK_ROWS));
  const rowBytes = BASE_BYTES + (opts.style ? STYLE_BYTES : 0);
  const [names, skipped] = await Promise.all([
    db.query<{ id: number; name: string }>("SELECT id, name FROM vote_models"),
    opts.style
      ? db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM vote_features ${where([...conds, "d_length IS NULL"])}`,
          params,
        )
      : Promise.resolve([{ n: 0 }]),
  ]);
  if (opts.style) conds.push("d_length IS NOT NULL");
  const payload = `int4send(model_a) || int4send(model_b) || int2send(outcome)${
    opts.style ? " || float8send(d_length) || float8send(d_header) || float8send(d_list) || float8send(d_bold)" : ""
  }`;
  const chunks: Uint8Array[] = [];
  let after: [number, string] | undefined;
  for (;;) {
    const c = after ? [...conds, `(tstamp, vote_id) > ($${params.length + 1}, $${params.length + 2})`] : conds;
    const [row] = await db.bytes(
      `WITH s AS MATERIALIZED (
         SELECT tstamp, vote_id, ${payload} AS p FROM vote_features ${where(c)}
         ORDER BY tstamp, vote_id LIMIT ${chunkRows})
       SELECT string_agg(p, ''::bytea) AS rows,
              (SELECT float8send(tstamp) || int8send(vote_id) FROM s ORDER BY tstamp DESC, vote_id DESC LIMIT 1) AS last
       FROM s`,
      after ? [...params, ...after] : params,
      ["rows", "last"],
    );
    if (!row?.rows || !row.last) break;
    chunks.push(row.rows);
    if (row.rows.byteLength < chunkRows * rowBytes) break;
    const last = new DataView(row.last.buffer, row.last.byteOffset, row.last.byteLength);
    after = [last.getFloat64(0), last.getBigInt64(8).toString()];
  }
  return decode(chunks, rowBytes, opts.style, names, Number(skipped[0]?.n ?? 0));
}

function decode(
  chunks: Uint8Array[],
  rowBytes: number,
  style: boolean,
  names: Array<{ id: number; name: string }>,
  skipped: number,
): CompactBattles {
  const n = chunks.reduce((s, c) => s + c.byteLength / rowBytes, 0);
  const maxId = names.reduce((m, r) => Math.max(m, Number(r.id)), 0);
  const nameOf: string[] = new Array(maxId + 1);
  for (const r of names) nameOf[Number(r.id)] = r.name;
  const dense = new Int32Array(maxId + 1).fill(-1);
  const models: string[] = [];
  const idOf = (id: number) => {
    if (dense[id] < 0) {
      const name = nameOf[id];
      if (name === undefined) throw new Error(`vote_features names model id ${id}, which vote_models lacks`);
      dense[id] = models.push(name) - 1;
    }
    return dense[id];
  };
  const a = new Int32Array(n),
    b = new Int32Array(n),
    outcome = new Uint8Array(n);
  const diff = style ? new Float64Array(n * STYLE_K) : undefined;
  let k = 0;
  for (const chunk of chunks) {
    const v = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let off = 0; off < chunk.byteLength; off += rowBytes, k++) {
      a[k] = idOf(v.getInt32(off));
      b[k] = idOf(v.getInt32(off + 4));
      outcome[k] = v.getInt16(off + 8);
      if (diff) for (let f = 0; f < STYLE_K; f++) diff[k * STYLE_K + f] = v.getFloat64(off + BASE_BYTES + 8 * f);
    }
  }
  const out: CompactBattles = { models, a, b, outcome, length: n };
  if (diff) {
    out.styleDiff = diff;
    out.styleSkipped = skipped;
  }
  return out;
}
