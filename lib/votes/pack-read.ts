import "server-only";
/**
 * The style-controlled leaderboard's read over packs (./packs-sql.ts): every vote_features row in battle
 * order (tstamp, vote id), from the packs where they cover it and from vote_features (the same layout,
 * float8, keyset-paged) where they do not, all in one REPEATABLE READ snapshot so a pack dropped or built
 * meanwhile cannot make a row appear twice or not at all. On PostgreSQL the packs arrive by COPY BINARY
 * (./copy-binary.ts), bytes that node-pg never turns into strings. The rows are decoded where the caller
 * says (a PackedDecoder: the computing worker, or this thread), and the flag filters run there, over the
 * flags byte; queries with a time window or a category read vote_features (./feature-read.ts).
 */
import type { CompactBattles } from "@/lib/rating/types";
import { decodeHere, type FlagFilter, isDecoderGone, type PackedDecoderFactory } from "./compact-sink";
import {
  cmpKey,
  f8,
  FLAG_ANONY,
  FLAG_ATTESTED,
  FLAG_COUNTED,
  KEY_MIN,
  keyLiteral,
  type PackKey,
  packBounds,
  packRow,
} from "./packs-sql";
import type { CopyOut, SqlClient, SqlExecutor } from "./sql";
import type { VoteQuery } from "./types";

/** Consecutive packs fetched per query or COPY (about 13 MB of rows at PACK_ROWS rows each). */
const PACKS_PER_QUERY = 8;

export interface PackedReadOptions {
  style: boolean;
  excludeTies?: boolean;
  /** Rows per read of what no pack covers. */
  chunkRows: number;
  /** Arrays sized for this many battles (grown as needed). */
  capacity: number;
  /** Where the fetched rows are decoded (default: on this thread, between fetches). */
  decoder?: PackedDecoderFactory;
}

/** The flag filter of a query without a time window or category. */
function flagFilter(q: VoteQuery, excludeTies = false): FlagFilter {
  let mask = 0,
    want = 0;
  if (q.anonyOnly) (mask |= FLAG_ANONY), (want |= FLAG_ANONY);
  if (q.countedOnly) (mask |= FLAG_COUNTED), (want |= FLAG_COUNTED);
  if (q.excludeClientAttested) mask |= FLAG_ATTESTED;
  return { mask, want, noTies: excludeTies };
}

/** A piece of the read, in battle order: a run of adjacent packs, or a key range no pack covers. */
type Segment = { packs: number; from: PackKey } | { lo: PackKey; hi?: PackKey };
/** What a segment brings back: base64 binary rows and their float width, or raw COPY BINARY output (packs). */
type Fetched = Array<{ rows: string; float: 4 | 8 } | { copy: Uint8Array[] }>;

/**
 * On PostgreSQL (with a pool of 4 or more) the segments are fetched over two connections that share one
 * snapshot (the first exports it, the second imports it): while one segment is handed to the decoder,
 * PostgreSQL sends the next. PGlite has one connection, and fetches them one after the other.
 */
export async function readPacked(db: SqlClient, q: VoteQuery, opts: PackedReadOptions): Promise<CompactBattles> {
  try {
    return await readOnce(db, q, opts);
  } catch (err) {
    // The decoding worker stopped (it could not start, or died): read again, decoding on this thread.
    if (opts.decoder && isDecoderGone(err)) return readOnce(db, q, { ...opts, decoder: undefined });
    throw err;
  }
}

function readOnce(db: SqlClient, q: VoteQuery, opts: PackedReadOptions): Promise<CompactBattles> {
  return db.transaction(async (first) => {
    if (db.kind !== "postgres") return readIn([first], q, opts);
    await first.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const [{ snapshot }] = await first.query<{ snapshot: string }>("SELECT pg_export_snapshot() AS snapshot");
    if (!/^[0-9A-Fa-f-]+$/.test(snapshot) || (db.connections ?? 1) < 4) return readIn([first], q, opts);
    return db.transaction(async (second) => {
      await second.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
      await second.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
      return readIn([first, second], q, opts);
    });
  });
}

async function readIn(lanes: SqlExecutor[], q: VoteQuery, opts: PackedReadOptions): Promise<CompactBattles> {
  const filter = flagFilter(q, opts.excludeTies);
  const segments: Segment[] = [];
  let at: PackKey = KEY_MIN;
  const packs = await packBounds(lanes[0]);
  for (let i = 0; i < packs.length; ) {
    if (cmpKey(at, packs[i].lo) !== 0) segments.push({ lo: at, hi: packs[i].lo });
    let j = i + 1;
    while (j < packs.length && j - i < PACKS_PER_QUERY && cmpKey(packs[j - 1].hi, packs[j].lo) === 0) j++;
    segments.push({ packs: j - i, from: packs[i].lo });
    at = packs[j - 1].hi;
    i = j;
  }
  segments.push({ lo: at });
  // Segment k on lane k mod lanes; each lane fetches its next segment as soon as its last one is handed over.
  const fetched: Array<Promise<Fetched>> = [];
  const start = (k: number) => {
    if (k >= segments.length) return;
    const f = fetch(lanes[k % lanes.length], segments[k], opts.chunkRows);
    f.catch(() => undefined); // awaited in order below
    fetched[k] = f;
  };
  for (let k = 0; k < lanes.length; k++) start(k);
  const sink = (opts.decoder ?? decodeHere)(opts.capacity, opts.style, filter);
  try {
    for (let k = 0; k < segments.length; k++) {
      const pieces = await fetched[k];
      start(k + lanes.length);
      for (const p of pieces)
        if ("copy" in p) for (const chunk of p.copy) sink.addCopy(chunk);
        else sink.add(p.rows, p.float);
    }
    const names = await lanes[0].query<{ id: number; name: string }>("SELECT id, name FROM vote_models");
    return await sink.finish(new Map(names.map((r) => [Number(r.id), r.name])));
  } catch (err) {
    sink.abort();
    throw err;
  }
}

function fetch(tx: SqlExecutor, s: Segment, chunkRows: number): Promise<Fetched> {
  if (!("packs" in s)) return readRange(tx, s.lo, s.hi, chunkRows);
  if (tx.copyOut) return copyPacks(tx.copyOut, s);
  return tx
    .query<{ data: string }>(
      `SELECT data FROM vote_feature_packs WHERE (lo_t, lo_id) >= ($1::float8, $2::int8)
       ORDER BY lo_t, lo_id LIMIT ${s.packs}`,
      [f8(s.from[0]), s.from[1]],
    )
    .then((rows) => rows.filter((r) => r.data).map((r) => ({ rows: r.data, float: 4 as const })));
}

/**
 * On PostgreSQL the packs come as COPY BINARY output, their base64 text as stored: node-pg would read a
 * query's values as UTF-8 strings on this thread (about half a second at 10M votes); COPY's chunks are bytes
 * as they came off the socket, decoded from base64 by the decoder (in the worker). Decoding on the server
 * (`decode(data, 'base64')`) sent a quarter fewer bytes but doubled PostgreSQL's CPU for the read, on the same
 * cores. COPY takes no parameters, hence the key written as literals.
 */
async function copyPacks(copyOut: CopyOut, s: { packs: number; from: PackKey }): Promise<Fetched> {
  const copy: Uint8Array[] = [];
  await copyOut(
    `COPY (SELECT data FROM vote_feature_packs WHERE (lo_t, lo_id) >= ${keyLiteral(s.from)}
           ORDER BY lo_t, lo_id LIMIT ${s.packs}) TO STDOUT (FORMAT binary)`,
    (chunk) => copy.push(chunk),
  );
  return [{ copy }];
}

/** The rows with keys in (lo, hi] (hi undefined: to the end) from vote_features, exact (float8). */
async function readRange(tx: SqlExecutor, lo: PackKey, hi: PackKey | undefined, chunkRows: number): Promise<Fetched> {
  const out: Fetched = [];
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
    if (row?.rows) out.push({ rows: row.rows, float: 8 });
    if (!row || Number(row.n) < chunkRows || row.last_t === null) return out;
    after = [Number(row.last_t), Number(row.last_id)];
  }
}
