"use client";
import { useState } from "react";
import { CiChart } from "@/components/charts/ci-chart";
import { Heatmap } from "@/components/charts/heatmap";
import { countColor, formatPercent, winFractionColor } from "@/lib/leaderboard/format";
import type { LeaderboardResponse } from "@/lib/leaderboard/types";

/** Heatmap sizes offered (FastChat shows about 15–20 models). */
const TOP_N = [10, 15, 20, 30, 40];
export const DEFAULT_TOP_N = 20;

export function LeaderboardCharts({ board }: { board: LeaderboardResponse }) {
  const [topN, setTopN] = useState(DEFAULT_TOP_N);
  const counts = board.battleCounts;
  const maxCount = Math.max(0, ...counts.matrix.slice(0, topN).flatMap((r) => r.slice(0, topN)));
  const percent = (v: number | null) => (v === null ? "" : (v * 100).toFixed(0));
  return (
    <div className="space-y-8">
      <section className="space-y-1">
        <h2 className="text-sm font-medium text-zinc-700">
          {board.intervalsPending
            ? "Ratings (point fit; 95% confidence intervals computing…)"
            : `Ratings with 95% confidence intervals (${board.rounds} bootstrap rounds)`}
        </h2>
        <CiChart
          points={board.models.map((m) => ({ label: m.model, value: m.rating, lower: m.lower, upper: m.upper }))}
        />
      </section>
      <label className="flex items-center gap-2 text-sm">
        <span className="text-zinc-600">Heatmaps: top</span>
        <select
          value={topN}
          onChange={(e) => setTopN(Number(e.target.value))}
          className="rounded border border-zinc-300 px-2 py-1"
          data-testid="heatmap-top-n"
        >
          {TOP_N.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <span className="text-zinc-600">models by rating</span>
      </label>
      <div className="grid gap-6 xl:grid-cols-2">
        <Heatmap
          title="Observed: fraction of model A (row) wins against model B (column), ties excluded"
          labels={board.winFraction.models}
          matrix={board.winFraction.matrix}
          color={winFractionColor}
          cellText={percent}
          tooltip={(a, b, v) =>
            v === null
              ? `${a} vs ${b}: no decisive battles`
              : `${a} beat ${b} in ${formatPercent(v)} of decisive battles`
          }
          limit={topN}
          testId="leaderboard-winfraction"
        />
        <Heatmap
          title="Predicted from the ratings: probability that model A (row) beats model B (column)"
          labels={board.predictedWinRate.models}
          matrix={board.predictedWinRate.matrix}
          color={winFractionColor}
          cellText={percent}
          tooltip={(a, b, v) => `${a} is predicted to beat ${b} ${formatPercent(v)} of the time`}
          limit={topN}
          testId="leaderboard-predicted"
        />
      </div>
      <Heatmap
        title="Battles between each pair of models (ties included)"
        labels={counts.models}
        matrix={counts.matrix}
        color={(v) => countColor(v, maxCount)}
        cellText={(v) => (v > 0 ? (v >= 1000 ? `${Math.round(v / 1000)}k` : String(v)) : "")}
        tooltip={(a, b, v) => `${a} vs ${b}: ${v} battle${v === 1 ? "" : "s"}`}
        limit={topN}
        testId="leaderboard-battlecounts"
      />
    </div>
  );
}
