"use client";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { LeaderboardCharts } from "@/components/leaderboard-charts";
import { LeaderboardDownloads } from "@/components/leaderboard-downloads";
import {
  DEFAULT_FILTERS,
  filtersToSearch,
  LeaderboardFilters,
  type FilterState,
} from "@/components/leaderboard-filters";
import { LeaderboardStyle } from "@/components/leaderboard-style";
import { LeaderboardTable } from "@/components/leaderboard-table";
import { fetchJson, JoustError, type SerializedError } from "@/lib/errors";
import type { LeaderboardResponse } from "@/lib/leaderboard/types";

function formatUpdated(iso: string): string {
  return `${iso.replace("T", " ").slice(0, 19)} UTC`;
}

function formatAge(s: number): string {
  if (s < 60) return `${Math.round(s)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

const INTERVALS_POLL_MS = 5000;

/** Filters + summary + table + charts; refetches /api/leaderboard when filters change or on "Refresh". */
export function LeaderboardView({
  initial,
  initialError,
}: {
  initial: LeaderboardResponse | null;
  initialError: SerializedError | null;
}) {
  const [filters, setFilters] = useState<FilterState>(DEFAULT_FILTERS);
  const [board, setBoard] = useState(initial);
  const [error, setError] = useState<SerializedError | null>(initialError);
  const [busy, setBusy] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const first = useRef(true);

  const load = useCallback(async (f: FilterState) => {
    abort.current?.abort();
    const ctrl = new AbortController();
    abort.current = ctrl;
    setBusy(true);
    try {
      const next = await fetchJson<LeaderboardResponse>(`/api/leaderboard?${filtersToSearch(f)}`, {
        signal: ctrl.signal,
        cache: "no-store",
      });
      setBoard(next);
      setError(null);
    } catch (e) {
      const err = JoustError.from(e, "internal:leaderboard");
      if (err.type !== "aborted") setError(err.toJSON());
    } finally {
      if (abort.current === ctrl) setBusy(false);
    }
  }, []);

  useEffect(() => {
    if (first.current && initial) {
      first.current = false; // the server already rendered the default view
      return;
    }
    first.current = false;
    const t = setTimeout(() => void load(filters), 250); // debounce typing in "min battles"
    return () => clearTimeout(t);
  }, [filters, load, initial]);

  // A point-fit answer (its bootstrap intervals still computing on the server): ask again until they are in.
  useEffect(() => {
    if (!board?.intervalsPending) return;
    const t = setTimeout(() => void load(filters), INTERVALS_POLL_MS);
    return () => clearTimeout(t);
  }, [board, filters, load]);

  useEffect(() => {
    const onFocus = () => document.visibilityState === "visible" && void load(filters);
    document.addEventListener("visibilitychange", onFocus);
    return () => document.removeEventListener("visibilitychange", onFocus);
  }, [filters, load]);

  return (
    <div className="space-y-6">
      <LeaderboardFilters value={filters} onChange={setFilters} busy={busy} categories={board?.categories} />
      <div
        className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-zinc-600"
        data-testid="leaderboard-summary"
      >
        {board && (
          <>
            <span data-testid="leaderboard-total-votes">{board.totalVotes} votes in total</span>
            <span>{board.countedBattles} battles rated in this view</span>
            <span data-testid="leaderboard-trust" data-client-attested={board.clientAttested ? "1" : "0"}>
              {board.clientAttested
                ? "Includes client-attested votes (battles with an in-browser model, whose answers the server never saw)"
                : "Server-verified votes only (battles with an in-browser model are not rated)"}
            </span>
            <span data-testid="leaderboard-updated">Last updated {formatUpdated(board.updatedAt)}</span>
            <span data-testid="leaderboard-age" data-stale={board.stale ? "1" : "0"}>
              ({formatAge(board.ageSeconds)}
              {board.stale ? "; newer votes are being counted, refresh shortly" : ""})
            </span>
            {board.intervalsPending && (
              <span data-testid="leaderboard-intervals-pending" className="text-amber-700">
                Ratings from the point fit; 95% intervals computing…
              </span>
            )}
          </>
        )}
        <button
          type="button"
          onClick={() => void load(filters)}
          className="rounded border border-zinc-300 px-2 py-0.5 hover:bg-zinc-100"
          data-testid="leaderboard-refresh"
        >
          Refresh
        </button>
        <LeaderboardDownloads />
      </div>
      {board?.unrated && (
        <p
          role="status"
          data-testid="leaderboard-unrated"
          className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
        >
          Not rated yet (never compared with the rated models): {board.unrated.models.join(", ")}. Battles between these
          groups will bring them onto the same scale.
        </p>
      )}
      {error && (
        <div
          role="alert"
          className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
          data-testid="leaderboard-error"
          data-code={error.code}
        >
          {error.code === "unsupported:leaderboard"
            ? "These battles cannot be rated together. "
            : "The leaderboard could not be loaded. "}
          {error.message}
        </div>
      )}
      {board && !error && board.models.length === 0 && (
        <div
          className="rounded border border-dashed border-zinc-300 p-8 text-center text-zinc-600"
          data-testid="leaderboard-empty"
        >
          {board.totalVotes === 0 ? (
            <>
              <p className="font-medium text-zinc-800">No votes yet.</p>
              <p className="mt-1 text-sm">
                Ratings appear here once people vote in the{" "}
                <Link href="/arena" className="underline">
                  arena
                </Link>
                .
              </p>
            </>
          ) : (
            <p>No battles match these filters.</p>
          )}
        </div>
      )}
      {board && !error && board.models.length > 0 && (
        <>
          {board.style && <LeaderboardStyle style={board.style} intervalsPending={!!board.intervalsPending} />}
          <LeaderboardTable
            models={board.models}
            showDelta={!!board.query.category}
            intervalsPending={!!board.intervalsPending}
          />
          <LeaderboardCharts board={board} />
        </>
      )}
    </div>
  );
}
