"use client";
import type { LeaderboardQuery } from "@/lib/leaderboard/types";

export interface FilterState {
  anony: boolean;
  excludeTies: boolean;
  minBattles: number;
  /** yyyy-mm-dd or "" */
  from: string;
  to: string;
  /** Style-controlled ratings (on by default, as on lmarena.ai). */
  style: boolean;
  /** "" = overall. */
  category: string;
}

export const DEFAULT_FILTERS: FilterState = {
  anony: true,
  excludeTies: false,
  minBattles: 0,
  from: "",
  to: "",
  style: true,
  category: "",
};

/** Display names for the built-in categories (languages are shown capitalised). */
const CATEGORY_LABELS: Record<string, string> = {
  coding: "Coding",
  math: "Math",
  hard_prompt: "Hard prompts",
  long_query: "Longer query",
  multi_turn: "Multi-turn",
  creative_writing: "Creative writing",
  instruction_following: "Instruction following",
};
export const categoryLabel = (c: string) => CATEGORY_LABELS[c] ?? c.charAt(0).toUpperCase() + c.slice(1);

/** The query string /api/leaderboard understands. */
export function filtersToSearch(f: FilterState, rounds: LeaderboardQuery["rounds"] = 100): string {
  const p = new URLSearchParams({
    anony: f.anony ? "1" : "0",
    excludeTies: f.excludeTies ? "1" : "0",
    minBattles: String(f.minBattles),
    rounds: String(rounds),
    style: f.style ? "1" : "0",
  });
  if (f.category) p.set("category", f.category);
  if (f.from) p.set("from", f.from);
  if (f.to) p.set("to", `${f.to}T23:59:59Z`);
  return p.toString();
}

export function LeaderboardFilters({
  value,
  onChange,
  busy,
  categories = [],
}: {
  value: FilterState;
  onChange: (f: FilterState) => void;
  busy: boolean;
  /** Categories with votes, for the selector. */
  categories?: Array<{ name: string; votes: number }>;
}) {
  const options =
    categories.some((c) => c.name === value.category) || !value.category
      ? categories
      : [...categories, { name: value.category, votes: 0 }];
  const set = <K extends keyof FilterState>(k: K, v: FilterState[K]) => onChange({ ...value, [k]: v });
  return (
    <form
      className="flex flex-wrap items-end gap-4 text-sm"
      onSubmit={(e) => e.preventDefault()}
      data-testid="leaderboard-filters"
    >
      <fieldset className="flex overflow-hidden rounded border border-zinc-300">
        <legend className="sr-only">Battles</legend>
        {(
          [
            [true, "Anonymous"],
            [false, "Named (all)"],
          ] as const
        ).map(([anony, label]) => (
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
      <label
        className="flex items-center gap-2"
        title="Control for answer length and markdown (headers, lists, bold), as lmarena.ai's default view"
      >
        <input
          type="checkbox"
          role="switch"
          aria-checked={value.style}
          checked={value.style}
          onChange={(e) => set("style", e.target.checked)}
          data-testid="filter-style-control"
        />
        Style control
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-zinc-500">Category</span>
        <select
          value={value.category}
          onChange={(e) => set("category", e.target.value)}
          className="rounded border border-zinc-300 px-2 py-1"
          data-testid="filter-category"
        >
          <option value="">Overall</option>
          {options.map((c) => (
            <option key={c.name} value={c.name}>
              {categoryLabel(c.name)} ({c.votes})
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={value.excludeTies}
          onChange={(e) => set("excludeTies", e.target.checked)}
          data-testid="filter-exclude-ties"
        />
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
        <input
          type="date"
          value={value.from}
          max={value.to || undefined}
          onChange={(e) => set("from", e.target.value)}
          className="rounded border border-zinc-300 px-2 py-1"
          data-testid="filter-from"
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-zinc-500">To</span>
        <input
          type="date"
          value={value.to}
          min={value.from || undefined}
          onChange={(e) => set("to", e.target.value)}
          className="rounded border border-zinc-300 px-2 py-1"
          data-testid="filter-to"
        />
      </label>
      {busy && (
        <span className="text-xs text-zinc-500" role="status">
          Updating…
        </span>
      )}
    </form>
  );
}
