/** The minimum-battles filter over compact battles (CompactBuilder.finish, and compact input read from the store). */
import type { CompactBattles } from "./types";

/**
 * Keeps the battles whose two models have at least `minBattles` battles (then drops models left with
 * none), renumbering models densely, in place; returns views of the arrays trimmed to the kept length
 * (battle order kept, nothing copied: at 10M battles a copy costs more than the rest of the filter).
 */
export function withMinBattles(c: CompactBattles, minBattles: number): CompactBattles {
  const { a, b, outcome } = c;
  const rows: Array<[Float64Array, number]> = [];
  if (c.style) rows.push([c.style, 8]);
  if (c.styleDiff) rows.push([c.styleDiff, 4]);
  let len = c.length;
  let models = c.models.slice();
  const remapped = (remap: Int32Array) => {
    models = models.filter((_, i) => remap[i] >= 0);
  };
  if (minBattles > 0 && len > 0) {
    len = keepModels(a, b, outcome, len, models.length, (count) => count >= minBattles, remapped, rows);
    // Dropping battles can leave a kept model with none at all: it has nothing to be rated on.
    len = keepModels(a, b, outcome, len, models.length, (count) => count > 0, remapped, rows);
  }
  const out: CompactBattles = {
    models,
    a: a.subarray(0, len),
    b: b.subarray(0, len),
    outcome: outcome.subarray(0, len),
    length: len,
  };
  if (c.style) out.style = c.style.subarray(0, len * 8);
  if (c.styleDiff) out.styleDiff = c.styleDiff.subarray(0, len * 4);
  // The same battles (none dropped): whatever standardised them in place stays recorded.
  if (c.styleScaled && len === c.length) out.styleScaled = c.styleScaled;
  if (c.style || c.styleDiff) out.styleSkipped = c.styleSkipped ?? 0;
  return out;
}

/** Keeps the battles whose two models pass `keep(battle count)`, renumbering models densely. */
function keepModels(
  a: Int32Array,
  b: Int32Array,
  outcome: Uint8Array,
  len: number,
  m: number,
  keep: (count: number) => boolean,
  onRemap: (remap: Int32Array) => void,
  rows: Array<[Float64Array, number]> = [],
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
    const ra = remap[a[k]],
      rb = remap[b[k]];
    if (ra < 0 || rb < 0) continue;
    a[w] = ra;
    b[w] = rb;
    outcome[w] = outcome[k];
    for (const [arr, width] of rows) arr.copyWithin(w * width, k * width, k * width + width);
    w++;
  }
  return w;
}
