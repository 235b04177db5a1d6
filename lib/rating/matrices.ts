import type { OutcomeTable } from "./types";

export interface PairStats {
  /** m×m row-major: wins[i*m+j] = times i beat j (either seat). */
  wins: Float64Array;
  /** m×m symmetric: all battles between i and j, ties included. */
  battles: Float64Array;
  perModel: { battles: Int32Array; wins: Int32Array; losses: Int32Array; ties: Int32Array };
}

/**
 * Per-pair and per-model counts, from the deduplicated outcome table (rows are unordered pairs lo < hi
 * with the outcome from lo's view: score 1 / 0.5 / 0), so O(rows), not O(battles).
 */
export function pairStats(t: OutcomeTable): PairStats {
  const m = t.models.length;
  const wins = new Float64Array(m * m),
    battles = new Float64Array(m * m);
  const per = {
    battles: new Int32Array(m),
    wins: new Int32Array(m),
    losses: new Int32Array(m),
    ties: new Int32Array(m),
  };
  for (let r = 0; r < t.rows; r++) {
    const i = t.a[r],
      j = t.b[r],
      n = t.count[r],
      score = t.score[r];
    battles[i * m + j] += n;
    battles[j * m + i] += n;
    per.battles[i] += n;
    per.battles[j] += n;
    if (score === 1) {
      wins[i * m + j] += n;
      per.wins[i] += n;
      per.losses[j] += n;
    } else if (score === 0) {
      wins[j * m + i] += n;
      per.wins[j] += n;
      per.losses[i] += n;
    } else {
      per.ties[i] += n;
      per.ties[j] += n;
    }
  }
  return { wins, battles, perModel: per };
}

/**
 * FastChat `compute_pairwise_win_fraction` on non-tie battles: row model's share of decisive
 * battles against the column model (null where none), and each row's mean over the columns it met.
 */
export function winFraction(s: PairStats, m: number): { matrix: Float64Array; average: Float64Array } {
  const matrix = new Float64Array(m * m).fill(NaN);
  const average = new Float64Array(m).fill(NaN);
  for (let i = 0; i < m; i++) {
    let sum = 0,
      cnt = 0;
    for (let j = 0; j < m; j++) {
      if (i === j) continue;
      const decisive = s.wins[i * m + j] + s.wins[j * m + i];
      if (decisive === 0) continue;
      const f = s.wins[i * m + j] / decisive;
      matrix[i * m + j] = f;
      sum += f;
      cnt++;
    }
    if (cnt) average[i] = sum / cnt;
  }
  return { matrix, average };
}

/** FastChat `predict_win_rate`: P(row beats column) = 1 / (1 + base^((R_col − R_row)/scale)); 0.5 on the diagonal. */
export function predictedWinRate(ratings: readonly number[], s: { scale?: number; base?: number } = {}): number[][] {
  const scale = s.scale ?? 400,
    base = s.base ?? 10;
  return ratings.map((ri, i) => ratings.map((rj, j) => (i === j ? 0.5 : 1 / (1 + base ** ((rj - ri) / scale)))));
}
