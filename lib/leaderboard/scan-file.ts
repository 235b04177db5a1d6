/**
 * The plain leaderboard's battle file, read on two threads: a large JSON Lines file is cut into
 * chunks at newlines; this thread and a helper thread (helper-thread.ts) each take the next unclaimed
 * chunk (a shared counter) until none is left, so the helper's start-up time is simply fewer chunks for
 * it. Each chunk is scanned into its own compact battles; they are joined in file order, so online Elo,
 * bad-line numbers and the first error are exactly those of one pass. Small files and JSON arrays take
 * the one-thread path.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { JoustError } from "@/lib/errors";
import { CompactBuilder, type CompactPart } from "@/lib/rating/compact";
import type { BattleFilter } from "@/lib/rating/types";
import type { BadLine } from "./parse-battles";
import { scanOutcomesInto } from "./scan-outcomes";

/** Below this size one thread is faster than starting a worker. */
const PARALLEL_MIN_BYTES = 8 << 20;
const CHUNK_BYTES = 4 << 20;
const MAX_CHUNKS = 64;
/** How far past a cut point to look for a newline before merging the chunk with the next (a short look first). */
const CUT_WINDOW = 256 << 10;
const CUT_PEEK = 4 << 10;
/** Battles per byte to size a chunk's arrays for: plain battle lines are about 95 bytes (no grow-and-copy). */
const capacityFor = (bytes: number) => Math.min(Math.ceil(bytes / 64), 1 << 24);
const NL = 0x0a;

export interface ScanJob {
  path: string;
  /** Chunk k is bytes cuts[k] … cuts[k + 1] − 1. */
  cuts: number[];
  /** [0]: the next unclaimed chunk; [1]: the first chunk known to hold an error (no later chunk is needed). */
  shared: Int32Array;
  filter: BattleFilter;
  skipBad: boolean;
}

export interface ChunkResult {
  chunk: number;
  part: CompactPart;
  bad: BadLine[];
  count: number;
  lines: number;
  /** The first bad line when not skipping bad lines (line number within the chunk). */
  error?: { line: number; reason: string };
}

export interface ScannedFile {
  builder: CompactBuilder;
  bad: BadLine[];
  count: number;
}

/** Reads bytes start … end − 1 (into `into` when it is large enough: a thread reuses one buffer for its chunks). */
function readRange(fd: number, start: number, end: number, into?: Buffer): Buffer {
  const buf = into && into.length >= end - start ? into.subarray(0, end - start) : Buffer.allocUnsafe(end - start);
  let off = 0;
  while (off < buf.length) {
    const n = readSync(fd, buf, off, buf.length - off, start + off);
    if (n === 0) break;
    off += n;
  }
  return off === buf.length ? buf : buf.subarray(0, off);
}

function badLineError(line: number, reason: string): JoustError {
  return new JoustError("bad_request:import", `Line ${line}: ${reason}`, { line, reason });
}

/**
 * Scans a chunk into its own builder (or `into`, for a file read in one chunk), reading it into `buffer`
 * when given (nothing keeps the chunk's bytes once it is scanned).
 */
function scanChunk(fd: number, job: ScanJob, chunk: number, into?: CompactBuilder, buffer?: Buffer): ChunkResult {
  const bytes = readRange(fd, job.cuts[chunk], job.cuts[chunk + 1], buffer);
  const builder = into ?? new CompactBuilder(job.filter, capacityFor(bytes.length));
  try {
    const r = scanOutcomesInto(bytes, builder, { skipBad: job.skipBad });
    return { chunk, part: builder.part(), bad: r.bad, count: r.count, lines: r.lines ?? 0 };
  } catch (e) {
    if (!(e instanceof JoustError) || typeof e.details?.line !== "number") throw e;
    // Chunks after this one cannot change the outcome (this error or an earlier one).
    for (let first = Atomics.load(job.shared, 1); chunk < first; first = Atomics.load(job.shared, 1))
      if (Atomics.compareExchange(job.shared, 1, first, chunk) === first) break;
    const error = { line: e.details.line, reason: String(e.details.reason) };
    return { chunk, part: builder.part(), bad: [], count: 0, lines: 0, error };
  }
}

/** Takes chunks until none is left (or none can matter after an error). */
export function scanChunks(job: ScanJob): ChunkResult[] {
  const fd = openSync(job.path, "r");
  const out: ChunkResult[] = [];
  let largest = 0;
  for (let c = 0; c + 1 < job.cuts.length; c++) largest = Math.max(largest, job.cuts[c + 1] - job.cuts[c]);
  const buffer = Buffer.allocUnsafe(largest);
  try {
    for (;;) {
      const chunk = Atomics.add(job.shared, 0, 1);
      if (chunk >= job.cuts.length - 1 || chunk > Atomics.load(job.shared, 1)) return out;
      out.push(scanChunk(fd, job, chunk, undefined, buffer));
    }
  } finally {
    closeSync(fd);
  }
}

/** Chunk boundaries: 0, each cut just after a newline, size. */
function cutPoints(fd: number, size: number): number[] {
  const n = Math.min(MAX_CHUNKS, Math.ceil(size / CHUNK_BYTES));
  const cuts = [0];
  for (let k = 1; k < n; k++) {
    const at = Math.floor((size * k) / n);
    if (at <= cuts[cuts.length - 1]) continue;
    let nl = readRange(fd, at, Math.min(size, at + CUT_PEEK)).indexOf(NL);
    if (nl < 0) nl = readRange(fd, at, Math.min(size, at + CUT_WINDOW)).indexOf(NL);
    if (nl >= 0 && at + nl + 1 < size) cuts.push(at + nl + 1);
  }
  cuts.push(size);
  return cuts;
}

/** Is the file (by its first bytes) JSON Lines, not a JSON array or a BOM-prefixed text? */
function looksLikeJsonLines(head: Uint8Array): boolean {
  let p = 0;
  while (p < head.length && (head[p] === 0x20 || head[p] === 0x09 || head[p] === 0x0d || head[p] === NL)) p++;
  return p < head.length && head[p] !== 0x5b && !(head[0] === 0xef && head[1] === 0xbb);
}

/**
 * Scans a battle file for the plain leaderboard (outcome fields only) into a CompactBuilder with
 * `filter`, on two threads when the file is large JSON Lines. Throws `bad_request:import` for the
 * file's first bad line unless `skipBad`.
 */
export async function scanOutcomeFile(
  path: string,
  filter: BattleFilter,
  opts: { skipBad?: boolean; helper?: { scan(job: ScanJob): Promise<ChunkResult[]> } } = {},
): Promise<ScannedFile> {
  const skipBad = opts.skipBad ?? false;
  const fd = openSync(path, "r");
  let cuts: number[];
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      // A pipe or another stream (/dev/stdin): no size to cut by; read it to its end, on this thread.
      const bytes = readFileSync(fd);
      const builder = new CompactBuilder(filter, capacityFor(bytes.length));
      const r = scanOutcomesInto(bytes, builder, { skipBad });
      return { builder, bad: r.bad, count: r.count };
    }
    const size = st.size;
    const parallel = opts.helper && size >= PARALLEL_MIN_BYTES && looksLikeJsonLines(readRange(fd, 0, 4096));
    cuts = parallel ? cutPoints(fd, size) : [0, size];
  } finally {
    closeSync(fd);
  }
  const shared = new Int32Array(new SharedArrayBuffer(8));
  shared[1] = 0x7fffffff;
  const job: ScanJob = { path, cuts, shared, filter, skipBad };
  if (cuts.length === 2) {
    // One chunk: straight into the result's builder.
    const builder = new CompactBuilder(filter, capacityFor(cuts[1]));
    const fd1 = openSync(path, "r");
    try {
      const r = scanChunk(fd1, job, 0, builder);
      if (r.error) throw badLineError(r.error.line, r.error.reason);
      return { builder, bad: r.bad, count: r.count };
    } finally {
      closeSync(fd1);
    }
  }
  const theirs = opts.helper ? opts.helper.scan(job) : Promise.resolve([]);
  theirs.catch(() => undefined); // awaited below unless this thread's chunks fail first
  const mine = scanChunks(job);
  let helped: ChunkResult[] = [];
  try {
    helped = await theirs;
  } catch {
    // The helper is gone: scan what it claimed but never returned here.
  }
  const results = [...mine, ...helped];
  const have = new Set(results.map((r) => r.chunk));
  const fdAgain = openSync(path, "r");
  try {
    for (let c = 0; c < cuts.length - 1 && c <= job.shared[1]; c++)
      if (!have.has(c)) results.push(scanChunk(fdAgain, job, c));
  } finally {
    closeSync(fdAgain);
  }
  results.sort((x, y) => x.chunk - y.chunk);
  const builder = new CompactBuilder(filter);
  const bad: BadLine[] = [];
  let lines = 0,
    count = 0;
  for (const r of results) {
    if (r.error) throw badLineError(lines + r.error.line, r.error.reason);
    builder.append(r.part);
    for (const b of r.bad) bad.push({ line: lines + b.line, reason: b.reason });
    lines += r.lines;
    count += r.count;
  }
  return { builder, bad, count };
}

/** The buffers of chunk results to transfer (not copy) to another thread. */
export function transferList(results: ChunkResult[]): ArrayBuffer[] {
  return results.flatMap(({ part }) => [
    part.a.buffer,
    part.b.buffer,
    part.outcome.buffer,
    ...(part.style ? [part.style.buffer] : []),
  ]) as ArrayBuffer[];
}
