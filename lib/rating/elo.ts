import { A_WINS, B_WINS, type CompactBattles, type RatingScale } from "./types";

/** FastChat `compute_elo`: online Elo in battle order (K=4, base 10, scale 400, init 1000; ties = ½). */
export function onlineElo(c: CompactBattles, opts: RatingScale & { k?: number } = {}): Float64Array {
  const K = opts.k ?? 4,
    scale = opts.scale ?? 400,
    base = opts.base ?? 10;
  const rating = new Float64Array(c.models.length).fill(opts.initRating ?? 1000);
  const lnBase = Math.log(base);
  for (let n = 0; n < c.length; n++) {
    const i = c.a[n],
      j = c.b[n],
      o = c.outcome[n];
    const ra = rating[i],
      rb = rating[j];
    // B's expected score is 1 − A's (FastChat computes it with a second power: equal up to rounding).
    const ea = 1 / (1 + Math.exp((lnBase * (rb - ra)) / scale));
    const sa = o === A_WINS ? 1 : o === B_WINS ? 0 : 0.5;
    rating[i] += K * (sa - ea);
    rating[j] -= K * (sa - ea);
  }
  return rating;
}
