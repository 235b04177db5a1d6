"use client";
import type { Winner } from "@/lib/votes/types";

const CHOICES: Array<{ winner: Winner; label: string; testId: string }> = [
  { winner: "model_a", label: "👈 A is better", testId: "vote-a" },
  { winner: "model_b", label: "👉 B is better", testId: "vote-b" },
  { winner: "tie", label: "🤝 Tie", testId: "vote-tie" },
  { winner: "tie (bothbad)", label: "👎 Both are bad", testId: "vote-bothbad" },
];

export function ArenaVoteBar({ disabled, onVote }: { disabled: boolean; onVote: (w: Winner) => void }) {
  return (
    <div className="grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="arena-vote-bar">
      {CHOICES.map((c) => (
        <button
          key={c.winner}
          type="button"
          data-testid={c.testId}
          disabled={disabled}
          onClick={() => onVote(c.winner)}
          className="rounded-md border border-zinc-300 px-3 py-2 text-sm hover:bg-zinc-50 disabled:cursor-not-allowed disabled:opacity-40"
        >
          {c.label}
        </button>
      ))}
    </div>
  );
}
