"use client";
import { useShallow } from "zustand/react/shallow";
import { useGeneration } from "@/lib/stores/generation";

/** Model load progress while the engine for the current turn is loading. */
export function ChatLoadProgress({ conversationId }: { conversationId: string | null }) {
  const { phase, progress, mine } = useGeneration(
    useShallow((s) => ({ phase: s.phase, progress: s.progress, mine: s.conversationId === conversationId })),
  );
  if (!mine || phase !== "loading") return null;
  const pct = progress?.progress !== undefined ? Math.round(progress.progress * 100) : undefined;
  return (
    <div
      data-testid="load-progress"
      role="status"
      className="border-b border-zinc-200 bg-zinc-50 px-4 py-2 text-xs text-zinc-600"
    >
      <div className="flex justify-between gap-2">
        <span className="truncate">{progress?.text ?? "Loading model…"}</span>
        {pct !== undefined && <span>{pct}%</span>}
      </div>
      <div className="mt-1 h-1 overflow-hidden rounded bg-zinc-200">
        <div className="h-full bg-zinc-700 transition-[width]" style={{ width: `${pct ?? 5}%` }} />
      </div>
    </div>
  );
}
