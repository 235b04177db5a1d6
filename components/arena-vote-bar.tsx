"use client";
import type { Winner } from "@/lib/rating/types";

const CHOICES: Array<{ winner: Winner; label: string; testId: string }> = [
  { winner: "model_a", label: "A is better", testId: "vote-a" },
  { winner: "model_b", label: "B is better", testId: "vote-b" },
  { winner: "tie", label: "Tie", testId: "vote-tie" },
  { winner: "tie (bothbad)", label: "Both are bad", testId: "vote-bothbad" },
];

/** The four FastChat verdicts; `reason` (shown above the buttons) says why they are disabled, e.g. a failed side. */
export function ArenaVoteBar({
  disabled,
  reason,
  chosen,
  onVote,
}: {
  disabled: boolean;
  reason?: string;
  chosen?: Winner;
  onVote: (w: Winner) => void;
}) {
  return (
    <div className="flex flex-col gap-1">
      {reason && (
        <p data-testid="arena-vote-disabled" role="status" className="text-sm text-amber-800">
          {reason}
        </p>
      )}
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="arena-vote-bar">
        {CHOICES.map((c) => (
          <button
            key={c.winner}
            type="button"
            data-testid={c.testId}
            disabled={disabled}
            aria-pressed={chosen === c.winner}
            data-chosen={chosen === c.winner ? "1" : undefined}
            onClick={() => onVote(c.winner)}
            className={`rounded-md border px-3 py-2 text-sm hover:bg-zinc-50 disabled:cursor-not-allowed ${chosen === c.winner ? "border-zinc-900 font-medium" : "border-zinc-300 disabled:opacity-40"}`}
          >
            {c.label}
          </button>
        ))}
      </div>
    </div>
  );
}
