"use client";
/** 4. Results per judge: single-mode means (turn 1, turn 2, overall) with the category chart, or pairwise win rates; cost and speed. */
import { EvalCategoryChart } from "@/components/eval-category-chart";
import { formatDuration } from "@/lib/eval/pipeline/accounting";
import { categoryMeans, pairResults, singleResults, unparsedPairs } from "@/lib/eval/results";
import type { EvalJudgmentRow, EvalRun } from "@/lib/eval/browser/types";
import type { PairJudgment, SingleJudgment } from "@/lib/eval/types";

const f = (x: number | null, d = 2) => (x === null ? "–" : x.toFixed(d));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const th = "px-2 py-1 text-left font-medium";
const td = "px-2 py-1 tabular-nums";

function groups(rows: readonly EvalJudgmentRow[]) {
  const by = new Map<string, { judge: string; kind: "single" | "pairwise"; items: EvalJudgmentRow["judgment"][] }>();
  for (const r of rows) {
    const k = `${r.kind}|${r.judge}`;
    const g = by.get(k) ?? { judge: r.judge, kind: r.kind, items: [] };
    g.items.push(r.judgment);
    by.set(k, g);
  }
  return [...by.values()];
}

export function EvalResults({ run, judgments }: { run: EvalRun; judgments: readonly EvalJudgmentRow[] }) {
  const tokens = Object.entries(run.tokens);
  return (
    <section className="space-y-3 rounded-lg border border-zinc-200 p-3" data-testid="eval-results">
      <h2 className="font-medium">4. Results</h2>
      {groups(judgments).map((g) =>
        g.kind === "single" ? (
          <SingleTable key={`s-${g.judge}`} judge={g.judge} items={g.items as SingleJudgment[]} run={run} />
        ) : (
          <PairTable
            key={`p-${g.judge}`}
            judge={g.judge}
            items={g.items as PairJudgment[]}
            baseline={run.mode === "pairwise-baseline" && run.judge === g.judge ? run.baseline : undefined}
          />
        ),
      )}
      {!judgments.length && <p className="text-sm text-zinc-500">No judgments yet.</p>}
      {tokens.length > 0 && (
        <table className="text-sm" data-testid="eval-cost">
          <thead>
            <tr className="border-b border-zinc-200">
              <th className={th}>Model / judge</th>
              <th className={th}>Calls</th>
              <th className={th}>Tokens in</th>
              <th className={th}>Tokens out</th>
              <th className={th}>Time per question</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map(([name, t]) => {
              const ms = run.questionMs[name];
              return (
                <tr key={name} data-testid="eval-cost-row" data-name={name}>
                  <td className="px-2 py-1">{name}</td>
                  <td className={td}>{t.calls}</td>
                  <td className={td}>
                    {t.promptTokens}
                    {t.estimated ? "*" : ""}
                  </td>
                  <td className={td}>
                    {t.completionTokens}
                    {t.estimated ? "*" : ""}
                  </td>
                  <td className={td}>{ms?.length ? formatDuration(ms.reduce((a, b) => a + b, 0) / ms.length) : "–"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {tokens.some(([, t]) => t.estimated) && (
        <p className="text-xs text-zinc-500">
          * partly estimated (4 characters a token) where the engine reported no usage.
        </p>
      )}
    </section>
  );
}

function SingleTable({ judge, items, run }: { judge: string; items: SingleJudgment[]; run: EvalRun }) {
  const rows = singleResults(items);
  return (
    <div className="space-y-2" data-testid="eval-single-results" data-judge={judge}>
      <h3 className="text-sm font-medium">Single-answer grading by {judge}</h3>
      <table className="text-sm">
        <thead>
          <tr className="border-b border-zinc-200">
            {["Model", "Turn 1", "Turn 2", "Overall", "Judged", "Unparsed"].map((h) => (
              <th key={h} className={th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.model} data-testid="eval-single-row" data-model={r.model}>
              <td className="px-2 py-1">{r.model}</td>
              <td className={td} data-testid="turn1">
                {f(r.turn1)}
              </td>
              <td className={td} data-testid="turn2">
                {f(r.turn2)}
              </td>
              <td className={td} data-testid="overall">
                {f(r.overall)}
              </td>
              <td className={td}>{r.judged}</td>
              <td className={td} data-testid="unparsed">
                {r.unparsed}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <EvalCategoryChart means={categoryMeans(items, run.questions)} />
    </div>
  );
}

function PairTable({ judge, items, baseline }: { judge: string; items: PairJudgment[]; baseline?: string }) {
  const rows = pairResults(items, baseline);
  const unparsed = unparsedPairs(items);
  return (
    <div className="space-y-1" data-testid="eval-pair-results" data-judge={judge}>
      <h3 className="text-sm font-medium">
        Pairwise by {judge}
        {baseline ? ` against ${baseline}` : ""}
      </h3>
      <table className="text-sm">
        <thead>
          <tr className="border-b border-zinc-200">
            {["Model", "Win", "Loss", "Tie", "Win rate", "Loss rate", "Adjusted win rate"].map((h) => (
              <th key={h} className={th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.model} data-testid="eval-pair-row" data-model={r.model}>
              <td className="px-2 py-1">{r.model}</td>
              <td className={td} data-testid="win">
                {r.win}
              </td>
              <td className={td} data-testid="loss">
                {r.loss}
              </td>
              <td className={td} data-testid="tie">
                {r.tie}
              </td>
              <td className={td}>{pct(r.win_rate)}</td>
              <td className={td}>{pct(r.loss_rate)}</td>
              <td className={td} data-testid="win-rate-adjusted">
                {pct(r.win_rate_adjusted)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {unparsed > 0 && (
        <p className="text-xs text-amber-700">{unparsed} judgment(s) with an unparsed verdict are left out.</p>
      )}
    </div>
  );
}
