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
  const { conds, params } = featureConditions(q);
  conds.push("model_a <> model_b");
  if (opts.excludeTies) conds.push("outcome <> 2");
  const chunkRows = Math.max(1, Math.floor(opts.chunkRows ?? CHUNK_ROWS));
  const rowBytes = BASE_BYTES + (opts.style ? STYLE_BYTES : 0);
  // A battle without style features has a NULL payload (string_agg leaves it out): counted, not read.
  const payload = `int4send(model_a) || int4send(model_b) || int2send(outcome)${
    opts.style ? " || float8send(d_length) || float8send(d_header) || float8send(d_list) || float8send(d_bold)" : ""
  }`;
  const sink = new CompactSink(await capacity(db, q, conds, params, chunkRows), opts.style);
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
async function capacity(db: SqlClient, q: VoteQuery, conds: string[], params: unknown[], chunkRows: number) {
  if (q.fromTstamp !== undefined || q.toTstamp !== undefined || q.category) return Math.min(chunkRows, 1 << 20);
  const [row] = await db.query<{ n: number | string | null }>(
    `SELECT sum(n)::int8 AS n FROM vote_counts ${where(conds)}`,
    params,
  );
  return Number(row?.n ?? 0);
}

/** Decodes binary chunks as they arrive into typed arrays sized by the count (grown if votes landed meanwhile). */
class CompactSink {
  private a: Int32Array;
  private b: Int32Array;
  private outcome: Uint8Array;
  private diff: Float64Array | undefined;
  private len = 0;
  /** vote_models ids in order of first appearance (CompactBuilder numbers models so). */
  private readonly ids: number[] = [];
  private dense = new Int32Array(64).fill(-1);

  constructor(capacity: number, style: boolean) {
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.outcome = new Uint8Array(capacity);
    this.diff = style ? new Float64Array(capacity * STYLE_K) : undefined;
  }

  private idOf(id: number): number {
    if (id >= this.dense.length) {
      const next = new Int32Array(Math.max(id + 1, this.dense.length * 2)).fill(-1);
      next.set(this.dense);
      this.dense = next;
    }
    const d = this.dense[id];
    return d >= 0 ? d : (this.dense[id] = this.ids.push(id) - 1);
  }

  add(chunk: Uint8Array, rowBytes: number): void {
    const rows = chunk.byteLength / rowBytes;
    if (this.len + rows > this.a.length) this.grow(this.len + rows);
    const v = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const { a, b, outcome, diff } = this;
    let k = this.len;
    for (let off = 0; off < chunk.byteLength; off += rowBytes, k++) {
      a[k] = this.idOf(v.getInt32(off));
      b[k] = this.idOf(v.getInt32(off + 4));
      outcome[k] = v.getInt16(off + 8);
      if (diff) for (let f = 0; f < STYLE_K; f++) diff[k * STYLE_K + f] = v.getFloat64(off + BASE_BYTES + 8 * f);
    }
    this.len = k;
  }

  private grow(n: number): void {
    const more = <T extends Int32Array | Uint8Array | Float64Array>(x: T, size: number): T => {
      const next = new (x.constructor as new (n: number) => T)(size);
      next.set(x);
      return next;
    };
    this.a = more(this.a, n);
    this.b = more(this.b, n);
    this.outcome = more(this.outcome, n);
    if (this.diff) this.diff = more(this.diff, n * STYLE_K);
  }

  finish(skipped: number, names: Map<number, string>): CompactBattles {
    const n = this.len;
    const models = this.ids.map((id) => {
      const name = names.get(id);
      if (name === undefined) throw new Error(`vote_features names model id ${id}, which vote_models lacks`);
      return name;
    });
    const out: CompactBattles = {
      models,
      a: this.a.length === n ? this.a : this.a.slice(0, n),
      b: this.b.length === n ? this.b : this.b.slice(0, n),
      outcome: this.outcome.length === n ? this.outcome : this.outcome.slice(0, n),
      length: n,
    };
    if (this.diff) {
      out.styleDiff = this.diff.length === n * STYLE_K ? this.diff : this.diff.slice(0, n * STYLE_K);
      out.styleSkipped = skipped;
    }
    return out;
  }
}
