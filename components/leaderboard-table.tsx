"use client";
import { useState } from "react";
import { formatCi, formatPercent, formatRating } from "@/lib/leaderboard/format";
import type { LeaderboardModel } from "@/lib/leaderboard/types";

const PAGE = 50;

function RankDelta({ d }: { d: number | null }) {
  if (d === null) return <span className="text-zinc-400">new</span>;
  if (d === 0) return <span className="text-zinc-500">0</span>;
  return <span className={d > 0 ? "text-emerald-700" : "text-red-700"}>{d > 0 ? `▲${d}` : `▼${-d}`}</span>;
}

function RunsOn({ m }: { m: LeaderboardModel }) {
  if (m.kind === "in-browser")
    return (
      <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-700" title={m.provider ?? undefined}>
        in-browser{m.provider ? ` · ${m.provider}` : ""}
      </span>
    );
  if (m.kind === "imported")
    return (
      <span
        className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600"
        title="Neither a configured remote model nor a known in-browser one (e.g. from an imported file)"
      >
        imported
      </span>
    );
  return <span className="rounded bg-sky-50 px-1.5 py-0.5 text-xs text-sky-700">{m.provider}</span>;
}

/**
 * `showDelta`: a category board, with each model's rank change against the overall board.
 * `intervalsPending`: a point-fit answer whose intervals the server is still computing.
 */
export function LeaderboardTable({
  models,
  showDelta = false,
  intervalsPending = false,
}: {
  models: LeaderboardModel[];
  showDelta?: boolean;
  intervalsPending?: boolean;
}) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(models.length / PAGE));
  const current = Math.min(page, pages - 1);
  const rows = models.slice(current * PAGE, current * PAGE + PAGE);
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto rounded border border-zinc-200">
        <table className="w-full min-w-[52rem] text-left text-sm" data-testid="leaderboard-table">
          <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500">
            <tr>
              <th className="px-3 py-2">Rank</th>
              {showDelta && (
                <th
                  className="px-3 py-2"
                  title="Rank change against the overall board (▲ = better in this category)"
                  data-testid="leaderboard-rank-delta-header"
                >
                  Δ rank
                </th>
              )}
              <th className="px-3 py-2">Model</th>
              <th className="px-3 py-2 text-right">Rating</th>
              <th className="px-3 py-2 text-right" title="95% bootstrap confidence interval">
                95% CI
              </th>
              <th className="px-3 py-2 text-right">Votes</th>
              <th className="px-3 py-2 text-right" title="Average win rate against the models it met (ties excluded)">
                Win rate
              </th>
              <th className="px-3 py-2">Runs on</th>
              <th className="px-3 py-2">Organisation</th>
              <th className="px-3 py-2">Licence</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.model} className="border-t border-zinc-100" data-testid="leaderboard-row" data-model={m.model}>
                <td className="px-3 py-1.5 tabular-nums" data-testid="leaderboard-rank">
                  {m.rank}
                </td>
                {showDelta && (
                  <td
                    className="px-3 py-1.5 tabular-nums"
                    data-testid="leaderboard-rank-delta"
                    data-delta={m.rankDelta ?? ""}
                  >
                    <RankDelta d={m.rankDelta} />
                  </td>
                )}
                <td className="max-w-[14rem] truncate px-3 py-1.5 font-medium sm:max-w-[20rem]" title={m.model}>
                  {m.model}
                </td>
                <td className="px-3 py-1.5 text-right tabular-nums" data-testid="leaderboard-rating">
                  {formatRating(m.rating)}
                </td>
                <td className="px-3 py-1.5 text-right tabular-nums text-zinc-600">
                  {intervalsPending ? "computing…" : formatCi(m.rating, m.lower, m.upper)}
                </td>
                <td className="px-3 py-1.5 text-right tabular-nums" data-testid="leaderboard-votes">
                  {m.battles}
                </td>
                <td className="px-3 py-1.5 text-right tabular-nums">{formatPercent(m.winRate)}</td>
                <td className="px-3 py-1.5" data-testid="leaderboard-runs-on">
                  <RunsOn m={m} />
                </td>
                <td className="px-3 py-1.5 text-zinc-600">{m.organization ?? "–"}</td>
                <td className="px-3 py-1.5 text-zinc-600">{m.license ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav
          className="flex items-center gap-2 text-sm"
          aria-label="Leaderboard pages"
          data-testid="leaderboard-pagination"
        >
          <button
            type="button"
            disabled={current === 0}
            onClick={() => setPage(current - 1)}
            className="rounded border px-2 py-0.5 disabled:opacity-40"
          >
            Previous
          </button>
          <span className="text-zinc-600">
            Page {current + 1} of {pages} ({models.length} models)
          </span>
          <button
            type="button"
            disabled={current >= pages - 1}
            onClick={() => setPage(current + 1)}
            className="rounded border px-2 py-0.5 disabled:opacity-40"
          >
            Next
          </button>
        </nav>
      )}
    </div>
  );
}
