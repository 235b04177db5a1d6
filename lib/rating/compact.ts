import { A_WINS, B_WINS, TIE, type Battle, type BattleFilter, type CompactBattles, type OutcomeTable } from "./types";

function outcomeCode(winner: string): number {
  if (winner === "model_a") return A_WINS;
  if (winner === "model_b") return B_WINS;
  if (winner === "tie" || winner === "tie (bothbad)") return TIE;
  return -1;
}

/** Filter battles and turn them into typed arrays over model indices (battle order kept). */
export function compactBattles(battles: readonly Battle[], filter: BattleFilter = {}): CompactBattles {
  const anonyOnly = filter.anonyOnly ?? true;
  const from = filter.fromTstamp ?? -Infinity;
  const to = filter.toTstamp ?? Infinity;
  const index = new Map<string, number>();
  const names: string[] = [];
  const idOf = (name: string) => {
    let i = index.get(name);
    if (i === undefined) {
      i = names.length;
      names.push(name);
      index.set(name, i);
    }
    return i;
  };
  const n = battles.length;
  let a = new Int32Array(n), b = new Int32Array(n), outcome = new Uint8Array(n);
  let len = 0;
  for (let k = 0; k < n; k++) {
    const x = battles[k];
    if (anonyOnly && x.anony === false) continue;
    if (x.tstamp !== undefined && (x.tstamp < from || x.tstamp > to)) continue;
    if ((from !== -Infinity || to !== Infinity) && x.tstamp === undefined) continue;
    const o = outcomeCode(x.winner);
    if (o < 0 || (o === TIE && filter.excludeTies)) continue;
    if (x.model_a === x.model_b) continue;
    a[len] = idOf(x.model_a);
    b[len] = idOf(x.model_b);
    outcome[len] = o;
    len++;
  }
  let models = names;
  const minBattles = filter.minBattles ?? 0;
  if (minBattles > 0 && len > 0) {
    len = keepModels(a, b, outcome, len, names.length, (count) => count >= minBattles, (remap) => {
      models = names.filter((_, i) => remap[i] >= 0);
    });
    // Dropping battles can leave a kept model with none at all: it has nothing to be rated on.
    len = keepModels(a, b, outcome, len, models.length, (count) => count > 0, (remap) => {
      models = models.filter((_, i) => remap[i] >= 0);
    });
  }
  if (len < n) {
    a = a.slice(0, len);
    b = b.slice(0, len);
    outcome = outcome.slice(0, len);
  }
  return { models, a, b, outcome, length: len };
}

/** Deduplicate battles to (unordered pair, outcome) counts — ~3·m(m−1)/2 rows whatever the battle count. */
export function outcomeTable(c: CompactBattles): OutcomeTable {
  const m = c.models.length;
  // cell = (lo * m + hi) * 3 + outcome-from-lo's-view
  const counts = new Float64Array(m * m * 3);
  for (let k = 0; k < c.length; k++) {
    let i = c.a[k], j = c.b[k], o = c.outcome[k];
    if (i > j) {
      const t = i; i = j; j = t;
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
    const cell = Math.floor(x / 3), o = x % 3;
    t.a[r] = Math.floor(cell / m);
    t.b[r] = cell % m;
    t.score[r] = o === A_WINS ? 1 : o === B_WINS ? 0 : 0.5;
    t.count[r] = counts[x];
    r++;
  }
  return t;
}

/** Keeps the battles whose two models pass `keep(battle count)`, renumbering models densely. */
function keepModels(
  a: Int32Array, b: Int32Array, outcome: Uint8Array, len: number, m: number,
  keep: (count: number) => boolean, onRemap: (remap: Int32Array) => void,
): number {
  const counts = new Int32Array(m);
  for (let k = 0; k < len; k++) {
    counts[a[k]]++;
    counts[b[k]]++;
  }
  const remap = new Int32Array(m).fill(-1);
  let next = 0;
  for (let i = 0; i < m; i++) if (keep(counts[i])) remap[i] = next++;
  onRemap(remap);
  let w = 0;
  for (let k = 0; k < len; k++) {
    const ra = remap[a[k]], rb = remap[b[k]];
    if (ra < 0 || rb < 0) continue;
    a[w] = ra;
    b[w] = rb;
    outcome[w] = outcome[k];
    w++;
  }
  return w;
}
