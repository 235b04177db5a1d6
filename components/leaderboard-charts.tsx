"use client";
import { CiChart } from "@/components/charts/ci-chart";
import { Heatmap } from "@/components/charts/heatmap";
import { countColor, formatPercent, winFractionColor } from "@/lib/leaderboard/format";
import type { LeaderboardResponse } from "@/lib/leaderboard/types";

const HEATMAP_LIMIT = 40;

export function LeaderboardCharts({ board }: { board: LeaderboardResponse }) {
  const counts = board.battleCounts;
  const maxCount = Math.max(0, ...counts.matrix.slice(0, HEATMAP_LIMIT).flatMap((r) => r.slice(0, HEATMAP_LIMIT)));
  return (
    <div className="space-y-8">
      <section className="space-y-1">
        <h2 className="text-sm font-medium text-zinc-700">Ratings with 95% confidence intervals ({board.rounds} bootstrap rounds)</h2>
        <CiChart points={board.models.map((m) => ({ label: m.model, value: m.rating, lower: m.lower, upper: m.upper }))} />
      </section>
      <Heatmap
        title="Fraction of model A (row) wins against model B (column), ties excluded"
        labels={board.winFraction.models}
        matrix={board.winFraction.matrix}
        color={winFractionColor}
        cellText={(v) => (v === null ? "" : (v * 100).toFixed(0))}
        tooltip={(a, b, v) => (v === null ? `${a} vs ${b}: no decisive battles` : `${a} beat ${b} in ${formatPercent(v)} of decisive battles`)}
        limit={HEATMAP_LIMIT}
        testId="leaderboard-winfraction"
      />
      <Heatmap
        title="Battles between each pair of models (ties included)"
        labels={counts.models}
        matrix={counts.matrix}
        color={(v) => countColor(v, maxCount)}
        cellText={(v) => (v > 0 ? (v >= 1000 ? `${Math.round(v / 1000)}k` : String(v)) : "")}
        tooltip={(a, b, v) => `${a} vs ${b}: ${v} battle${v === 1 ? "" : "s"}`}
        limit={HEATMAP_LIMIT}
        testId="leaderboard-battlecounts"
      />
    </div>
  );
}
