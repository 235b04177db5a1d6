"use client";
import type { LeaderboardQuery } from "@/lib/leaderboard/types";

export interface FilterState {
  anony: boolean;
  excludeTies: boolean;
  minBattles: number;
  /** yyyy-mm-dd or "" */
  from: string;
  to: string;
}

export const DEFAULT_FILTERS: FilterState = { anony: true, excludeTies: false, minBattles: 0, from: "", to: "" };

/** The query string /api/leaderboard understands. */
export function filtersToSearch(f: FilterState, rounds: LeaderboardQuery["rounds"] = 100): string {
  const p = new URLSearchParams({
    anony: f.anony ? "1" : "0",
    excludeTies: f.excludeTies ? "1" : "0",
    minBattles: String(f.minBattles),
    rounds: String(rounds),
  });
  if (f.from) p.set("from", f.from);
  if (f.to) p.set("to", `${f.to}T23:59:59Z`);
  return p.toString();
}

export function LeaderboardFilters({ value, onChange, busy }: { value: FilterState; onChange: (f: FilterState) => void; busy: boolean }) {
  const set = <K extends keyof FilterState>(k: K, v: FilterState[K]) => onChange({ ...value, [k]: v });
  return (
    <form className="flex flex-wrap items-end gap-4 text-sm" onSubmit={(e) => e.preventDefault()} data-testid="leaderboard-filters">
      <fieldset className="flex overflow-hidden rounded border border-zinc-300">
        <legend className="sr-only">Battles</legend>
        {([[true, "Anonymous"], [false, "Named (all)"]] as const).map(([anony, label]) => (
          <button
            key={label}
            type="button"
            aria-pressed={value.anony === anony}
            onClick={() => set("anony", anony)}
            className={`px-3 py-1 ${value.anony === anony ? "bg-zinc-900 text-white" : "bg-white text-zinc-700 hover:bg-zinc-100"}`}
            data-testid={anony ? "filter-anonymous" : "filter-named"}
          >
            {label}
          </button>
        ))}
      </fieldset>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={value.excludeTies} onChange={(e) => set("excludeTies", e.target.checked)} data-testid="filter-exclude-ties" />
        Exclude ties
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-zinc-500">Min. battles</span>
        <input
          type="number"
          min={0}
          value={value.minBattles}
          onChange={(e) => set("minBattles", Math.max(0, Math.floor(Number(e.target.value) || 0)))}
          className="w-24 rounded border border-zinc-300 px-2 py-1"
          data-testid="filter-min-battles"
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-zinc-500">From</span>
        <input type="date" value={value.from} max={value.to || undefined} onChange={(e) => set("from", e.target.value)} className="rounded border border-zinc-300 px-2 py-1" data-testid="filter-from" />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-zinc-500">To</span>
        <input type="date" value={value.to} min={value.from || undefined} onChange={(e) => set("to", e.target.value)} className="rounded border border-zinc-300 px-2 py-1" data-testid="filter-to" />
      </label>
      {busy && <span className="text-xs text-zinc-500" role="status">Updating…</span>}
    </form>
  );
}
