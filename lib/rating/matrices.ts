import { A_WINS, B_WINS, type CompactBattles } from "./types";

export interface PairStats {
  /** m×m row-major: wins[i*m+j] = times i beat j (either seat). */
  wins: Float64Array;
  /** m×m symmetric: all battles between i and j, ties included. */
  battles: Float64Array;
  perModel: { battles: Int32Array; wins: Int32Array; losses: Int32Array; ties: Int32Array };
}

export function pairStats(c: CompactBattles): PairStats {
  const m = c.models.length;
  const wins = new Float64Array(m * m),
    battles = new Float64Array(m * m);
  const per = {
    battles: new Int32Array(m),
    wins: new Int32Array(m),
    losses: new Int32Array(m),
    ties: new Int32Array(m),
  };
  for (let n = 0; n < c.length; n++) {
    const i = c.a[n],
      j = c.b[n],
      o = c.outcome[n];
    battles[i * m + j]++;
    battles[j * m + i]++;
    per.battles[i]++;
    per.battles[j]++;
    if (o === A_WINS) {
      wins[i * m + j]++;
      per.wins[i]++;
      per.losses[j]++;
    } else if (o === B_WINS) {
      wins[j * m + i]++;
      per.wins[j]++;
      per.losses[i]++;
    } else {
      per.ties[i]++;
      per.ties[j]++;
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
