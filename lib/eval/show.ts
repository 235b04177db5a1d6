/** The results table of a judgment file, as text (the page's table) or as JSON (`eval:show --json`). */
import { parseJudgmentFile } from "./files";
import { pairResults, singleResults, unparsedPairs, type PairRow, type SingleRow } from "./results";

export type ShowResult =
  | { kind: "single"; models: SingleRow[] }
  | { kind: "pairwise"; models: PairRow[]; unparsed: number };

export function showJudgments(text: string, file: string, baseline?: string): ShowResult {
  const parsed = parseJudgmentFile(text, file);
  if (parsed.kind === "single") return { kind: "single", models: singleResults(parsed.judgments) };
  const judgments =
    baseline === undefined
      ? parsed.judgments
      : parsed.judgments.filter((j) => j.model_1 === baseline || j.model_2 === baseline);
  return { kind: "pairwise", models: pairResults(parsed.judgments, baseline), unparsed: unparsedPairs(judgments) };
}

/** The JSON shapes of `eval:show --json`. */
export function resultJson(r: ShowResult): { models: Array<SingleRow | PairRow> } {
  return { models: r.models };
}

const num = (x: number | null, digits = 4) => (x === null ? "-" : x.toFixed(digits));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function formatResult(r: ShowResult): string {
  if (r.kind === "single")
    return (
      "Mode: single\n" +
      table(
        ["model", "turn1", "turn2", "overall", "judged", "unparsed"],
        r.models.map((m) => [
          m.model,
          num(m.turn1),
          num(m.turn2),
          num(m.overall),
          String(m.judged),
          String(m.unparsed),
        ]),
      )
    );
  return (
    "Mode: pairwise\n" +
    table(
      ["model", "win", "loss", "tie", "win_rate", "loss_rate", "win_rate_adjusted"],
      r.models.map((m) => [
        m.model,
        String(m.win),
        String(m.loss),
        String(m.tie),
        num(m.win_rate),
        num(m.loss_rate),
        num(m.win_rate_adjusted),
      ]),
    ) +
    (r.unparsed ? `\n(${r.unparsed} judgment(s) with an unparsed verdict left out)` : "")
  );
}
