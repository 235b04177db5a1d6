"use client";
import type { ModelDescriptor } from "@/lib/models/descriptor";
import { toggleLocalModel, useArenaSettings } from "@/lib/stores/arena-settings";

/** Which in-browser models may take part in anonymous battles (persisted). */
export function ArenaLocalModels({ models }: { models: ModelDescriptor[] }) {
  const enabled = useArenaSettings((s) => s.enabledLocalIds);
  const allIds = models.map((m) => m.id);
  const on = new Set(enabled ?? allIds);
  return (
    <fieldset data-testid="arena-local-models" className="rounded-lg border border-zinc-200 px-3 py-2 text-sm">
      <legend className="px-1 text-xs text-zinc-500">In-browser models that may take part</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {models.map((m) => (
          <label key={m.id} className="flex items-center gap-1.5">
            <input
              type="checkbox"
              data-testid={`arena-local-toggle-${m.id}`}
              checked={on.has(m.id)}
              onChange={(e) => toggleLocalModel(m.id, e.target.checked, allIds)}
            />
            {m.displayName}
          </label>
        ))}
        {models.length === 0 && (
          <span className="text-zinc-500">No downloaded in-browser model on this device yet.</span>
        )}
        <a href="/models" className="text-xs text-zinc-500 underline">
          Download more on the Models page
        </a>
      </div>
    </fieldset>
  );
}
