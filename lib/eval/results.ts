/**
 * Aggregation as FastChat's show_result.py: single mode → turn-1, turn-2 and overall mean per
 * model over parsed scores (−1 excluded but counted as unparsed); pairwise → win/loss/tie per
 * model, where a pair counts as a tie when either game says tie or the two games disagree,
 * judgments with an `error` verdict are left out, and a baseline restricts to its battles.
 */
import { combineGames } from "./judgment-parse";
import type { PairJudgment, Question, SingleJudgment } from "./types";

export interface SingleRow {
  model: string;
  turn1: number | null;
  turn2: number | null;
  overall: number | null;
  judged: number;
  unparsed: number;
}

export interface PairRow {
  model: string;
  win: number;
  loss: number;
  tie: number;
  win_rate: number;
  loss_rate: number;
  win_rate_adjusted: number;
}

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Per-model means, best overall first (models with no parsed score last). */
export function singleResults(judgments: readonly SingleJudgment[]): SingleRow[] {
  const by = new Map<string, { t1: number[]; t2: number[]; all: number[]; judged: number; unparsed: number }>();
  for (const j of judgments) {
    const m = by.get(j.model) ?? { t1: [], t2: [], all: [], judged: 0, unparsed: 0 };
    by.set(j.model, m);
    m.judged++;
    if (j.score === -1) {
      m.unparsed++;
      continue;
    }
    m.all.push(j.score);
    if (j.turn === 1) m.t1.push(j.score);
    else if (j.turn === 2) m.t2.push(j.score);
  }
  const rows = [...by].map(([model, m]) => ({
    model,
    turn1: mean(m.t1),
    turn2: mean(m.t2),
    overall: mean(m.all),
    judged: m.judged,
    unparsed: m.unparsed,
  }));
  return rows.sort((a, b) => (b.overall ?? -Infinity) - (a.overall ?? -Infinity) || a.model.localeCompare(b.model));
}

/** Mean score per model and category (parsed scores only), for the category chart. */
export function categoryMeans(
  judgments: readonly SingleJudgment[],
  questions: readonly Question[],
): Map<string, Map<string, number>> {
  const cat = new Map(questions.map((q) => [String(q.question_id), q.category]));
  const acc = new Map<string, Map<string, number[]>>();
  for (const j of judgments) {
    const c = cat.get(String(j.question_id));
    if (!c || j.score === -1) continue;
    const m = acc.get(j.model) ?? new Map<string, number[]>();
    acc.set(j.model, m);
    m.set(c, [...(m.get(c) ?? []), j.score]);
  }
  return new Map([...acc].map(([model, m]) => [model, new Map([...m].map(([c, xs]) => [c, mean(xs)!]))]));
}

/** Win/loss/tie per model, best adjusted win-rate first. With `baseline`, only its battles count and it is not listed. */
export function pairResults(judgments: readonly PairJudgment[], baseline?: string): PairRow[] {
  const by = new Map<string, { win: number; loss: number; tie: number }>();
  const add = (model: string, k: "win" | "loss" | "tie") => {
    const r = by.get(model) ?? { win: 0, loss: 0, tie: 0 };
    r[k]++;
    by.set(model, r);
  };
  for (const j of judgments) {
    if (baseline !== undefined && j.model_1 !== baseline && j.model_2 !== baseline) continue;
    const outcome = combineGames(j.g1_winner, j.g2_winner);
    if (outcome === null) continue;
    if (outcome === "tie") {
      add(j.model_1, "tie");
      add(j.model_2, "tie");
    } else {
      add(outcome === "model_1" ? j.model_1 : j.model_2, "win");
      add(outcome === "model_1" ? j.model_2 : j.model_1, "loss");
    }
  }
  if (baseline !== undefined) by.delete(baseline);
  const rows = [...by].map(([model, r]) => {
    const n = r.win + r.loss + r.tie;
    return { model, ...r, win_rate: r.win / n, loss_rate: r.loss / n, win_rate_adjusted: (r.win + 0.5 * r.tie) / n };
  });
  return rows.sort((a, b) => b.win_rate_adjusted - a.win_rate_adjusted || a.model.localeCompare(b.model));
}

/** Pairwise judgments left out of the table because a game's verdict could not be parsed. */
export function unparsedPairs(judgments: readonly PairJudgment[]): number {
  return judgments.filter((j) => j.g1_winner === "error" || j.g2_winner === "error").length;
}
