import "server-only";
/**
 * The style-controlled leaderboard's read over packs (./packs-sql.ts): every vote_features row in battle
 * order (tstamp, vote id), from the packs where they cover it and from vote_features (the same layout,
 * float8, keyset-paged) where they do not, all in one REPEATABLE READ snapshot so a pack dropped or built
 * meanwhile cannot make a row appear twice or not at all. The flag filters run here, over the flags byte;
 * queries with a time window or a category read vote_features (./feature-read.ts).
 */
import type { CompactBattles } from "@/lib/rating/types";
import { CompactSink, type FlagFilter } from "./compact-sink";
import {
  cmpKey,
  f8,
  FLAG_ANONY,
  FLAG_ATTESTED,
  FLAG_COUNTED,
  KEY_MIN,
  type PackKey,
  packBounds,
  packRow,
} from "./packs-sql";
import type { SqlClient, SqlExecutor } from "./sql";
import type { VoteQuery } from "./types";

/** Consecutive packs fetched per query (about 26 MB of base64 at PACK_ROWS rows each). */
const PACKS_PER_QUERY = 16;

export interface PackedReadOptions {
  style: boolean;
  excludeTies?: boolean;
  /** Rows per read of what no pack covers. */
  chunkRows: number;
  /** Arrays sized for this many battles (grown as needed). */
  capacity: number;
}

/** The flag filter of a query without a time window or category. */
export function flagFilter(q: VoteQuery, excludeTies = false): FlagFilter {
  let mask = 0,
    want = 0;
  if (q.anonyOnly) (mask |= FLAG_ANONY), (want |= FLAG_ANONY);
  if (q.countedOnly) (mask |= FLAG_COUNTED), (want |= FLAG_COUNTED);
  if (q.excludeClientAttested) mask |= FLAG_ATTESTED;
  return { mask, want, noTies: excludeTies };
}

export function readPacked(db: SqlClient, q: VoteQuery, opts: PackedReadOptions): Promise<CompactBattles> {
  const filter = flagFilter(q, opts.excludeTies);
  return db.transaction(async (tx) => {
    if (db.kind === "postgres") await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const sink = new CompactSink(opts.capacity, opts.style);
    let skipped = 0;
    const packs = await packBounds(tx);
    let at: PackKey = KEY_MIN;
    for (let i = 0; i < packs.length; ) {
      if (cmpKey(at, packs[i].lo) !== 0) skipped += await readRange(tx, sink, filter, at, packs[i].lo, opts.chunkRows);
      // A run of adjacent packs, read in one query.
      let j = i + 1;
      while (j < packs.length && j - i < PACKS_PER_QUERY && cmpKey(packs[j - 1].hi, packs[j].lo) === 0) j++;
      const rows = await tx.query<{ data: string }>(
        `SELECT data FROM vote_feature_packs WHERE (lo_t, lo_id) >= ($1::float8, $2::int8)
         ORDER BY lo_t, lo_id LIMIT ${j - i}`,
        [f8(packs[i].lo[0]), packs[i].lo[1]],
      );
      for (const r of rows) if (r.data) skipped += sink.addPacked(Buffer.from(r.data, "base64"), 4, filter);
      at = packs[j - 1].hi;
      i = j;
    }
    skipped += await readRange(tx, sink, filter, at, undefined, opts.chunkRows);
    const names = await tx.query<{ id: number; name: string }>("SELECT id, name FROM vote_models");
    return sink.finish(opts.style ? skipped : 0, new Map(names.map((r) => [Number(r.id), r.name])));
  });
}

/** The rows with keys in (lo, hi] (hi undefined: to the end) from vote_features; returns the skipped count. */
async function readRange(
  tx: SqlExecutor,
  sink: CompactSink,
  filter: FlagFilter,
  lo: PackKey,
  hi: PackKey | undefined,
  chunkRows: number,
): Promise<number> {
  let skipped = 0;
  let after = lo;
  for (;;) {
    const params: unknown[] = [f8(after[0]), after[1]];
    if (hi) params.push(f8(hi[0]), hi[1]);
    const [row] = await tx.query<{ rows: string | null; n: number | string; last_t: number | null; last_id: string }>(
      `SELECT encode(string_agg(p, ''::bytea), 'base64') AS rows, count(*) AS n,
              (max(k))[1] AS last_t, ((max(k))[2])::int8 AS last_id
       FROM (SELECT ARRAY[tstamp, vote_id::float8] AS k, ${packRow(8)} AS p FROM vote_features
             WHERE (tstamp, vote_id) > ($1::float8, $2::int8)${hi ? " AND (tstamp, vote_id) <= ($3::float8, $4::int8)" : ""}
             ORDER BY tstamp, vote_id LIMIT ${chunkRows}) AS s`,
      params,
    );
    if (row?.rows) skipped += sink.addPacked(Buffer.from(row.rows, "base64"), 8, filter);
    if (!row || Number(row.n) < chunkRows || row.last_t === null) return skipped;
    after = [Number(row.last_t), Number(row.last_id)];
  }
}
