/**
 * Reading a judge's text, as FastChat does: a rating in `[[x]]` (falling back to `[x]`),
 * −1 when there is none; a pairwise verdict `[[A]]` / `[[B]]` / `[[C]]`, `error` when there is none.
 */
import type { PairWinner } from "./types";

const RATING = /\[\[(\d+\.?\d*)\]\]/;
const RATING_BACKUP = /\[(\d+\.?\d*)\]/;

/** The rating in the judge's text, or −1 when it has none (kept and counted as unparsed, never dropped). */
export function parseRating(text: string): number {
  const m = RATING.exec(text) ?? RATING_BACKUP.exec(text);
  if (!m) return -1;
  const n = Number(m[1]);
  return Number.isFinite(n) ? n : -1;
}

export type Verdict = "A" | "B" | "tie" | "error";

/** The verdict in the judge's text; the first of [[A]], [[B]], [[C]] checked in that order, as FastChat does. */
export function parseVerdict(text: string): Verdict {
  if (text.includes("[[A]]")) return "A";
  if (text.includes("[[B]]")) return "B";
  if (text.includes("[[C]]")) return "tie";
  return "error";
}

/**
 * A verdict in model terms. g1 shows model_1 as A; g2 swaps positions, so there A is model_2.
 */
export function verdictToWinner(v: Verdict, game: 1 | 2): PairWinner {
  if (v === "A") return game === 1 ? "model_1" : "model_2";
  if (v === "B") return game === 1 ? "model_2" : "model_1";
  return v;
}

/**
 * The outcome of a pair judged twice: the winner when both games agree, a tie when they
 * disagree or either says tie, null (left out) when either game's verdict is `error`.
 */
export function combineGames(g1: PairWinner, g2: PairWinner): "model_1" | "model_2" | "tie" | null {
  if (g1 === "error" || g2 === "error") return null;
  if (g1 === "tie" || g1 !== g2) return "tie";
  return g1;
}
