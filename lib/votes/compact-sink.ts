/**
 * Typed arrays filled from the binary rows the feature table's reads return (./feature-read.ts,
 * ./pack-read.ts): models numbered by first appearance, as CompactBuilder numbers them.
 */
import { JoustError } from "@/lib/errors";
import { STYLE_K } from "@/lib/rating/style-features";
import type { CompactBattles } from "@/lib/rating/types";
import { CopyBinaryParser } from "./copy-binary";
import { FLAG_STYLE } from "./packs-sql";

/** int4 model_a, int4 model_b, int2 outcome; then 4 × float8 style features when asked. */
export const BASE_BYTES = 10;
export const STYLE_BYTES = 8 * STYLE_K;

/**
 * A typed array over shared memory: the leaderboard hands the battles to a worker thread (twice, for the
 * point fit and then the intervals), and shared memory crosses without a copy (at 10M battles, 410 MB).
 */
function shared<T extends Int32Array | Uint8Array | Float64Array>(
  Type: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  n: number,
): T {
  return new Type(new SharedArrayBuffer(Math.max(1, n) * Type.BYTES_PER_ELEMENT));
}

/** Which rows of the pack layout to keep: `flags & mask` must equal `want`; ties left out with `noTies`. */
export interface FlagFilter {
  mask: number;
  want: number;
  noTies: boolean;
}

/** Decodes binary chunks as they arrive into typed arrays sized by the count (grown if votes landed meanwhile). */
export class CompactSink {
  private a: Int32Array;
  private b: Int32Array;
  private outcome: Uint8Array;
  private diff: Float64Array | undefined;
  private len = 0;
  /** vote_models ids in order of first appearance (CompactBuilder numbers models so). */
  private readonly ids: number[] = [];
  private dense = new Int32Array(64).fill(-1);

  constructor(capacity: number, style: boolean) {
    this.a = shared(Int32Array, capacity);
    this.b = shared(Int32Array, capacity);
    this.outcome = shared(Uint8Array, capacity);
    this.diff = style ? shared(Float64Array, capacity * STYLE_K) : undefined;
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

  /**
   * Rows in the pack layout (./packs-sql.ts `packRow`; style features as float4 in packs, float8 in exact
   * reads) that pass `filter`; a kept row without style features is counted, not read, when style is asked.
   * Returns how many such rows were skipped.
   */
  addPacked(chunk: Uint8Array, float: 4 | 8, filter: FlagFilter): number {
    const rowBytes = 9 + STYLE_K * float;
    const rows = chunk.byteLength / rowBytes;
    if (this.len + rows > this.a.length) this.grow(this.len + rows);
    const v = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const { a, b, outcome, diff } = this;
    const { mask, want, noTies } = filter;
    let dense = this.dense;
    let k = this.len,
      skipped = 0;
    for (let off = 0; off < chunk.byteLength; off += rowBytes) {
      const flags = chunk[off + 8];
      const o = flags & 3;
      if ((flags & mask) !== want || (noTies && o === 2)) continue;
      const ma = v.getInt32(off),
        mb = v.getInt32(off + 4);
      if (ma === mb) continue;
      if (diff && (flags & FLAG_STYLE) === 0) {
        skipped++;
        continue;
      }
      // The dense id from the table in hand (a new model, rare, goes through idOf, which may grow it).
      let da = ma >= 0 && ma < dense.length ? dense[ma] : -1;
      if (da < 0) (da = this.idOf(ma)), (dense = this.dense);
      let db = mb >= 0 && mb < dense.length ? dense[mb] : -1;
      if (db < 0) (db = this.idOf(mb)), (dense = this.dense);
      a[k] = da;
      b[k] = db;
      outcome[k] = o;
      if (diff) {
        const d = k * STYLE_K,
          at = off + 9;
        if (float === 4) {
          diff[d] = v.getFloat32(at);
          diff[d + 1] = v.getFloat32(at + 4);
          diff[d + 2] = v.getFloat32(at + 8);
          diff[d + 3] = v.getFloat32(at + 12);
        } else {
          diff[d] = v.getFloat64(at);
          diff[d + 1] = v.getFloat64(at + 8);
          diff[d + 2] = v.getFloat64(at + 16);
          diff[d + 3] = v.getFloat64(at + 24);
        }
      }
      k++;
    }
    this.len = k;
    return skipped;
  }

  private grow(n: number): void {
    const more = <T extends Int32Array | Uint8Array | Float64Array>(x: T, size: number): T => {
      const next = shared(x.constructor as { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, size);
      next.set(x);
      return next;
    };
    this.a = more(this.a, n);
    this.b = more(this.b, n);
    this.outcome = more(this.outcome, n);
    if (this.diff) this.diff = more(this.diff, n * STYLE_K);
  }

  /** The arrays as filled so far and the vote_models ids of their dense model numbers (they cross threads as is). */
  parts(skipped: number): SinkParts {
    const n = this.len;
    const cut = <T extends Int32Array | Uint8Array | Float64Array>(x: T, size: number): T =>
      x.length === size ? x : (x.subarray(0, size) as T);
    return {
      ids: this.ids.slice(),
      a: cut(this.a, n),
      b: cut(this.b, n),
      outcome: cut(this.outcome, n),
      diff: this.diff ? cut(this.diff, n * STYLE_K) : undefined,
      scaled: this.diff ? shared(Float64Array, 1) : undefined,
      skipped,
    };
  }

  finish(skipped: number, names: Map<number, string>): CompactBattles {
    return namedBattles(this.parts(skipped), names);
  }
}

/** What a sink filled, before model ids are named (what a decoding worker hands back). */
export interface SinkParts {
  ids: number[];
  a: Int32Array;
  b: Int32Array;
  outcome: Uint8Array;
  diff?: Float64Array;
  /** CompactBattles.styleScaled: the arrays are this read's own, so a computation may standardise them in place. */
  scaled?: Float64Array;
  skipped: number;
}

/** The battles of `parts`, its model ids named from vote_models. */
export function namedBattles(parts: SinkParts, names: Map<number, string>): CompactBattles {
  const models = parts.ids.map((id) => {
    const name = names.get(id);
    if (name === undefined) throw new Error(`vote_features names model id ${id}, which vote_models lacks`);
    return name;
  });
  const out: CompactBattles = { models, a: parts.a, b: parts.b, outcome: parts.outcome, length: parts.a.length };
  if (parts.diff) {
    out.styleDiff = parts.diff;
    out.styleScaled = parts.scaled;
    out.styleSkipped = parts.skipped;
  }
  return out;
}

/**
 * Where a packed read (./pack-read.ts) decodes the binary rows it fetches: on this thread (`decodeHere`), or
 * in a worker thread while this one fetches the next (lib/leaderboard/decode-thread.ts).
 */
export interface PackedDecoder {
  /** Rows in the pack layout, base64, with style features as float4 (packs) or float8 (exact reads). */
  add(rows: string, float: 4 | 8): void;
  /**
   * A piece of the output of `COPY (SELECT <packs' base64 rows>) TO STDOUT (FORMAT binary)` (./copy-binary.ts),
   * cut anywhere, one COPY's output after another; the rows' style features are float4. The decoder copies
   * what it keeps: `chunk` may be a view of the driver's buffers.
   */
  addCopy(chunk: Uint8Array): void;
  /** Everything added, decoded; the model ids named from `names`. */
  finish(names: Map<number, string>): Promise<CompactBattles>;
  /** The read failed: whatever was decoded is dropped. */
  abort(): void;
}
export type PackedDecoderFactory = (capacity: number, style: boolean, filter: FlagFilter) => PackedDecoder;

/**
 * The error a decoder fails with when it stopped (its worker thread could not start, or died): what it had
 * decoded is gone, and the read is done again, decoding here (./pack-read.ts).
 */
export function decoderGone(): JoustError {
  return new JoustError("internal:leaderboard", "The leaderboard worker stopped while decoding.", {
    decoderGone: true,
  });
}
export const isDecoderGone = (e: unknown) => e instanceof JoustError && e.details?.decoderGone === true;

/** What a PackedDecoder does with the rows handed to it, wherever it runs. */
export class PackedRows {
  private readonly sink: CompactSink;
  /** A COPY's values are packs' base64 text (ASCII: read as latin1, the cheapest string to make). */
  private readonly copy = new CopyBinaryParser((text) =>
    this.add(Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString("latin1"), 4),
  );
  /** Where base64 is decoded to, reused (fresh memory for each pack's megabytes costs page faults). */
  private scratch = Buffer.alloc(0);
  private skipped = 0;

  constructor(
    capacity: number,
    private readonly style: boolean,
    private readonly filter: FlagFilter,
  ) {
    this.sink = new CompactSink(capacity, style);
  }

  add(base64: string, float: 4 | 8): void {
    // At most 3 bytes per 4 characters (line breaks and padding make it fewer).
    const most = Math.ceil(base64.length / 4) * 3;
    if (this.scratch.length < most) this.scratch = Buffer.allocUnsafe(most);
    const rows = this.scratch.subarray(0, this.scratch.write(base64, "base64"));
    this.skipped += this.sink.addPacked(rows, float, this.filter);
  }

  addCopy(chunk: Uint8Array): void {
    this.copy.write(chunk);
  }

  /** The arrays filled; a COPY output cut short is an error. */
  parts(): SinkParts {
    this.copy.end();
    return this.sink.parts(this.style ? this.skipped : 0);
  }
}

export const decodeHere: PackedDecoderFactory = (capacity, style, filter) => {
  const rows = new PackedRows(capacity, style, filter);
  return {
    add: (r, float) => rows.add(r, float),
    addCopy: (chunk) => rows.addCopy(chunk),
    finish: async (names) => namedBattles(rows.parts(), names),
    abort: () => undefined,
  };
};
