import { inCategory } from "./categories";
import { withMinBattles } from "./min-battles";
import { readStyleCounts } from "./style-features";
import { A_WINS, B_WINS, TIE, type Battle, type BattleFilter, type CompactBattles, type OutcomeTable } from "./types";

/** A winner's outcome code, or −1 for a value that is not a winner. */
export function outcomeCode(winner: string): number {
  if (winner === "model_a") return A_WINS;
  if (winner === "model_b") return B_WINS;
  if (winner === "tie" || winner === "tie (bothbad)") return TIE;
  return -1;
}

/**
 * Streams battles into typed arrays over model indices, applying the filters as they arrive
 * (battle order kept), so a large file never has to be held as one object per battle.
 */
export class CompactBuilder {
  private readonly anonyOnly: boolean;
  private readonly from: number;
  private readonly to: number;
  private readonly ranged: boolean;
  private readonly index = new Map<string, number>();
  private readonly names: string[] = [];
  private a: Int32Array;
  private b: Int32Array;
  private outcome: Uint8Array;
  private style: Float64Array | null;
  private styleSkipped = 0;
  private readonly category: string;
  private readonly counts = new Float64Array(8);
  private len = 0;

  constructor(
    private readonly filter: BattleFilter = {},
    capacity = 1024,
  ) {
    this.anonyOnly = filter.anonyOnly ?? true;
    this.from = filter.fromTstamp ?? -Infinity;
    this.to = filter.toTstamp ?? Infinity;
    this.ranged = filter.fromTstamp !== undefined || filter.toTstamp !== undefined;
    capacity = Math.max(16, capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.outcome = new Uint8Array(capacity);
    this.style = filter.style ? new Float64Array(capacity * 8) : null;
    this.category = filter.category ?? "";
  }

  /** No category filter and no style counts: `addIds` may be used. */
  get plain(): boolean {
    return !this.category && !this.style;
  }

  /** The model's index (a new one for a name not seen before). */
  modelId(name: string): number {
    return this.idOf(name);
  }

  /** `add`'s anonymity, time and tie filters, for a battle given by its outcome code (see `addIds`). */
  accepts(o: number, anony: boolean | undefined, tstamp: number | undefined): boolean {
    if (this.anonyOnly && anony === false) return false;
    if (this.ranged && (tstamp === undefined || tstamp < this.from || tstamp > this.to)) return false;
    return !(o === TIE && this.filter.excludeTies);
  }

  /**
   * `add` for a battle that passed `accepts`, resolved to two different model ids (from `modelId`)
   * and an outcome code (from `outcomeCode`), on a `plain` builder.
   */
  addIds(ia: number, ib: number, o: number): void {
    if (this.len === this.a.length) this.growAll();
    this.a[this.len] = ia;
    this.b[this.len] = ib;
    this.outcome[this.len] = o;
    this.len++;
  }

  private idOf(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(name);
      this.index.set(name, i);
    }
    return i;
  }

  /** Adds `n` identical battles (aggregated counts) if they pass the filters. */
  addMany(x: Battle, n: number): void {
    if (!(n >= 1)) return;
    const before = this.len,
      skippedBefore = this.styleSkipped;
    this.add(x);
    if (this.styleSkipped > skippedBefore) this.styleSkipped += n - 1;
    if (this.len === before || n === 1) return;
    const k = before,
      end = before + n;
    while (this.a.length < end) this.growAll();
    this.a.fill(this.a[k], k + 1, end);
    this.b.fill(this.b[k], k + 1, end);
    this.outcome.fill(this.outcome[k], k + 1, end);
    if (this.style) for (let i = k + 1; i < end; i++) this.style.copyWithin(i * 8, k * 8, k * 8 + 8);
    this.len = end;
  }

  private growAll(): void {
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(arr: T): T => {
      const next = new (arr.constructor as new (n: number) => T)(arr.length * 2);
      next.set(arr);
      return next;
    };
    this.a = grow(this.a);
    this.b = grow(this.b);
    this.outcome = grow(this.outcome);
    if (this.style) this.style = grow(this.style);
  }

  /** Adds one battle if it passes the filters. */
  add(x: Battle): void {
    if (this.anonyOnly && x.anony === false) return;
    if (this.ranged && (x.tstamp === undefined || x.tstamp < this.from || x.tstamp > this.to)) return;
    const o = outcomeCode(x.winner);
    if (o < 0 || (o === TIE && this.filter.excludeTies)) return;
    if (x.model_a === x.model_b) return;
    if (this.category && !inCategory(x, this.category)) return;
    if (this.style && !readStyleCounts(x.conv_metadata, this.counts)) {
      this.styleSkipped++;
      return;
    }
    if (this.len === this.a.length) this.growAll();
    if (this.style) this.style.set(this.counts, this.len * 8);
    this.a[this.len] = this.idOf(x.model_a);
    this.b[this.len] = this.idOf(x.model_b);
    this.outcome[this.len] = o;
    this.len++;
  }

  /**
   * The battles added so far, unfiltered by minBattles (for moving to another thread, where
   * `append` adds them to that thread's builder: the typed arrays can be transferred).
   */
  part(): CompactPart {
    return {
      names: this.names.slice(),
      a: this.a,
      b: this.b,
      outcome: this.outcome,
      style: this.style,
      styleSkipped: this.styleSkipped,
      length: this.len,
    };
  }

  /** Adds another builder's battles after this one's (battle order kept, model ids mapped by name). */
  append(p: CompactPart): void {
    const ids = Int32Array.from(p.names, (name) => this.idOf(name));
    while (this.a.length < this.len + p.length) this.growAll();
    for (let k = 0; k < p.length; k++) {
      this.a[this.len + k] = ids[p.a[k]];
      this.b[this.len + k] = ids[p.b[k]];
    }
    this.outcome.set(p.outcome.subarray(0, p.length), this.len);
    if (this.style && p.style) this.style.set(p.style.subarray(0, p.length * 8), this.len * 8);
    this.styleSkipped += p.styleSkipped;
    this.len += p.length;
  }

  /** Applies the minimum-battles filter and returns the compact battles. */
  finish(): CompactBattles {
    const c: CompactBattles = {
      models: this.names.slice(),
      a: this.a,
      b: this.b,
      outcome: this.outcome,
      length: this.len,
    };
    if (this.style) {
      c.style = this.style;
      c.styleSkipped = this.styleSkipped;
    }
    return withMinBattles(c, this.filter.minBattles ?? 0);
  }
}

/** A CompactBuilder's battles before `finish` (see `part`). */
export interface CompactPart {
  names: string[];
  a: Int32Array;
  b: Int32Array;
  outcome: Uint8Array;
  style: Float64Array | null;
  styleSkipped: number;
  length: number;
}

/** Filter battles and turn them into typed arrays over model indices (battle order kept). */
export function compactBattles(battles: readonly Battle[], filter: BattleFilter = {}): CompactBattles {
  const builder = new CompactBuilder(filter, battles.length);
  for (let k = 0; k < battles.length; k++) builder.add(battles[k]);
  return builder.finish();
}

/** Deduplicate battles to (unordered pair, outcome) counts — ~3·m(m−1)/2 rows whatever the battle count. */
export function outcomeTable(c: CompactBattles): OutcomeTable {
  const m = c.models.length;
  // cell = (lo * m + hi) * 3 + outcome-from-lo's-view
  const counts = new Float64Array(m * m * 3);
  for (let k = 0; k < c.length; k++) {
    let i = c.a[k],
      j = c.b[k],
      o = c.outcome[k];
    if (i > j) {
      const t = i;
      i = j;
      j = t;
      if (o !== TIE) o = o === A_WINS ? B_WINS : A_WINS;
    }
    counts[(i * m + j) * 3 + o]++;
  }
  let rows = 0;
  for (let x = 0; x < counts.length; x++) if (counts[x] > 0) rows++;
  const t: OutcomeTable = {
    models: c.models,
    a: new Int32Array(rows),
    b: new Int32Array(rows),
    score: new Float64Array(rows),
    count: new Float64Array(rows),
    rows,
    total: c.length,
  };
  let r = 0;
  for (let x = 0; x < counts.length; x++) {
    if (counts[x] <= 0) continue;
    const cell = Math.floor(x / 3),
      o = x % 3;
    t.a[r] = Math.floor(cell / m);
    t.b[r] = cell % m;
    t.score[r] = o === A_WINS ? 1 : o === B_WINS ? 0 : 0.5;
    t.count[r] = counts[x];
    r++;
  }
  return t;
}
