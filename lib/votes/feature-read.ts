import "server-only";
/**
 * The leaderboard's reads from `vote_features` (migration v4, lib/votes/features-sql.ts): (pair, outcome)
 * counts aggregated in SQL over small-int columns for the plain fit, and every battle — model ids, outcome
 * and the four raw style features — in a compact binary form (`bytea` of fixed-size rows, in chunks of
 * `chunkRows`, keyset-paged in battle order; base64 on the wire to PostgreSQL) decoded straight into typed
 * arrays for style control. Without a time window or category that read goes through the pre-built packs
 * (./pack-read.ts), reading from vote_features only what no pack covers.
 */
import type { CompactBattles } from "@/lib/rating/types";
import { BASE_BYTES, CompactSink, type PackedDecoderFactory, STYLE_BYTES } from "./compact-sink";
import { readPacked } from "./pack-read";
import type { SqlClient } from "./sql";
import type { OutcomeCount, VoteQuery } from "./types";

const WINNERS = ["model_a", "model_b", "tie"] as const;
/** Rows per binary chunk: 2M style rows ≈ 84 MB, far below PostgreSQL's 1 GB value limit. */
export const CHUNK_ROWS = 2_000_000;

export interface CompactReadOptions {
  /** Read the style features (battles without them are left out and counted in `styleSkipped`). */
  style: boolean;
  excludeTies?: boolean;
  chunkRows?: number;
  /**
   * Read through the packs (./pack-read.ts) where the query allows (no time window, no category). Default
   * true; false reads vote_features alone (the exact float8 features everywhere).
   */
  packs?: boolean;
  /** Where a read through the packs decodes its rows (./compact-sink.ts PackedDecoder; default this thread). */
  decoder?: PackedDecoderFactory;
}

/** The WHERE conditions of a vote query over vote_features (the category lives on votes: `@>` uses its GIN index). */
export function featureConditions(q: VoteQuery, params: unknown[] = []): { conds: string[]; params: unknown[] } {
  const conds: string[] = [];
  if (q.anonyOnly) conds.push("anony");
  if (q.countedOnly) conds.push("counted");
  if (q.excludeClientAttested) conds.push("NOT client_attested");
  if (q.fromTstamp !== undefined) conds.push(`tstamp >= $${params.push(q.fromTstamp)}`);
  if (q.toTstamp !== undefined) conds.push(`tstamp <= $${params.push(q.toTstamp)}`);
  if (q.category)
    conds.push(`vote_id IN (SELECT id FROM votes WHERE categories @> ARRAY[$${params.push(q.category)}::text])`);
  return { conds, params };
}

const where = (conds: string[]) => (conds.length ? `WHERE ${conds.join(" AND ")}` : "");

/**
 * The SQL of `featureOutcomeCounts` (the bench prints its plan): the kept counts (vote_counts, a few thousand
 * rows) when only the flags filter, else an aggregate over vote_features.
 */
export function outcomeCountsSql(q: VoteQuery): { text: string; params: unknown[] } {
  const { conds, params } = featureConditions(q);
  const kept = q.fromTstamp === undefined && q.toTstamp === undefined && !q.category;
  const counts = kept
    ? `SELECT model_a, model_b, outcome, sum(n)::int AS count FROM vote_counts ${where(conds)}
       GROUP BY model_a, model_b, outcome HAVING sum(n) > 0`
    : `SELECT model_a, model_b, outcome, count(*)::int AS count FROM vote_features ${where(conds)}
       GROUP BY model_a, model_b, outcome`;
  return {
    text: `SELECT ma.name AS model_a, mb.name AS model_b, c.outcome, c.count FROM (${counts}) AS c
     JOIN vote_models ma ON ma.id = c.model_a JOIN vote_models mb ON mb.id = c.model_b`,
    params,
  };
}

/** (model_a, model_b, outcome) → count; both kinds of tie come back as "tie" (the fit scores them alike). */
export async function featureOutcomeCounts(db: SqlClient, q: VoteQuery): Promise<OutcomeCount[]> {
  const { text, params } = outcomeCountsSql(q);
  const rows = await db.query<{ model_a: string; model_b: string; outcome: number; count: number }>(text, params);
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
  const chunkRows = Math.max(1, Math.floor(opts.chunkRows ?? CHUNK_ROWS));
  if (opts.packs !== false && q.fromTstamp === undefined && q.toTstamp === undefined && !q.category) {
    const { conds, params } = featureConditions(q);
    const capacity = await sizeFor(db, q, conds, params, chunkRows);
    return readPacked(db, q, {
      style: opts.style,
      excludeTies: opts.excludeTies,
      chunkRows,
      capacity,
      decoder: opts.decoder,
    });
  }
  const { conds, params } = featureConditions(q);
  conds.push("model_a <> model_b");
  if (opts.excludeTies) conds.push("outcome <> 2");
  const rowBytes = BASE_BYTES + (opts.style ? STYLE_BYTES : 0);
  // A battle without style features has a NULL payload (string_agg leaves it out): counted, not read.
  const payload = `int4send(model_a) || int4send(model_b) || int2send(outcome)${
    opts.style ? " || float8send(d_length) || float8send(d_header) || float8send(d_list) || float8send(d_bold)" : ""
  }`;
  const sink = new CompactSink(await sizeFor(db, q, conds, params, chunkRows), opts.style);
  let skipped = 0;
  let after: [number, string] | undefined;
  for (;;) {
    const c = after ? [...conds, `(tstamp, vote_id) > ($${params.length + 1}, $${params.length + 2})`] : conds;
    // One ordered pass per chunk: the rows' bytes, how many rows were seen and kept, and the chunk's last
    // (tstamp, vote_id) — the greatest, as an array — where the next chunk starts.
    const [row] = await db.bytes(
      `SELECT string_agg(p, ''::bytea) AS rows, int8send(count(*)) || int8send(count(p)) AS seen,
              float8send((max(k))[1]) || float8send((max(k))[2]) AS last
       FROM (SELECT ARRAY[tstamp, vote_id::float8] AS k, ${payload} AS p FROM vote_features ${where(c)}
             ORDER BY tstamp, vote_id LIMIT ${chunkRows}) AS s`,
      after ? [...params, ...after] : params,
      ["rows", "seen", "last"],
    );
    const seen = row?.seen ? new DataView(row.seen.buffer, row.seen.byteOffset, 16) : undefined;
    const total = seen ? Number(seen.getBigInt64(0)) : 0;
    skipped += total - (seen ? Number(seen.getBigInt64(8)) : 0);
    if (row?.rows) sink.add(row.rows, rowBytes);
    if (total < chunkRows || !row?.last) break;
    const last = new DataView(row.last.buffer, row.last.byteOffset, 16);
    after = [last.getFloat64(0), String(last.getFloat64(8))];
  }
  // Names last: a model id in a row read above was committed before it, so it is here.
  const names = await db.query<{ id: number; name: string }>("SELECT id, name FROM vote_models");
  return sink.finish(opts.style ? skipped : 0, new Map(names.map((r) => [Number(r.id), r.name])));
}

/**
 * How many battles to size the arrays for: the kept counts' total when only the flags filter (a few
 * thousand rows to sum), else one chunk (the arrays grow as needed).
 */
async function sizeFor(db: SqlClient, q: VoteQuery, conds: string[], params: unknown[], chunkRows: number) {
  if (q.fromTstamp !== undefined || q.toTstamp !== undefined || q.category) return Math.min(chunkRows, 1 << 20);
  const [row] = await db.query<{ n: number | string | null }>(
    `SELECT sum(n)::int8 AS n FROM vote_counts ${where(conds)}`,
    params,
  );
  return Number(row?.n ?? 0);
}
